"""/admin/: staff accounts, practice settings and the audit log (admins only)."""
import secrets
from datetime import datetime, time, timedelta
from zoneinfo import available_timezones

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from intake import audit
from intake.admin import queries, services
from intake.admin.forms import (ActivationForm, AuditFilterForm, EditStaffForm, NewStaffForm,
                                ResetPasswordForm, SettingsForm)
from intake.extensions import db
from intake.practice import services as practice
from intake.scheduling.views import flash_outcome

bp = Blueprint("admin", __name__, url_prefix="/admin")

STALE = ("Someone else changed this account while you were editing. This is how it is now; "
         "make your change again if it is still needed.")


@bp.get("/")
def index():
    return render_template("admin/index.html", attention=queries.attention())


# -- staff ------------------------------------------------------------------------------

@bp.get("/users")
def users():
    return render_template("admin/users.html", people=queries.staff())


def _suggested_password() -> str:
    """A passphrase-like suggestion, made fresh for each page and never stored."""
    return "-".join(secrets.token_urlsafe(5) for _ in range(3))


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewStaffForm()
    if form.validate_on_submit():
        try:
            person = services.add_staff(email=form.email.data, display_name=form.display_name.data,
                                        roles=set(form.roles.data),
                                        temporary_password=form.temporary_password.data,
                                        actor=current_user)
        except services.AccountError as exc:
            db.session.rollback()
            _attach(form, str(exc))
        else:
            db.session.commit()
            flash(f"{person.display_name} can now sign in with the temporary password; "
                  "they will be asked to choose their own.", "success")
            return redirect(url_for(".user", public_id=person.public_id), code=303)
    return render_template("admin/new_user.html", form=form, suggestion=_suggested_password()), \
        422 if form.errors else 200


def _attach(form: NewStaffForm, message: str) -> None:
    """Put the service's refusal beside the field it concerns."""
    lowered = message.lower()
    target = (form.email if "email" in lowered
              else form.roles if "role" in lowered else form.temporary_password)
    target.errors = [*target.errors, message]


def _person_or_404(public_id: str):
    person = queries.find_staff(public_id)
    if person is None:
        abort(404)
    return person


def _edit_form(person, formdata=None) -> EditStaffForm:
    return EditStaffForm(formdata=formdata, data={"display_name": person.display_name,
                                                  "roles": sorted(person.roles),
                                                  "version": str(person.version)})


def _user_page(person, status=200, *, edit=None, reset=None, notice=None):
    version = {"version": str(person.version)}
    return render_template(
        "admin/user.html", person=person, notice=notice,
        edit=edit or _edit_form(person),
        reset=reset or ResetPasswordForm(formdata=None, prefix="reset", data=version),
        activation=ActivationForm(formdata=None, prefix="activation", data=version),
        is_self=person.id == current_user.id), status


def _stale(public_id: str):
    db.session.rollback()
    person = _person_or_404(public_id)
    return _user_page(person, 409, notice=STALE)


def _account_change(public_id: str, form, field_name: str, apply, done: str, page_slot: str):
    """Validate `form`, apply the change, commit, flash `done`; a refusal goes beside the
    named field, a stale version shows the fresh account (409)."""
    if form.validate_on_submit():
        try:
            outcome = apply(form)
        except services.StaleEdit:
            return _stale(public_id)
        except services.AccountError as exc:
            db.session.rollback()
            field = getattr(form, field_name)
            field.errors = [*field.errors, str(exc)]
        else:
            db.session.commit()
            flash_outcome(outcome, done)
            return redirect(url_for(".user", public_id=public_id), code=303)
    return _user_page(_person_or_404(public_id), 422, **{page_slot: form})


@bp.route("/users/<public_id>", methods=["GET", "POST"])
def user(public_id):
    person = _person_or_404(public_id)
    if request.method == "GET":
        return _user_page(person)
    return _account_change(public_id, EditStaffForm(), "roles", lambda form: services.update_staff(
        person, display_name=form.display_name.data, roles=set(form.roles.data),
        expected_version=form.expected_version, actor=current_user), "Saved.", "edit")


@bp.post("/users/<public_id>/password")
def reset_password(public_id):
    person = _person_or_404(public_id)
    return _account_change(
        public_id, ResetPasswordForm(prefix="reset"), "temporary_password",
        lambda form: services.reset_password(
            person, temporary_password=form.temporary_password.data,
            expected_version=form.expected_version, actor=current_user),
        "Temporary password set; their sessions have ended and they must choose a new "
        "password at next sign-in.", "reset")


def _button_change(public_id: str, change, done: str):
    """A one-button change (deactivate, reactivate, reset two-step sign-in): the form holds
    only the CSRF token and the version the page showed."""
    person = _person_or_404(public_id)
    form = ActivationForm(prefix="activation")
    if not form.validate_on_submit():
        abort(400)
    try:
        outcome = change(person, expected_version=form.expected_version, actor=current_user)
    except services.StaleEdit:
        return _stale(public_id)
    except services.AccountError as exc:
        db.session.rollback()
        return _user_page(_person_or_404(public_id), 422, notice=str(exc))
    db.session.commit()
    flash_outcome(outcome, done)
    return redirect(url_for(".user", public_id=public_id), code=303)


@bp.post("/users/<public_id>/deactivate")
def deactivate(public_id):
    return _button_change(public_id, services.deactivate_staff,
                          "Account deactivated; their sessions have ended.")


@bp.post("/users/<public_id>/reactivate")
def reactivate(public_id):
    return _button_change(public_id, services.reactivate_staff,
                          "Account reactivated. They sign in with their existing password.")


@bp.post("/users/<public_id>/mfa")
def reset_mfa(public_id):
    return _button_change(public_id, services.reset_mfa,
                          "Two-step sign-in reset; their sessions have ended and they set it "
                          "up again at next sign-in.")


# -- settings ---------------------------------------------------------------------------

def _fresh_settings_form(formdata=None) -> SettingsForm:
    return SettingsForm.from_settings(practice.current_settings(), practice.settings_version(),
                                      formdata=formdata)


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = _fresh_settings_form() if request.method == "GET" else SettingsForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            changed = practice.save_settings(form.to_settings(),
                                             expected_version=form.expected_version,
                                             actor=current_user)
        except practice.SettingsConflict:
            db.session.rollback()
            form = _fresh_settings_form(formdata=None)
            form.form_errors.append("Someone else saved the settings while you were editing. "
                                    "These are the saved values; make your change again.")
            return _settings_page(form, 409)
        except practice.SettingsError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(str(exc))
        else:
            db.session.commit()
            flash("Settings saved." if changed else "Nothing had changed.", "success")
            if "timezone" in changed:
                flash("The reports recount every day in the new time zone when next opened, "
                      "which takes a while on a long history: run "
                      "“flask --app intake reports refresh” to do it now.", "warning")
            return redirect(url_for(".settings"), code=303)
    return _settings_page(form, 422 if form.errors else 200)


def _settings_page(form, status):
    return render_template("admin/settings.html", form=form,
                           zones=sorted(available_timezones())), status


# -- audit log --------------------------------------------------------------------------

def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    choices = queries.audit_choices()
    form.actor.choices = ([SelectChoice("", "Anyone")]
                          + [SelectChoice(p.public_id, p.display_name) for p in queries.staff()]
                          + [SelectChoice(code, label) for code, label in queries.ACTOR_LABELS.items()])
    form.action.choices = [SelectChoice("", "Any action")] + [SelectChoice(a) for a in choices["actions"]]
    form.target_type.choices = ([SelectChoice("", "Any record")]
                                + [SelectChoice(t) for t in choices["target_types"]])
    return form


def _local_bounds(form) -> tuple[datetime | None, datetime | None]:
    """The chosen local dates as UTC instants: from the start of one to the end of the other."""
    zone = practice.request_settings().zone
    since = (datetime.combine(form.date_from.data, time(0), tzinfo=zone)
             if form.date_from.data else None)
    until = (datetime.combine(form.date_to.data + timedelta(days=1), time(0), tzinfo=zone)
             if form.date_to.data else None)
    return since, until


@bp.get("/audit")
def audit_log():
    form = _filter_form()
    if request.args and not form.validate():
        return render_template("admin/audit.html", form=form, page=None, args={}), 422
    since, until = _local_bounds(form)
    filters = queries.AuditFilters(actor=form.actor.data or "", action=form.action.data or "",
                                   target_type=form.target_type.data or "",
                                   target_id=(form.target_id.data or "").strip(),
                                   since=since, until=until)
    page = queries.audit_page(filters, before=request.args.get("before", type=int),
                              after=request.args.get("after", type=int))
    args = {k: v for k, v in request.args.items() if k not in ("before", "after") and v}
    return render_template("admin/audit.html", form=form, page=page, args=args)


@bp.get("/audit/chain")
def audit_chain():
    report = audit.verify()
    audit.record(current_user, "audit.verify", detail="intact" if report.intact
                 else f"broken_at={report.first_broken_id}")
    db.session.commit()
    return render_template("admin/audit_chain.html", report=report)
