"""Booking consultation slots. The database decides who gets a slot.

consultation_requests.slot_id is UNIQUE: of two transactions booking one slot, the second's
write fails (PostgreSQL waits for the first to commit, SQLite's BEGIN IMMEDIATE queues it),
and that failure is turned into SlotUnavailable. No Python check-then-set decides it."""
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from intake.clock import utcnow
from intake.extensions import db
from intake.scheduling.models import Slot

# A slot starting sooner than this is no longer offered: a clinician needs time to prepare.
MINIMUM_NOTICE = timedelta(hours=2)


class SlotUnavailable(Exception):
    """The slot was booked a moment ago, withdrawn, or is too soon."""


def _is_booked():
    from intake.triage.models import ConsultationRequest
    return exists().where(ConsultationRequest.slot_id == Slot.id)


def bookable_slots(start: datetime, end: datetime) -> list[Slot]:
    """Open slots starting in [start, end) and far enough ahead, soonest first."""
    earliest = max(start, utcnow() + MINIMUM_NOTICE)
    query = (select(Slot)
             .where(Slot.starts_at >= earliest, Slot.starts_at < end,
                    Slot.withdrawn.is_(False), ~_is_booked())
             .order_by(Slot.starts_at, Slot.id))
    return list(db.session.scalars(query))


def find_bookable(public_id: str | None) -> Slot | None:
    """The open slot with this public id, or None (unknown, withdrawn, booked or too soon)."""
    if not public_id:
        return None
    slot = db.session.scalar(select(Slot).where(Slot.public_id == public_id))
    if slot is None or slot.withdrawn or slot.starts_at < utcnow() + MINIMUM_NOTICE:
        return None
    if db.session.scalar(select(_is_booked().where(Slot.id == slot.id))):
        return None
    return slot


def book(request, slot: Slot) -> None:
    """Give `slot` to `request` (which may already hold another: that one is released).

    Runs in a savepoint, so a lost race leaves the caller's transaction usable."""
    if slot.withdrawn or slot.starts_at < utcnow() + MINIMUM_NOTICE:
        raise SlotUnavailable
    try:
        with db.session.begin_nested():
            request.slot_id = slot.id
            db.session.flush()
    except IntegrityError as exc:
        db.session.refresh(request)
        raise SlotUnavailable from exc


def release(request) -> None:
    """Free the request's slot (it becomes bookable again)."""
    request.slot_id = None
    db.session.flush()
