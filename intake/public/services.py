"""Turning a validated consultation form into a stored request. The caller commits."""
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake import audit
from intake.auth.models import User
from intake.clock import utcnow
from intake.extensions import db
from intake.notifications.services import enqueue
from intake.scheduling import booking
from intake.security.blind_index import blind_index
from intake.triage.models import ConsultationRequest, RequestStatusChange
from intake.triage.workflow import RequestStatus

# No 0/O, 1/I/L: a reference read aloud over the phone or copied by hand stays unambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_ATTEMPTS = 5
URGENT_ANSWERS = {"yes", "unsure"}


@dataclass(frozen=True)
class Submission:
    request: ConsultationRequest
    created: bool  # False: a replay of a form already sent (double click, refresh, Back)


def new_reference() -> str:
    """Eight characters in two groups, e.g. K7QM-4XPD (about 40 bits)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def is_urgent(answers: dict) -> bool:
    """Any yes (or "not sure") on the safety screen puts the request first in the queue."""
    return bool({answers.get("in_danger"), answers.get("self_harm")} & URGENT_ANSWERS)


def find_submission(submission_id: str) -> ConsultationRequest | None:
    return db.session.scalar(select(ConsultationRequest)
                             .where(ConsultationRequest.submission_id == submission_id))


def submit_request(answers: dict, *, submission_id: str, slot_id: str | None, settings,
                   actor=audit.PUBLIC) -> Submission:
    """Store one request (with its booking, audit row and notifications), or find the one
    this submission id already made. Raises booking.SlotUnavailable if the slot is gone."""
    existing = find_submission(submission_id)
    if existing is not None:
        return Submission(existing, created=False)
    slot = None
    if slot_id is not None:
        slot = booking.find_bookable(slot_id)
        if slot is None:
            raise booking.SlotUnavailable
    request, created = _insert(answers, submission_id=submission_id, settings=settings)
    if not created:
        return Submission(request, created=False)
    if slot is not None:
        booking.book(request, slot)
    db.session.add(RequestStatusChange(request_id=request.id, from_status=None,
                                       to_status=request.status))
    audit.record(actor, "request.submitted", request, detail=_audit_detail(request))
    _notify(request)
    db.session.flush()
    return Submission(request, created=True)


def _insert(answers: dict, *, submission_id: str, settings) -> tuple[ConsultationRequest, bool]:
    """INSERT under the unique constraints. A concurrent replay of the same form loses on
    submission_id and gets the winner's row (created False); a reference collision draws
    another reference."""
    now = utcnow()
    for _ in range(REFERENCE_ATTEMPTS):
        request = ConsultationRequest(
            **answers, reference=new_reference(), submission_id=submission_id,
            status=RequestStatus.NEW, urgent=is_urgent(answers),
            name_index=blind_index(answers["name"]),
            consent_notice_version=settings.privacy_notice_version, consented_at=now,
            created_at=now, status_changed_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(request)
                db.session.flush()
            return request, True
        except IntegrityError:
            winner = find_submission(submission_id)
            if winner is not None:
                return winner, False
    raise RuntimeError("could not draw an unused reference")


def _audit_detail(request: ConsultationRequest) -> str:
    """Codes only: never a name or an answer's text."""
    flags = [f"urgent={int(request.urgent)}", f"slot={int(request.slot_id is not None)}",
             f"out_of_area={int(request.out_of_area)}"]
    return " ".join(flags)


def _staff_link(request: ConsultationRequest) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/requests/{request.public_id}"


def _notify(request: ConsultationRequest) -> None:
    """Outbox rows in this transaction: the clinicians learn of it, the client only by a safe email."""
    subject = "New consultation request" + (" (urgent)" if request.urgent else "")
    body = ("A new consultation request is waiting" + (" and is marked urgent" if request.urgent else "")
            + f".\n\nSign in to read it: {_staff_link(request)}\n")
    for clinician in _active_clinicians():
        enqueue("request.new", subject=subject, body=body, to_user=clinician)
    if request.ok_email and request.email:
        enqueue("request.received", subject="Message received", to_address=request.email,
                body=(f"Thank you. We received your message (reference {request.reference}).\n\n"
                      "We will reach you only in the ways you told us are safe.\n"))


def _active_clinicians() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), User.is_clinician.is_(True))
                                   .order_by(User.id)))
