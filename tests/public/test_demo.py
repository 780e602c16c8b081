from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from intake import clock, demo
from intake.extensions import db
from intake.public import demo as public_demo
from intake.scheduling.models import Slot
from intake.templating import local_time


def seed_public_demo():
    """This feature's seeder alone (the admin's weekly hours add slots of their own)."""
    staff, _ = demo.seed_staff("demo-password-for-tests-1")
    public_demo.seed(staff, {})
    db.session.commit()


def test_seed_opens_weekday_slots_once(app, db):
    clock.freeze(datetime(2026, 10, 26, 12, 0, tzinfo=timezone.utc))  # a Monday; DST ends Nov 1
    seed_public_demo()
    count = db.session.scalar(select(func.count(Slot.id)))
    seed_public_demo()
    assert db.session.scalar(select(func.count(Slot.id))) == count
    slots = list(db.session.scalars(select(Slot)))
    # Ten weekdays, three times each, two clinicians (12:00 UTC is 8:00 am in New York).
    assert count == 10 * 3 * 2
    assert {local_time(s.starts_at) for s in slots} == {
        "9:00 am", "12:00 pm", "4:20 pm", "10:20 am", "2:00 pm", "5:40 pm"}


def test_slot_starts_keep_local_time_across_dst():
    starts = public_demo.slot_starts(ZoneInfo("America/New_York"), [time(9, 0)],
                                     today=date(2026, 10, 30), days=4)
    assert [s.isoformat() for s in starts] == ["2026-10-30T13:00:00+00:00", "2026-11-02T14:00:00+00:00"]
