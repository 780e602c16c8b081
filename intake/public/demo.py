"""Demo consultation slots: weekday times for the next 14 days for the two demo clinicians.

Times are wall-clock times in the practice's zone (so 9:00 stays 9:00 across a DST change).
Existing slots (also made by the admin's weekly-hours generator) are left alone: slots are
unique on clinician + start."""
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from intake.clock import utcnow
from intake.extensions import db
from intake.practice.services import current_settings
from intake.scheduling.models import SLOT_MINUTES, Slot

DAYS = 14
# Local start times per demo clinician (different, so the form shows a spread of times).
DEMO_HOURS = {
    "clinician@example.org": [time(9, 0), time(12, 0), time(16, 20)],
    "clinician2@example.org": [time(10, 20), time(14, 0), time(17, 40)],
}


def slot_starts(zone, hours: list[time], *, today, days: int = DAYS) -> list[datetime]:
    """UTC starts of the given local times on each weekday from `today` for `days` days."""
    starts = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        starts += [datetime.combine(day, hour, tzinfo=zone).astimezone(timezone.utc) for hour in hours]
    return starts


def seed(staff: dict, options: dict) -> None:
    """staff maps the demo emails to their User rows; options holds CLI options."""
    zone = current_settings().zone
    today = utcnow().astimezone(zone).date()
    now = utcnow()
    for email, hours in DEMO_HOURS.items():
        clinician = staff.get(email)
        if clinician is None:
            continue
        taken = set(db.session.scalars(select(Slot.starts_at).where(Slot.clinician_id == clinician.id)))
        for start in slot_starts(zone, hours, today=today):
            if start > now and start not in taken:
                db.session.add(Slot(clinician_id=clinician.id, starts_at=start,
                                    ends_at=start + timedelta(minutes=SLOT_MINUTES), source="one_off"))
    db.session.flush()
