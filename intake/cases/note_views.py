"""The Notes tab: write, save and sign notes, and add addenda to signed ones.

Like the other case forms these check their own CSRF token (keeps_typed_text), so a form that
expired while a note was being written comes back with the text still in it."""
from flask import abort, flash, jsonify, redirect, request, url_for
from flask_login import current_user

from intake.cases import queries, services
from intake.cases.access import own_case_or_404
from intake.cases.forms import NOTE_MAX, AddendumForm, DraftForm, NewNoteForm
from intake.cases.workflow import NoteKind
from intake.cases.views import attempt, bp, keeps_typed_text, open_case, show
from intake.templating import local_time

NOTE_PAGE = "cases/note.html"


@bp.get("/<public_id>/notes")
def notes(public_id):
    case = open_case(public_id, "notes")
    return show("cases/notes.html", case, notes=queries.notes_for(case))


@bp.route("/<public_id>/notes/new", methods=["GET", "POST"])
@keeps_typed_text
def new_note(public_id):
    case = open_case(public_id, "notes")
    form = NewNoteForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "progress")
    if not form.validate_on_submit():
        return show("cases/note_new.html", case, 422 if form.errors else 200, form=form)
    created = {}

    def create():
        note = services.start_note(case, form.kind.data, form.body.data or "", actor=current_user)
        if "sign" in request.form:
            services.sign_note(note, actor=current_user, expected_version=None)
        created["note"] = note

    problem = attempt(create)
    if problem:
        flash(str(problem), "error")
        return show("cases/note_new.html", open_case(public_id, "notes"), 422, form=form)
    flash("Note signed." if "sign" in request.form else "Draft saved.", "success")
    return redirect(url_for("cases.note", public_id=public_id, note_id=created["note"].public_id), 303)


def _note_or_404(case, note_id):
    note = queries.note_of_case(case, note_id)
    if note is None:
        abort(404)
    return note


def _note_page(case, note, status=200, *, draft_form=None, addendum_form=None, saved_body=None):
    if draft_form is None and not note.signed:
        draft_form = DraftForm(formdata=None, body=note.body, version=note.version)
    return show(NOTE_PAGE, case, status, note=note, draft_form=draft_form,
                addendum_form=addendum_form or AddendumForm(formdata=None), saved_body=saved_body)


@bp.route("/<public_id>/notes/<note_id>", methods=["GET", "POST"])
@keeps_typed_text
def note(public_id, note_id):
    case = open_case(public_id, "note")
    note = _note_or_404(case, note_id)
    if request.method == "GET":
        return _note_page(case, note)
    form = DraftForm()
    if not form.validate_on_submit():
        return _note_page(case, note, 422, draft_form=form)
    signing = "sign" in request.form
    change = services.sign_note if signing else services.save_draft
    problem = attempt(lambda: change(note, body=form.body.data or "", actor=current_user,
                                     expected_version=form.version.data))
    if problem:
        return _refused_draft(public_id, note_id, form, problem)
    flash("Note signed. It can no longer change; corrections are addenda." if signing
          else "Draft saved.", "success")
    return redirect(url_for("cases.note", public_id=public_id, note_id=note_id), 303)


@bp.post("/<public_id>/notes/<note_id>/discard")
@keeps_typed_text
def discard_note(public_id, note_id):
    """The note form's "Discard the draft" button: it sends the form's own version, which
    autosave keeps current, so only a draft changed elsewhere is refused."""
    case = open_case(public_id, "note")
    note = _note_or_404(case, note_id)
    form = DraftForm()
    if not form.validate_on_submit():
        return _note_page(case, note, 422, draft_form=form)
    problem = attempt(lambda: services.discard_draft(note, actor=current_user,
                                                     expected_version=form.version.data))
    if problem:
        return _refused_draft(public_id, note_id, form, problem)
    flash("Draft discarded.", "success")
    return redirect(url_for("cases.notes", public_id=public_id), 303)


def _refused_draft(public_id, note_id, form, problem):
    """Keep what was typed; show the saved text beside it when someone else saved first."""
    case = open_case(public_id, "note")
    note = _note_or_404(case, note_id)
    stale = isinstance(problem, services.StaleEdit)
    if stale:
        form.version.data = note.version
    flash(str(problem), "error")
    if note.signed:  # signed meanwhile (another tab): what was typed goes into an addendum
        return _note_page(case, note, 409 if stale else 422,
                          addendum_form=AddendumForm(formdata=None, body=form.body.data))
    return _note_page(case, note, 409 if stale else 422, draft_form=form,
                      saved_body=note.body if stale else None)


@bp.post("/<public_id>/notes/<note_id>/addenda")
@keeps_typed_text
def addendum(public_id, note_id):
    case = open_case(public_id, "note")
    note = _note_or_404(case, note_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        return _note_page(case, note, 422, addendum_form=form)
    problem = attempt(lambda: services.add_addendum(note, actor=current_user,
                                                    reason=form.reason.data, body=form.body.data))
    if problem:
        flash(str(problem), "error")
        case = open_case(public_id, "note")
        return _note_page(case, _note_or_404(case, note_id), 422, addendum_form=form)
    flash("Addendum added.", "success")
    return redirect(url_for("cases.note", public_id=public_id, note_id=note_id,
                            _anchor="addenda"), 303)


# --- Autosave ------------------------------------------------------------------------------
# The browser saves a draft quietly while the clinician types (static/cases-autosave.js), so
# a closed tab or an ended session loses a few seconds of writing at most. JSON in and out;
# the app-wide CSRF guard checks the X-CSRFToken header.

def _saved(note, status=200, **extra):
    return jsonify(version=note.version, saved_at=local_time(note.updated_at), **extra), status


@bp.post("/<public_id>/notes/<note_id>/autosave")
def autosave(public_id, note_id):
    case = own_case_or_404(public_id, current_user)
    note = _note_or_404(case, note_id)
    payload = request.get_json(silent=True) or {}
    body, version = payload.get("body"), payload.get("version")
    if not isinstance(body, str) or len(body) > NOTE_MAX or not isinstance(version, int):
        return jsonify(error="This draft could not be saved automatically."), 400
    problem = attempt(lambda: services.save_draft(note, body, actor=current_user,
                                                  expected_version=version))
    if problem:
        return jsonify(error=f"Not saved automatically: {problem}"), 409
    return _saved(note)


@bp.post("/<public_id>/notes/autosave")
def autosave_new(public_id):
    """The first autosave of a note not yet saved: it becomes a draft, and the page's form
    is pointed at that draft from then on."""
    case = own_case_or_404(public_id, current_user)
    payload = request.get_json(silent=True) or {}
    body, kind = payload.get("body"), payload.get("kind") or NoteKind.PROGRESS
    if not isinstance(body, str) or len(body) > NOTE_MAX or not body.strip():
        return jsonify(error="This draft could not be saved automatically."), 400
    created = {}
    problem = attempt(lambda: created.setdefault(
        "note", services.start_note(case, kind, body, actor=current_user)))
    if problem:
        return jsonify(error=f"Not saved automatically: {problem}"), 409
    note = created["note"]
    return _saved(note, 201,
                  action=url_for("cases.note", public_id=public_id, note_id=note.public_id),
                  autosave=url_for("cases.autosave", public_id=public_id, note_id=note.public_id))
