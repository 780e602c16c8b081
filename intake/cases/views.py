"""The clinician's case pages (/cases/): caseload, overview, intake assessment, phase, status.

Notes live in note_views.py; other features attach their tabs to this same blueprint."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from intake import audit, vocabulary
from intake.cases import activity  # noqa: F401  (registers this feature's timeline providers)
from intake.cases import queries, services
from intake.cases.access import own_case_or_404
from intake.cases.forms import AssessmentForm, DischargeForm, ReadinessForm, ReturnForm, StatusForm
from intake.cases.timeline import entries_for
from intake.cases.workflow import (READINESS_ITEMS, RETURN_REASONS, CaseStatus, DomainError,
                                   ReadinessReview, ReviewItem, note_kind_label, status_label)
from intake.extensions import csrf, db

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.context_processor
def vocabulary_helpers():
    """Labels for the coded answers shown on the case pages."""
    return {"label": vocabulary.label, "vocab": vocabulary, "phase_title": activity.phase_title,
            "readiness_items": READINESS_ITEMS, "return_reasons": RETURN_REASONS,
            "note_kind_label": note_kind_label, "status_label": status_label}

# These forms check their own CSRF token (FlaskForm) instead of the app-wide guard, so a form
# that expired while someone typed comes back with the text in it and a message, not a bare 400.
keeps_typed_text = csrf.exempt

STALE = ("Someone saved a change to this case after you opened the page. The page now shows "
         "the current state; what you typed is still in the form.")


def open_case(public_id: str, section: str):
    """The signed-in clinician's case (else 404), with the read audited."""
    case = own_case_or_404(public_id, current_user)
    services.record_view(case, actor=current_user, section=section)
    return case


def show(template: str, case, status: int = 200, **context):
    """Render, then commit the audited read: nothing is shown unless its audit row is saved,
    and committing after rendering keeps the loaded rows from expiring mid-template."""
    page = render_template(template, case=case, **context)
    db.session.commit()
    return page, status


def attempt(change) -> DomainError | None:
    """Run one service call and commit; on a domain error or a lost race, roll back and say why."""
    try:
        change()
        db.session.commit()
        return None
    except DomainError as exc:
        db.session.rollback()
        return exc
    except (StaleDataError, IntegrityError):  # a concurrent save won at the database
        db.session.rollback()
        return services.StaleEdit(STALE)


def refused(public_id: str, section: str, template: str, problem: DomainError, form, *,
            fresh_version=lambda case: case.version, context=lambda case: {}):
    """Re-render a form after a refusal: fresh state from the database, typed values kept.

    After a lost race the form takes the current version, so sending it again is a
    deliberate choice made with the current state in view. `context(case)` is read from the
    same fresh case (one audited read)."""
    case = open_case(public_id, section)
    stale = isinstance(problem, services.StaleEdit)
    if stale:
        form.version.data = fresh_version(case)
    flash(str(problem), "error")
    return show(template, case, 409 if stale else 422, form=form, stale=stale, **context(case))


@bp.get("/")
def caseload():
    phase, status = request.args.get("phase") or None, request.args.get("status") or "open"
    rows = queries.caseload(current_user.id, phase=phase, status=status)
    audit.record(current_user, "case.caseload.viewed", detail=f"count={len(rows)}")
    db.session.commit()
    return render_template("cases/caseload.html", rows=rows, phase=phase, status=status,
                           status_filters=queries.STATUS_FILTERS)


@bp.get("/<public_id>")
def detail(public_id):
    case = open_case(public_id, "overview")
    # Imported here: the plan and safety-plan modules attach their routes to this blueprint.
    from intake.cases.plans.queries import plan_summary
    from intake.cases.safety.queries import has_plan
    return show("cases/detail.html", case, timeline=entries_for(case),
                plan=plan_summary(case), has_safety_plan=has_plan(case.id))


# --- Intake assessment ---------------------------------------------------------------------

def _assessment_form(case) -> AssessmentForm:
    current = case.assessment
    form = AssessmentForm(obj=current) if request.method == "GET" and current else AssessmentForm()
    if request.method == "GET":
        form.version.data = current.number if current else 0
    return form


@bp.route("/<public_id>/assessment", methods=["GET", "POST"])
@keeps_typed_text
def assessment(public_id):
    case = open_case(public_id, "assessment")
    form = _assessment_form(case)
    if not form.validate_on_submit():
        return show("cases/assessment.html", case, 422 if form.errors else 200, form=form)
    fields = services.AssessmentFields(**{name: form[name].data or None for name in (
        "presenting_concerns", "cycle_stage", "contact_status", "support_network",
        "risk_summary")}, patterns=form.patterns.data or [])
    problem = attempt(lambda: services.save_assessment(case, fields, actor=current_user,
                                                       based_on=form.version.data))
    if problem:
        return refused(public_id, "assessment", "cases/assessment.html", problem, form,
                       fresh_version=lambda case: case.assessment.number if case.assessment else 0)
    flash("Intake assessment saved.", "success")
    return redirect(url_for("cases.detail", public_id=public_id, _anchor="assessment"), 303)


@bp.get("/<public_id>/assessment/<int:number>")
def assessment_revision(public_id, number):
    """An earlier version of the intake assessment, read-only."""
    case = open_case(public_id, "assessment_revision")
    revision = next((r for r in case.assessments if r.number == number), None)
    if revision is None:
        abort(404)
    return show("cases/assessment_revision.html", case, revision=revision)


# --- Phase ---------------------------------------------------------------------------------

def _review_from(form: ReadinessForm) -> ReadinessReview:
    items = tuple(ReviewItem(code=code, met={"yes": True, "no": False}.get(met.data),
                             comment=comment.data or "")
                  for (code, _), (met, comment) in zip(READINESS_ITEMS, form.items()))
    return ReadinessReview(items=items, override=form.override.data or "")


def case_form(public_id: str, *, section: str, form_class, template: str, change, done: str,
              anchor: str | None = None, prepare=None, context=lambda case: {}):
    """Every case-level form has this shape: show it, validate, run one service with the
    version the form was opened on, commit, flash, 303 back to the case. `context(case)`
    adds what the page shows beside the form."""
    case = open_case(public_id, section)
    form = form_class()
    if request.method == "GET":
        form.version.data = case.version
        if prepare is not None:
            prepare(case, form)
    if not form.validate_on_submit():
        return show(template, case, 422 if form.errors else 200, form=form, **context(case))
    problem = attempt(lambda: change(case, form))
    if problem:
        return refused(public_id, section, template, problem, form, context=context)
    flash(done, "success")
    return redirect(url_for("cases.detail", public_id=public_id, _anchor=anchor), 303)


@bp.route("/<public_id>/phase/processing", methods=["GET", "POST"])
@keeps_typed_text
def readiness(public_id):
    return case_form(
        public_id, section="readiness", form_class=ReadinessForm, template="cases/readiness.html",
        change=lambda case, form: services.move_to_processing(
            case, _review_from(form), actor=current_user, rationale=form.rationale.data,
            expected_version=form.version.data),
        done="Readiness review recorded. The case is now in processing.", anchor="phase",
        context=_safety_plan_on_file)


def _safety_plan_on_file(case) -> dict:
    """Beside "A safety plan is in place": whether the record holds one, and which."""
    from intake.cases.safety.queries import plan_for

    plan = plan_for(case)
    return {"safety_plan": plan.current if plan is not None else None}


@bp.route("/<public_id>/phase/stabilization", methods=["GET", "POST"])
@keeps_typed_text
def stabilize(public_id):
    return case_form(
        public_id, section="phase", form_class=ReturnForm, template="cases/stabilize.html",
        change=lambda case, form: services.return_to_stabilization(
            case, actor=current_user, reason=form.reason.data, text=form.text.data,
            expected_version=form.version.data),
        done="The case is back in stabilization.", anchor="phase")


# --- Status --------------------------------------------------------------------------------

STATUS_DONE = {CaseStatus.ON_HOLD: "The case is on hold.", CaseStatus.ACTIVE: "The case is active."}


def _target_from_link(case, form):
    form.target.data = request.args.get("to", CaseStatus.ON_HOLD)


@bp.route("/<public_id>/status", methods=["GET", "POST"])
@keeps_typed_text
def status(public_id):
    return case_form(
        public_id, section="status", form_class=StatusForm, template="cases/status.html",
        prepare=_target_from_link,
        change=lambda case, form: services.change_status(
            case, form.target.data, actor=current_user, expected_version=form.version.data,
            comment=form.comment.data),
        done=STATUS_DONE.get(request.form.get("target"), "Status changed."))


def _draft_summary(case, form):
    draft = services.draft_discharge_summary(case, current_user)
    form.summary.data = draft.body if draft else ""


@bp.route("/<public_id>/discharge", methods=["GET", "POST"])
@keeps_typed_text
def discharge(public_id):
    return case_form(
        public_id, section="discharge", form_class=DischargeForm, template="cases/discharge.html",
        prepare=_draft_summary,
        change=lambda case, form: services.discharge(
            case, actor=current_user, reason=form.reason.data, summary=form.summary.data,
            expected_version=form.version.data),
        done="The case is discharged and the discharge summary is signed.")


from intake.cases import note_views  # noqa: E402,F401  (the Notes tab's routes on this blueprint)
