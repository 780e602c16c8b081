"""Erasing what declined requests say about a person once the retention period has passed.

The practice's settings say how long a declined request is kept (`declined_retention_days`).
After that, everything that could identify or describe the person is erased: their name,
contact details, safe times, what they wrote, their safety answers, the reason recorded for
declining, the consultation note and the notes of contact attempts. The row itself stays,
with its reference, dates, coded answers and status history, so the reports and the audit
trail still count and attribute it. Run daily by `flask --app intake requests erase-expired`.
"""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake import audit
from intake.clock import utcnow
from intake.extensions import db
from intake.practice.services import current_settings
from intake.triage.models import ConsultationRequest
from intake.triage.workflow import RequestStatus

ERASED_NAME = "Erased"
PERSONAL_FIELDS = ("pronouns", "email", "phone", "safe_times", "if_someone_else_answers",
                   "narrative", "patterns", "contact_status", "in_danger", "self_harm",
                   "exit_reason", "consultation_note")


def expired_declined(cutoff: datetime) -> list[ConsultationRequest]:
    """Declined requests whose decline is older than `cutoff`, not yet erased."""
    return list(db.session.scalars(
        select(ConsultationRequest)
        .where(ConsultationRequest.status == RequestStatus.DECLINED,
               ConsultationRequest.status_changed_at < cutoff,
               ConsultationRequest.erased_at.is_(None))
        .options(selectinload(ConsultationRequest.contact_attempts))
        .order_by(ConsultationRequest.id)))


def erase(request: ConsultationRequest, now: datetime) -> None:
    request.name, request.name_index = ERASED_NAME, None
    for field in PERSONAL_FIELDS:
        setattr(request, field, None)
    for attempt in request.contact_attempts:
        attempt.note = None
    request.erased_at = now


def erase_expired(*, now: datetime | None = None, actor=audit.SYSTEM) -> int:
    """Erase every expired declined request (the caller commits); returns how many."""
    now = now or utcnow()
    days = current_settings().declined_retention_days
    expired = expired_declined(now - timedelta(days=days))
    for request in expired:
        erase(request, now)
        audit.record(actor, "request.erased", request, detail=f"declined, kept {days} days")
    db.session.flush()
    return len(expired)
