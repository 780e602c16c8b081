"""The public pages: landing, the consultation form, its confirmation, browsing safely."""
from datetime import timedelta

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, session,
                   url_for)
from sqlalchemy import select

from intake import audit, vocabulary
from intake.clock import utcnow
from intake.extensions import csrf, db, limiter
from intake.practice.services import current_settings
from intake.public import calendar, services, tokens
from intake.public.forms import ConsultationForm
from intake.public.queries import offered_days, slot_choices
from intake.scheduling.booking import SlotUnavailable
from intake.security.access import public
from intake.triage.models import ConsultationRequest

bp = Blueprint("public", __name__)

# [[request public id, epoch seconds when sent], …], oldest first: this browser's own requests.
# A list, not a dict: the session serialiser sorts dict keys, which would lose the order.
SENT_KEY = "consultation_sent"
SENT_REMEMBERED = 3
SLOT_TAKEN = ("Someone booked that time a moment ago. Please choose another time, "
              "or ask us to contact you to arrange one.")
TOO_FAST = "That was sent very quickly. Please check your answers, then send the form again."
RESTARTED = "Please check your answers and send the form again."


@bp.context_processor
def public_globals():
    settings = current_settings()
    # A view may pass its own `crisis` (the person's region); explicit values win.
    return {"quick_exit_url": settings.quick_exit_url, "practice_name": settings.practice_name,
            "crisis": settings.crisis_resources_for(None)}


@bp.get("/")
@public
def landing():
    return render_template("public/landing.html")


@bp.get("/safety")
@public
def safety():
    return render_template("public/safety.html")


def _rate_limit():
    return current_app.config["CONSULTATION_RATE_LIMIT"]


def _stored(response) -> bool:
    return response.status_code == 303


@bp.route("/consultation", methods=["GET", "POST"])
@public
# The form checks its own CSRF token, so an expired one re-shows the form with every answer kept.
@csrf.exempt
@limiter.limit(_rate_limit, methods=["POST"], deduct_when=_stored)
def consultation():
    form, days = _prepared_form()
    if not form.validate_on_submit():
        return _form_page(form, days), 422 if form.is_submitted() else 200
    token = tokens.load(form.form_token.data)
    if token is None or (token.too_fast() and not services.find_submission(token.submission_id)):
        return _restart(form, days, token)
    try:
        submission = services.submit_request(
            form.answers(), submission_id=token.submission_id, slot_id=form.wants_slot,
            settings=current_settings(), actor=audit.PUBLIC)
    except SlotUnavailable:
        db.session.rollback()
        return _slot_taken(form)
    db.session.commit()
    _remember_sent(submission.request)
    return redirect(url_for(".confirmation", token=submission.request.public_id), code=303)


def _prepared_form() -> tuple[ConsultationForm, list]:
    form = ConsultationForm()
    days = _offer_times(form)
    if not form.is_submitted():
        form.form_token.data = tokens.new_token().dump()
    return form, days


def _offer_times(form) -> list:
    """The regions and the times open right now (after a lost race: without the lost one)."""
    days = offered_days()
    form.set_choices(current_settings().served_regions, slot_choices(days))
    return days


def _form_page(form, days, *, problem: str | None = None):
    if tokens.load(form.form_token.data) is None:
        form.form_token.data = tokens.new_token().dump()
    settings = current_settings()
    return render_template("public/consultation.html", form=form, days=days, problem=problem,
                           settings=settings, crisis=settings.crisis_resources_for(form.region.data),
                           show_crisis=services.is_urgent(form.data))


def _restart(form, days, token):
    """A token we did not sign, or a form sent faster than a person could: show it again."""
    fresh = tokens.restarted(token) if token else tokens.new_token()
    form.form_token.data = fresh.dump()
    return _form_page(form, days, problem=TOO_FAST if token else RESTARTED), 422


def _slot_taken(form):
    days = _offer_times(form)
    form.slot.data = None
    form.slot.errors = [SLOT_TAKEN]
    return _form_page(form, days), 409


def _remember_sent(request: ConsultationRequest) -> None:
    """This browser may see the confirmation for a while; older entries are dropped."""
    now = int(utcnow().timestamp())
    sent = [[token, at] for token, at in _sent_in_this_browser()
            if token != request.public_id and now - at <= _confirmation_window()]
    session[SENT_KEY] = (sent + [[request.public_id, now]])[-SENT_REMEMBERED:]


def _sent_in_this_browser() -> list:
    sent = session.get(SENT_KEY)
    return [entry for entry in sent if isinstance(entry, list) and len(entry) == 2] \
        if isinstance(sent, list) else []


def _confirmation_window() -> float:
    return timedelta(minutes=current_app.config["CONFIRMATION_MINUTES"]).total_seconds()


def _sent_request_or_404(token: str) -> ConsultationRequest:
    """Only the browser that sent the request, and only for a short while, may see it."""
    sent_at = dict(_sent_in_this_browser()).get(token)
    if sent_at is None or utcnow().timestamp() - sent_at > _confirmation_window():
        abort(404)
    request = db.session.scalar(select(ConsultationRequest)
                                .where(ConsultationRequest.public_id == token))
    if request is None:
        abort(404)
    return request


@bp.get("/consultation/sent/<token>")
@public
def confirmation(token):
    sent = _sent_request_or_404(token)
    settings = current_settings()
    # `sent`, not `request`: templates keep Flask's request (the layout reads its endpoint).
    return render_template("public/confirmation.html", sent=sent, settings=settings,
                           crisis=settings.crisis_resources_for(sent.region),
                           methods=_contact_methods(sent), token=token)


def _contact_methods(request) -> list[tuple[str, bool]]:
    """(method label, whether it is allowed) in the order of vocabulary.CONTACT_METHODS."""
    allowed = {"call": request.ok_call, "voicemail": request.ok_voicemail,
               "text": request.ok_text, "email": request.ok_email}
    return [(label, allowed[code]) for code, label in vocabulary.CONTACT_METHODS]


@bp.get("/consultation/sent/<token>/consultation.ics")
@public
def calendar_file(token):
    request = _sent_request_or_404(token)
    if request.slot is None:
        abort(404)
    body = calendar.consultation_event(request.slot, practice_name=current_settings().practice_name)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="consultation.ics"'})


@bp.errorhandler(404)
def not_found(error):
    return render_template("public/not_found.html"), 404


@bp.errorhandler(429)
def too_many(error):
    return render_template("public/too_many.html"), 429
