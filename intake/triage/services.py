"""Every step a consultation request takes.

Each service checks who may act, applies the workflow, writes the status history and the
audit event in the caller's transaction and flushes; the view commits. `version` is the
request's version the form was rendered with: a mismatch means someone else acted first."""
from datetime import datetime

from intake import audit
from intake.auth.models import User
from intake.clock import utcnow
from intake.extensions import db
from intake.notifications.services import enqueue
from intake.scheduling import booking
from intake.triage import workflow
from intake.triage.models import ConsultationRequest, ContactAttempt
from intake.triage.safe_contact import unsafe_reason
from intake.triage.status import change_status
from intake.triage.workflow import EXITS, OPEN, RELEASABLE, RequestStatus
from intake.vocabulary import CONTACT_METHODS, CONTACT_OUTCOMES, codes

_S = RequestStatus

ASSIGNED_SUBJECT = "A consultation request was assigned to you"
ASSIGNED_BODY = "A consultation request was assigned to you. Sign in to see it."


class TriageError(Exception):
    """A step that cannot be taken; the message is shown to the clinician as it is,
    beside `field` when one form field is the cause."""

    field: str | None = None


class RequestChanged(TriageError):
    def __init__(self):
        super().__init__("This request changed while you were looking at it. "
                         "Here is how it stands now; check it and try again if you still need to.")


class NotYours(TriageError):
    pass


class UnsafeMethod(TriageError):
    field = "method"


class SlotTaken(TriageError):
    field = "slot"


def _expect(request: ConsultationRequest, version: int | None) -> None:
    if version is not None and request.version != version:
        raise RequestChanged


def _touch(request: ConsultationRequest) -> None:
    # Any step bumps the version, so two people acting on the same request always conflict.
    request.updated_at = utcnow()


def _require_holder(request: ConsultationRequest, actor: User) -> None:
    if request.assigned_to_id != actor.id:
        raise NotYours("Claim this request before acting on it.")


def _require_status(request: ConsultationRequest, allowed, what: str) -> None:
    if request.status not in allowed:
        raise TriageError(f"A request that is {workflow.label(request.status)} cannot {what}.")


def _take(request: ConsultationRequest, clinician: User, *, actor) -> None:
    _require_status(request, OPEN, "be assigned")
    request.assigned_to_id = clinician.id
    request.assigned_to = clinician
    _touch(request)
    if request.status == _S.NEW:
        change_status(request, _S.IN_REVIEW, actor=actor)


def claim_request(request: ConsultationRequest, *, actor: User, version: int | None = None) -> None:
    """The actor (a clinician) takes an unassigned request; a new one moves to in review."""
    _expect(request, version)
    if not actor.is_clinician:
        raise NotYours("Only clinicians can claim requests.")
    if request.assigned_to_id is not None:
        raise RequestChanged
    _take(request, actor, actor=actor)
    db.session.flush()
    audit.record(actor, "request.claimed", request)


def release_request(request: ConsultationRequest, *, actor: User, version: int | None = None) -> None:
    """The holder hands the request back for another clinician to claim (claimed by mistake,
    or a full caseload). Not once a consultation is booked: that time is in the holder's
    calendar, so the booking is cancelled first. Its contact attempts stay on the record."""
    _expect(request, version)
    _require_holder(request, actor)
    _require_status(request, RELEASABLE, "be handed back (cancel the booking first)")
    request.assigned_to_id = None
    request.assigned_to = None
    _touch(request)
    db.session.flush()
    audit.record(actor, "request.released", request)


def assign_request(request: ConsultationRequest, clinician: User, *, actor: User,
                   version: int | None = None) -> None:
    """An admin gives the request to a clinician, who is told through the outbox."""
    _expect(request, version)
    if not (clinician.is_clinician and clinician.active):
        raise TriageError("Choose an active clinician.")
    if request.assigned_to_id == clinician.id:
        raise TriageError(f"This request is already assigned to {clinician.display_name}.")
    _take(request, clinician, actor=actor)
    db.session.flush()
    audit.record(actor, "request.assigned", request, detail=f"to:{clinician.public_id}")
    if clinician.id != actor.id:
        # Neutral words only: the mailbox may not be private and mail is not encrypted.
        enqueue("request.assigned", subject=ASSIGNED_SUBJECT, body=ASSIGNED_BODY, to_user=clinician)


def record_contact_attempt(request: ConsultationRequest, *, actor: User, method: str,
                           outcome: str, attempted_at: datetime | None = None,
                           note: str | None = None, version: int | None = None) -> ContactAttempt:
    """Log one attempt to reach the client, only through a channel they marked safe."""
    _expect(request, version)
    _require_holder(request, actor)
    _require_status(request, {_S.IN_REVIEW, _S.CONTACTED, _S.SCHEDULED, _S.CONSULTED},
                    "take contact attempts")
    refusal = unsafe_reason(request, method, outcome)
    if refusal:
        raise UnsafeMethod(refusal)
    if outcome not in codes(CONTACT_OUTCOMES) or method not in codes(CONTACT_METHODS):
        raise TriageError("Choose what happened.")
    attempted_at = attempted_at or utcnow()
    if attempted_at > utcnow():
        raise TriageError("A contact attempt cannot be in the future.")
    attempt = ContactAttempt(request=request, actor_id=actor.id, method=method, outcome=outcome,
                             attempted_at=attempted_at, note=note or None)
    db.session.add(attempt)
    if request.first_contacted_at is None or attempted_at < request.first_contacted_at:
        request.first_contacted_at = attempted_at
    _touch(request)
    if request.status == _S.IN_REVIEW:
        change_status(request, _S.CONTACTED, actor=actor)
    db.session.flush()
    audit.record(actor, "request.contact_attempted", request, detail=f"{method}:{outcome}")
    return attempt


def schedule_consultation(request: ConsultationRequest, slot, *, actor: User,
                          version: int | None = None) -> None:
    """Book (or move) the consultation into `slot`; the database decides a lost race."""
    _expect(request, version)
    _require_holder(request, actor)
    _require_status(request, {_S.IN_REVIEW, _S.CONTACTED, _S.SCHEDULED}, "be scheduled")
    if slot is None:
        raise SlotTaken("That time is no longer available. Please choose another.")
    rescheduling = request.status == _S.SCHEDULED
    try:
        booking.book(request, slot)
    except booking.SlotUnavailable as exc:
        raise SlotTaken("Someone booked that time a moment ago. Please choose another.") from exc
    _touch(request)
    if not rescheduling:
        change_status(request, _S.SCHEDULED, actor=actor)
    db.session.flush()
    audit.record(actor, "request.rescheduled" if rescheduling else "request.scheduled", request,
                 detail=f"slot:{slot.public_id}")


def cancel_consultation(request: ConsultationRequest, *, actor: User,
                        version: int | None = None) -> None:
    """Cancel the booked consultation; the slot becomes bookable again."""
    _expect(request, version)
    _require_holder(request, actor)
    _require_status(request, {_S.SCHEDULED}, "have a consultation cancelled")
    booking.release(request)
    _touch(request)
    change_status(request, _S.CONTACTED, actor=actor)
    db.session.flush()
    audit.record(actor, "request.booking_cancelled", request)


def mark_consulted(request: ConsultationRequest, *, actor: User, note: str,
                   version: int | None = None) -> None:
    """The consultation took place; its note is stored encrypted."""
    _expect(request, version)
    _require_holder(request, actor)
    if not (note and note.strip()):
        raise TriageError("Write a short consultation note.")
    change_status(request, _S.CONSULTED, actor=actor)
    request.consultation_note = note.strip()
    db.session.flush()
    audit.record(actor, "request.consulted", request)


def close_request(request: ConsultationRequest, target: str, *, actor: User, reason: str,
                  version: int | None = None) -> None:
    """Declined, referred out or no response; a booked slot is released for someone else."""
    _expect(request, version)
    _require_holder(request, actor)
    if target not in EXITS:
        raise TriageError("Choose how the request ends.")
    booked_ahead = request.status == _S.SCHEDULED
    change_status(request, target, actor=actor, reason=reason)
    if booked_ahead:
        booking.release(request)
    request.exit_reason = reason.strip()
    db.session.flush()
    audit.record(actor, f"request.{target}", request)


def reopen_request(request: ConsultationRequest, *, actor: User, version: int | None = None) -> None:
    """A closed request comes back for review (the client got in touch again)."""
    _expect(request, version)
    _require_holder(request, actor)
    if request.erased_at is not None:
        raise TriageError("This request's personal details were erased at the end of the "
                          "retention period, so it cannot be reopened; a new request is needed.")
    change_status(request, _S.IN_REVIEW, actor=actor)
    request.exit_reason = None
    db.session.flush()
    audit.record(actor, "request.reopened", request)


def convert_request(request: ConsultationRequest, *, actor: User, version: int | None = None):
    """Open the intake record for a consulted request; returns the Case."""
    from intake.cases.opening import open_case

    _expect(request, version)
    _require_holder(request, actor)
    return open_case(request, actor=actor)


def record_view(request: ConsultationRequest, *, actor: User, clinical: bool) -> None:
    audit.record(actor, "request.viewed", request, detail="full" if clinical else "status")


def record_queue_view(*, actor: User, shown: int) -> None:
    """The queue shows names to clinicians, so each page of it is a read worth recording."""
    audit.record(actor, "request.queue_viewed", detail=f"rows:{shown}")
