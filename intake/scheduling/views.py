"""/availability/: clinicians manage their own consultation availability, admins anyone's."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from intake.auth.models import Role
from intake.extensions import db
from intake.practice.services import request_settings
from intake.scheduling import queries, services, weekly
from intake.scheduling.forms import BlockForm, GenerateForm, HoursForm, OneOffForm
from intake.scheduling.models import BlockedDate, Slot, WeeklyHours
from intake.templating import local_datetime

bp = Blueprint("scheduling", __name__, url_prefix="/availability")

FORMS = {"hours": HoursForm, "one_off": OneOffForm, "block": BlockForm, "generate": GenerateForm}


@bp.get("/")
def index():
    if not current_user.has_role(Role.ADMIN):
        return redirect(url_for(".clinician", public_id=current_user.public_id))
    return render_template("scheduling/index.html", clinicians=queries.clinicians())


def _clinician_or_404(public_id: str):
    """Your own availability, or anyone's if you are an admin; otherwise 404."""
    clinician = queries.find_clinician(public_id)
    if clinician is None:
        abort(404)
    if clinician.id != current_user.id and not current_user.has_role(Role.ADMIN):
        abort(404)
    return clinician


def _owned_or_404(model, public_id: str, clinician):
    row = db.session.scalar(select(model).where(model.public_id == public_id,
                                                model.clinician_id == clinician.id))
    if row is None:
        abort(404)
    return row


def _page(clinician, status: int = 200, **forms):
    weeks = request.args.get("weeks", services.DEFAULT_WEEKS, type=int)
    weeks = min(max(weeks, 1), services.MAX_WEEKS)
    forms = {name: forms.get(name) or form_class(prefix=name) for name, form_class in FORMS.items()}
    rows = queries.upcoming_slots(clinician, weeks=weeks)
    return render_template(
        "scheduling/clinician.html", clinician=clinician, weeks=weeks, forms=forms,
        weekdays=weekly.WEEKDAYS, hours=services.weekly_hours(clinician),
        blocked=services.blocked_dates(clinician, since=services.local_today()),
        days=queries.by_local_day(rows, request_settings().zone),
        open_count=sum(not r.booked for r in rows), booked_count=sum(r.booked for r in rows),
        is_own=clinician.id == current_user.id,
        zone=request_settings().timezone), status


def flash_outcome(outcome: services.Outcome | None, done: str) -> None:
    """Say what a change did to the slots, naming (by time only) the bookings it kept."""
    outcome = outcome or services.Outcome()
    parts = [done]
    if outcome.created or outcome.reinstated:
        parts.append(f"{outcome.created + outcome.reinstated} new slots offered.")
    if outcome.withdrawn:
        parts.append(f"{outcome.withdrawn} open slots withdrawn.")
    flash(" ".join(parts), "success")
    if outcome.conflicts:
        times = "; ".join(f"booked consultation at {local_datetime(start)}"
                          for start in outcome.conflicts)
        flash(f"Kept {len(outcome.conflicts)} booked consultation"
              f"{'s' if len(outcome.conflicts) != 1 else ''} outside the new availability "
              f"(rearrange with the client if needed): {times}.", "warning")


def _done(clinician):
    return redirect(url_for(".clinician", public_id=clinician.public_id), code=303)


def _change(clinician, form_name: str, apply, done: str):
    """Validate the named form, apply the change, commit, report; 422 with messages if not."""
    form = FORMS[form_name](prefix=form_name)
    if form.validate_on_submit():
        try:
            outcome = apply(form)
        except services.AvailabilityError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash_outcome(outcome if isinstance(outcome, services.Outcome) else None, done)
            return _done(clinician)
    return _page(clinician, 422, **{form_name: form})


@bp.get("/<public_id>")
def clinician(public_id):
    return _page(_clinician_or_404(public_id))


@bp.post("/<public_id>/hours")
def add_hours(public_id):
    clinician = _clinician_or_404(public_id)
    return _change(clinician, "hours", lambda form: services.add_weekly_hours(
        clinician, weekday=form.weekday.data, start=form.start.data, end=form.end.data,
        actor=current_user), "Weekly hours added.")


def _remove(public_id: str, model, row_id: str, service, done: str):
    """Remove one of the clinician's hours or blocked dates and say what it did to the slots."""
    clinician = _clinician_or_404(public_id)
    row = _owned_or_404(model, row_id, clinician)
    outcome = service(row, clinician, actor=current_user)
    db.session.commit()
    flash_outcome(outcome, done)
    return _done(clinician)


@bp.post("/<public_id>/hours/<hours_id>/remove")
def remove_hours(public_id, hours_id):
    return _remove(public_id, WeeklyHours, hours_id, services.remove_weekly_hours,
                   "Weekly hours removed.")


@bp.post("/<public_id>/generate")
def generate(public_id):
    clinician = _clinician_or_404(public_id)
    return _change(clinician, "generate", lambda form: services.generate_slots(
        clinician, weeks=form.weeks.data, actor=current_user), "Slots are up to date.")


@bp.post("/<public_id>/slots")
def add_slot(public_id):
    clinician = _clinician_or_404(public_id)
    return _change(clinician, "one_off", lambda form: services.add_one_off_slot(
        clinician, day=form.day.data, at=form.at.data, actor=current_user),
        "Extra slot added.")


@bp.post("/<public_id>/slots/<slot_id>/withdraw")
def withdraw_slot(public_id, slot_id):
    clinician = _clinician_or_404(public_id)
    slot = _owned_or_404(Slot, slot_id, clinician)
    try:
        services.withdraw_one_off_slot(slot, actor=current_user)
    except services.AvailabilityError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Extra slot withdrawn.", "success")
    return _done(clinician)


@bp.post("/<public_id>/blocked")
def block(public_id):
    clinician = _clinician_or_404(public_id)
    return _change(clinician, "block", lambda form: services.block_date(
        clinician, day=form.day.data, actor=current_user), "Date blocked.")


@bp.post("/<public_id>/blocked/<blocked_id>/remove")
def unblock(public_id, blocked_id):
    return _remove(public_id, BlockedDate, blocked_id, services.unblock_date, "Date unblocked.")
