"""The clinicians' queue (/requests/) and the request page with its actions.

Each action: load the request the user may see (else 404), validate its form, call one
service, commit, flash, 303 back to the page. A refused step re-renders the page with the
message beside the form (422); a stale form re-renders the fresh state (409)."""
from datetime import datetime, timedelta, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from intake.auth.models import Role
from intake.extensions import db
from intake.practice.services import current_settings
from intake.scheduling import booking
from intake.security.access import roles_required
from intake.clock import utcnow
from intake.templating import local_datetime, practice_zone
from intake.triage import forms, queries, safe_contact, services
from intake.triage.workflow import (EXITS, OPEN, RELEASABLE, InvalidTransition, ReasonRequired,
                                    RequestStatus, allowed, label)
from intake import vocabulary
from intake.vocabulary import CONTACT_METHODS

bp = Blueprint("triage", __name__, url_prefix="/requests")

_S = RequestStatus
SCHEDULING_DAYS = 21
# Passed on to anyone the practice cannot take on; shown with the crisis numbers.
REFERRAL_RESOURCES = [
    ("Psychology Today therapist directory", "psychologytoday.com: filter by trauma and abuse"),
    ("Open Path Collective", "openpathcollective.org: lower-cost therapy"),
    ("Local domestic violence program", "Find one through the National Domestic Violence Hotline"),
    ("Community mental health center", "The county's public clinic: sliding-scale fees"),
]
FORM_CLASSES = {
    "claim": forms.ClaimForm, "release": forms.ReleaseForm, "assign": forms.AssignForm,
    "contact": forms.ContactAttemptForm, "schedule": forms.ScheduleForm,
    "cancel": forms.CancelBookingForm,
    "consulted": forms.ConsultedForm, "close": forms.CloseForm, "reopen": forms.ReopenForm,
    "convert": forms.ConvertForm,
}


@bp.app_template_global("status_label")
def status_label(status: str) -> str:
    return label(status).capitalize()


# -- the queue -------------------------------------------------------------------------------

def _filters_from(form: forms.QueueFilterForm) -> queries.QueueFilters:
    status = form.status.data or "open"
    if form.q.data and status == "open":
        status = "all"  # someone looking up a reference wants it whatever became of it
    return queries.QueueFilters(
        status=status, assigned=form.assigned.data or "anyone",
        urgent_only=bool(form.urgent.data), region=form.region.data or None,
        created_from=form.created_from.data, created_to=form.created_to.data,
        search=form.q.data or None)


@bp.get("/")
def queue():
    settings = current_settings()
    form = forms.QueueFilterForm(request.args)
    form.region.choices += forms.options((r["code"], r["name"]) for r in settings.served_regions)
    valid = form.validate()
    filters = _filters_from(form) if valid else queries.QueueFilters()
    page = queries.queue_page(current_user, filters, request.args.get("after"),
                              request.args.get("size", queries.PAGE_SIZE, type=int),
                              zone=settings.zone)
    args = {k: v for k, v in request.args.items() if k != "after"}
    next_args = {**args, "after": page.next_cursor} if page.next_cursor else None
    first_args = args if "after" in request.args else None
    html = render_template("triage/queue.html", form=form, page=page, next_args=next_args,
                           first_args=first_args, sees_clinical=queries.sees_clinical,
                           settings=settings)
    # Audited after rendering: committing first would expire the rows and reload each one.
    services.record_queue_view(actor=current_user, shown=len(page.rows))
    db.session.commit()
    return html, 200 if valid else 422


# -- the request page ------------------------------------------------------------------------

def _load(public_id: str):
    found = queries.request_for(public_id, current_user)
    if found is None:
        abort(404)
    return found


def _slot_choices(consultation_request) -> list[tuple[str, str]]:
    now = utcnow()
    holder = consultation_request.assigned_to_id or current_user.id
    return [(slot.public_id, local_datetime(slot.starts_at))
            for slot in booking.bookable_slots(now, now + timedelta(days=SCHEDULING_DAYS))
            if slot.clinician_id == holder]


def _blank_forms(consultation_request) -> dict:
    built = {name: cls(prefix=name, formdata=None, version=consultation_request.version)
             for name, cls in FORM_CLASSES.items()}
    built["contact"].attempted_at.data = utcnow().astimezone(practice_zone()).replace(
        tzinfo=None, second=0, microsecond=0)
    return built


def _with_choices(built: dict, consultation_request) -> dict:
    if "assign" in built:
        built["assign"].clinician.choices = forms.options([("", "Choose…")] + [
            (u.public_id, u.display_name) for u in queries.active_clinicians()])
    if "schedule" in built:
        built["schedule"].slot.choices = forms.options(_slot_choices(consultation_request))
    if "contact" in built:
        built["contact"].method.choices = forms.options(
            (code, text if safe_contact.is_safe(consultation_request, code)
             else f"{text} (not marked safe)") for code, text in CONTACT_METHODS)
    if "close" in built:
        built["close"].outcome.choices = forms.options(
            (code, text) for code, text in forms.EXIT_CHOICES
            if allowed(consultation_request.status, code))
    return built


def _render_page(consultation_request, *, status=200, message=None, **submitted):
    """The request page for the current user; `submitted` keeps forms sent with errors."""
    clinical = queries.sees_clinical(current_user, consultation_request)
    services.record_view(consultation_request, actor=current_user, clinical=clinical)
    db.session.commit()
    page_forms = _with_choices({**_blank_forms(consultation_request), **submitted},
                               consultation_request)
    settings = current_settings()
    return render_template(
        "triage/detail.html", r=consultation_request, clinical=clinical, forms=page_forms,
        message=message, S=_S, EXITS=EXITS, OPEN=OPEN, RELEASABLE=RELEASABLE, vocab=vocabulary, holder=consultation_request.assigned_to_id == current_user.id,
        rules=safe_contact.instructions(consultation_request) if clinical else [],
        is_safe=safe_contact.is_safe, history=queries.history(consultation_request),
        case=queries.case_for(consultation_request),
        crisis=settings.crisis_resources_for(consultation_request.region),
        region_name=settings.region_name(consultation_request.region),
        referrals=REFERRAL_RESOURCES,
    ), status


@bp.get("/<public_id>")
def detail(public_id):
    return _render_page(_load(public_id))


def _stale(public_id: str):
    """Someone else acted first: show the fresh state, or say it has moved out of reach."""
    db.session.rollback()
    fresh = queries.request_for(public_id, current_user)
    message = services.RequestChanged().args[0]
    if fresh is None:
        return render_template("triage/changed.html"), 409
    return _render_page(fresh, status=409, message=message)


def _refused(consultation_request, name: str, form, exc: Exception):
    db.session.rollback()
    field = getattr(exc, "field", None) or ("reason" if isinstance(exc, ReasonRequired) else None)
    if field and hasattr(form, field):
        getattr(form, field).errors = [*getattr(form, field).errors, str(exc)]
    else:
        form.form_errors.append(str(exc))
    return _render_page(consultation_request, status=422, **{name: form})


def _act(public_id: str, name: str, perform, success: str, *, after=None):
    """The shape every action shares; `perform(request, form)` calls one service."""
    consultation_request = _load(public_id)
    form = _with_choices({name: FORM_CLASSES[name](prefix=name)}, consultation_request)[name]
    if not form.validate_on_submit():
        return _render_page(consultation_request, status=422, **{name: form})
    try:
        result = perform(consultation_request, form)
        db.session.commit()
    except (StaleDataError, services.RequestChanged):
        return _stale(public_id)
    except (services.TriageError, InvalidTransition, ReasonRequired) as exc:
        return _refused(consultation_request, name, form, exc)
    flash(success, "success")
    target = after(result) if after else url_for("triage.detail", public_id=public_id)
    return redirect(target, 303)


def _local_to_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=practice_zone()).astimezone(timezone.utc) if value else None


@bp.post("/<public_id>/claim")
@roles_required(Role.CLINICIAN)
def claim(public_id):
    return _act(public_id, "claim", lambda r, f: services.claim_request(
        r, actor=current_user, version=f.expected_version), "You have claimed this request.")


@bp.post("/<public_id>/release")
@roles_required(Role.CLINICIAN)
def release(public_id):
    return _act(public_id, "release", lambda r, f: services.release_request(
        r, actor=current_user, version=f.expected_version),
        "Handed back to the queue: another clinician can claim it.",
        after=lambda _: url_for("triage.queue"))


@bp.post("/<public_id>/assign")
@roles_required(Role.ADMIN)
def assign(public_id):
    def perform(r, f):
        from intake.auth.services import find_user
        clinician = find_user(f.clinician.data)
        if clinician is None:
            raise services.TriageError("Choose an active clinician.")
        services.assign_request(r, clinician, actor=current_user, version=f.expected_version)
    return _act(public_id, "assign", perform, "Assigned. The clinician has been told.")


@bp.post("/<public_id>/contact")
@roles_required(Role.CLINICIAN)
def contact(public_id):
    return _act(public_id, "contact", lambda r, f: services.record_contact_attempt(
        r, actor=current_user, method=f.method.data, outcome=f.outcome.data,
        attempted_at=_local_to_utc(f.attempted_at.data), note=f.note.data,
        version=f.expected_version), "Contact attempt recorded.")


@bp.post("/<public_id>/schedule")
@roles_required(Role.CLINICIAN)
def schedule(public_id):
    return _act(public_id, "schedule", lambda r, f: services.schedule_consultation(
        r, booking.find_bookable(f.slot.data), actor=current_user, version=f.expected_version),
        "Consultation booked.")


@bp.post("/<public_id>/cancel")
@roles_required(Role.CLINICIAN)
def cancel(public_id):
    return _act(public_id, "cancel", lambda r, f: services.cancel_consultation(
        r, actor=current_user, version=f.expected_version),
        "Consultation cancelled; the time is open again.")


@bp.post("/<public_id>/consulted")
@roles_required(Role.CLINICIAN)
def consulted(public_id):
    return _act(public_id, "consulted", lambda r, f: services.mark_consulted(
        r, actor=current_user, note=f.note.data, version=f.expected_version),
        "Marked consulted.")


@bp.post("/<public_id>/close")
@roles_required(Role.CLINICIAN)
def close(public_id):
    return _act(public_id, "close", lambda r, f: services.close_request(
        r, f.outcome.data, actor=current_user, reason=f.reason.data, version=f.expected_version),
        "Request closed.")


@bp.post("/<public_id>/reopen")
@roles_required(Role.CLINICIAN)
def reopen(public_id):
    return _act(public_id, "reopen", lambda r, f: services.reopen_request(
        r, actor=current_user, version=f.expected_version), "Request reopened for review.")


@bp.post("/<public_id>/convert")
@roles_required(Role.CLINICIAN)
def convert(public_id):
    return _act(public_id, "convert", lambda r, f: services.convert_request(
        r, actor=current_user, version=f.expected_version),
        "Intake record opened in the stabilization phase.",
        after=lambda case: url_for("cases.detail", public_id=case.public_id))
