"""Read-only selects for the availability screens."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from intake.auth.models import User
from intake.clock import utcnow
from intake.extensions import db
from intake.scheduling.models import Slot


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    booked: bool


def clinicians() -> list[User]:
    """Active clinicians, by name: whose availability an admin may pick."""
    return list(db.session.scalars(
        select(User).where(User.is_clinician.is_(True), User.active.is_(True))
        .order_by(User.display_name, User.id)))


def find_clinician(public_id: str | None) -> User | None:
    if not public_id:
        return None
    return db.session.scalar(select(User).where(User.public_id == public_id,
                                                User.is_clinician.is_(True)))


def upcoming_slots(clinician, *, weeks: int) -> list[SlotRow]:
    """Open and booked slots from now for `weeks`, soonest first (withdrawn ones left out)."""
    from intake.triage.models import ConsultationRequest
    now = utcnow()
    booked = exists().where(ConsultationRequest.slot_id == Slot.id)
    rows = db.session.execute(
        select(Slot, booked.label("booked"))
        .where(Slot.clinician_id == clinician.id, Slot.withdrawn.is_(False),
               Slot.starts_at >= now, Slot.starts_at < now + timedelta(weeks=weeks))
        .order_by(Slot.starts_at))
    return [SlotRow(slot, bool(is_booked)) for slot, is_booked in rows]


def by_local_day(rows: list[SlotRow], zone) -> list[tuple[datetime, list[SlotRow]]]:
    """Group slot rows by their local date (rows are already in time order)."""
    groups: list[tuple[datetime, list[SlotRow]]] = []
    for row in rows:
        day = row.slot.starts_at.astimezone(zone).date()
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(row)
    return groups
