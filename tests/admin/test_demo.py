"""The admin demo: settings row, weekly hours with slots, admin actions; idempotent."""
from sqlalchemy import func, select

from intake.audit.models import AuditEvent
from intake.auth.models import User
from intake.practice.models import PracticeSettings
from intake.scheduling.models import Slot, WeeklyHours
from tests.conftest import TEST_PASSWORD


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_seed_builds_admin_records_once(runner, db):
    first = runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert first.exit_code == 0, first.output
    assert count(db, PracticeSettings) == 1
    assert count(db, WeeklyHours) == 6
    slots = count(db, Slot, Slot.withdrawn.is_(False))
    assert slots > 40
    former = db.session.scalar(select(User).where(User.email == "morgan.former@example.org"))
    assert former is not None and not former.active
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"settings.update", "availability.hours.add", "availability.block",
            "user.create", "user.deactivate"} <= actions

    again = runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert again.exit_code == 0, again.output
    assert count(db, WeeklyHours) == 6 and count(db, PracticeSettings) == 1
    assert count(db, Slot, Slot.withdrawn.is_(False)) == slots
    assert count(db, User, User.email == "morgan.former@example.org") == 1
