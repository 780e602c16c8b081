"""Read-only: the open consultation times offered on the form, grouped by local day."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from intake.clock import utcnow
from intake.scheduling.booking import bookable_slots
from intake.templating import local_date, local_time, to_local

OFFER_DAYS = 14


@dataclass
class SlotDay:
    day: date
    label: str  # "Tue 1 Dec 2026" in the practice's time zone
    times: list[tuple[str, str]] = field(default_factory=list)  # (slot public id, "9:00 am")


def offered_days(days: int = OFFER_DAYS) -> list[SlotDay]:
    """Bookable slots of the next `days` days, grouped by the practice's local calendar day
    (a slot's UTC time is converted per slot, so days across a DST change stay right)."""
    now = utcnow()
    grouped: dict[date, SlotDay] = {}
    for slot in bookable_slots(now, now + timedelta(days=days)):
        day = to_local(slot.starts_at).date()
        entry = grouped.setdefault(day, SlotDay(day, local_date(slot.starts_at)))
        entry.times.append((slot.public_id, _time_label(slot)))
    return list(grouped.values())


def _time_label(slot) -> str:
    return f"{local_time(slot.starts_at)} with {slot.clinician.display_name}"


def slot_choices(days: list[SlotDay]) -> list[tuple[str, str]]:
    return [choice for day in days for choice in day.times]
