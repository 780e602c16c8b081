"""Availability services against the real database: generation, withdrawal, conflicts."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from intake import audit, clock
from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.scheduling import booking, services
from intake.scheduling.models import Slot
from tests.conftest import make_user
from tests.factories import make_request

NY = ZoneInfo("America/New_York")
UTC = timezone.utc


@pytest.fixture
def clinician(app):
    clock.freeze(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))  # a Tuesday, 7:00 in New York
    return make_user(Role.CLINICIAN)


def slots(db, clinician, **where):
    query = select(Slot).where(Slot.clinician_id == clinician.id).order_by(Slot.starts_at)
    for name, value in where.items():
        query = query.where(getattr(Slot, name) == value)
    return list(db.session.scalars(query))


def local(slot):
    return slot.starts_at.astimezone(NY).strftime("%a %d %b %H:%M")


def add_hours(clinician, weekday, start, end, **kwargs):
    return services.add_weekly_hours(clinician, weekday=weekday, start=start, end=end,
                                     actor=audit.SYSTEM, **kwargs)


def test_adding_hours_generates_four_weeks_of_slots(db, clinician):
    outcome = add_hours(clinician, 2, time(9), time(10))  # Wednesdays
    db.session.commit()
    assert outcome.created == 12
    assert [local(s) for s in slots(db, clinician)][:4] == [
        "Wed 02 Dec 09:00", "Wed 02 Dec 09:20", "Wed 02 Dec 09:40", "Wed 09 Dec 09:00"]
    assert all(s.source == "weekly" and s.ends_at - s.starts_at == timedelta(minutes=20)
               for s in slots(db, clinician))


def test_generation_is_idempotent_and_keeps_existing_slots(db, clinician):
    add_hours(clinician, 2, time(9), time(10))
    db.session.commit()
    before = {s.id: s.public_id for s in slots(db, clinician)}
    again = services.generate_slots(clinician, weeks=4, actor=audit.SYSTEM)
    db.session.commit()
    assert again == services.Outcome()
    assert {s.id: s.public_id for s in slots(db, clinician)} == before
    further = services.generate_slots(clinician, weeks=6, actor=audit.SYSTEM)
    assert further.created == 6 and len(slots(db, clinician)) == 18


def test_past_times_today_are_not_generated(db, clinician):
    clock.freeze(datetime(2026, 12, 2, 14, 30, tzinfo=UTC))  # Wednesday 9:30 local
    add_hours(clinician, 2, time(9), time(10), weeks=1)
    assert [local(s) for s in slots(db, clinician)] == ["Wed 02 Dec 09:40"]


def test_generation_across_the_spring_transition(db, clinician):
    clock.freeze(datetime(2027, 3, 8, 12, 0, tzinfo=UTC))
    add_hours(clinician, 4, time(9), time(9, 20), weeks=2)  # Fridays 12th and 19th March
    found = slots(db, clinician)
    assert [local(s) for s in found] == ["Fri 12 Mar 09:00", "Fri 19 Mar 09:00"]
    assert [s.starts_at.hour for s in found] == [14, 13]  # EST, then EDT


def test_generation_across_the_autumn_transition(db, clinician):
    clock.freeze(datetime(2026, 10, 26, 12, 0, tzinfo=UTC))
    add_hours(clinician, 4, time(9), time(9, 20), weeks=2)  # Fridays 30 Oct and 6 Nov
    found = slots(db, clinician)
    assert [local(s) for s in found] == ["Fri 30 Oct 09:00", "Fri 06 Nov 09:00"]
    assert [s.starts_at.hour for s in found] == [13, 14]  # EDT, then EST


def test_overlapping_hours_are_refused(db, clinician):
    add_hours(clinician, 2, time(9), time(12))
    with pytest.raises(services.AvailabilityError, match="overlaps the Wednesday hours"):
        add_hours(clinician, 2, time(11), time(13))


def test_removing_hours_withdraws_open_slots_and_keeps_booked_ones(db, clinician):
    outcome = add_hours(clinician, 2, time(9), time(10))
    db.session.commit()
    hours = services.weekly_hours(clinician)[0]
    booked_slot = slots(db, clinician)[1]  # Wed 2 Dec 9:20
    request = make_request()
    booking.book(request, booked_slot)
    db.session.commit()

    outcome = services.remove_weekly_hours(hours, clinician, actor=audit.SYSTEM)
    db.session.commit()

    assert outcome.withdrawn == 11
    assert outcome.conflicts == (datetime(2026, 12, 2, 14, 20, tzinfo=UTC),)
    kept = slots(db, clinician, withdrawn=False)
    assert [s.id for s in kept] == [booked_slot.id]
    assert db.session.get(type(request), request.id).slot_id == booked_slot.id
    assert db.session.scalar(select(func.count()).select_from(Slot)) == 12  # nothing deleted


def test_narrowing_hours_withdraws_only_the_slots_outside(db, clinician):
    add_hours(clinician, 2, time(9), time(10), weeks=1)
    db.session.commit()
    services.remove_weekly_hours(services.weekly_hours(clinician)[0], clinician, actor=audit.SYSTEM)
    outcome = add_hours(clinician, 2, time(9, 20), time(10), weeks=1)
    db.session.commit()
    assert outcome.reinstated == 2 and outcome.created == 0
    assert [local(s) for s in slots(db, clinician, withdrawn=False)] == [
        "Wed 02 Dec 09:20", "Wed 02 Dec 09:40"]


def test_blocking_a_date_withdraws_its_slots_and_reports_bookings(db, clinician):
    add_hours(clinician, 2, time(9), time(10))
    extra = services.add_one_off_slot(clinician, day=date(2026, 12, 9), at=time(15),
                                      actor=audit.SYSTEM)
    db.session.commit()
    target = slots(db, clinician)[3]  # Wed 9 Dec 9:00
    booking.book(make_request(), target)
    db.session.commit()

    outcome = services.block_date(clinician, day=date(2026, 12, 9), actor=audit.SYSTEM)
    db.session.commit()

    assert outcome.withdrawn == 3 and outcome.conflicts == (target.starts_at,)
    db.session.refresh(extra)
    assert extra.withdrawn
    assert not db.session.get(Slot, target.id).withdrawn
    # Generation leaves the blocked date alone; unblocking brings its weekly slots back.
    assert services.generate_slots(clinician, weeks=4, actor=audit.SYSTEM).created == 0
    blocked = services.blocked_dates(clinician)[0]
    back = services.unblock_date(blocked, clinician, actor=audit.SYSTEM)
    assert back.reinstated == 2


def test_one_off_slots(db, clinician):
    slot = services.add_one_off_slot(clinician, day=date(2026, 12, 5), at=time(10, 30),
                                     actor=audit.SYSTEM)
    assert local(slot) == "Sat 05 Dec 10:30" and slot.source == "one_off"
    with pytest.raises(services.AvailabilityError, match="overlapping"):
        services.add_one_off_slot(clinician, day=date(2026, 12, 5), at=time(10, 40),
                                  actor=audit.SYSTEM)
    with pytest.raises(services.AvailabilityError, match="passed"):
        services.add_one_off_slot(clinician, day=date(2026, 12, 1), at=time(6), actor=audit.SYSTEM)
    with pytest.raises(services.AvailabilityError, match="clocks go forward"):
        services.add_one_off_slot(clinician, day=date(2027, 3, 14), at=time(2, 30),
                                  actor=audit.SYSTEM)
    services.withdraw_one_off_slot(slot, actor=audit.SYSTEM)
    assert slot.withdrawn
    again = services.add_one_off_slot(clinician, day=date(2026, 12, 5), at=time(10, 30),
                                      actor=audit.SYSTEM)
    assert again.id == slot.id and not again.withdrawn


def test_a_booked_one_off_slot_cannot_be_withdrawn(db, clinician):
    slot = services.add_one_off_slot(clinician, day=date(2026, 12, 5), at=time(10),
                                     actor=audit.SYSTEM)
    db.session.commit()
    booking.book(make_request(), slot)
    db.session.commit()
    with pytest.raises(services.AvailabilityError, match="booked"):
        services.withdraw_one_off_slot(slot, actor=audit.SYSTEM)
    db.session.rollback()
    assert not db.session.get(Slot, slot.id).withdrawn


def test_weekly_slots_are_not_withdrawn_one_by_one(db, clinician):
    add_hours(clinician, 2, time(9), time(10))
    with pytest.raises(services.AvailabilityError, match="weekly hours"):
        services.withdraw_one_off_slot(slots(db, clinician)[0], actor=audit.SYSTEM)


def test_every_change_is_audited_without_names(db, clinician):
    add_hours(clinician, 2, time(9), time(10))
    services.block_date(clinician, day=date(2026, 12, 9), actor=audit.SYSTEM)
    db.session.commit()
    events = list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.like("availability.%")).order_by(AuditEvent.id)))
    assert [(e.action, e.detail) for e in events] == [
        ("availability.hours.add", "weekday=2,09:00-10:00"),
        ("availability.generate", "days=28,created=12,reinstated=0"),
        ("availability.block", "date=2026-12-09,withdrawn=3,conflicts=0"),
    ]
    assert all(e.target_id == clinician.public_id for e in events)


def test_the_cli_extends_every_active_clinicians_slots(db, clinician, runner):
    add_hours(clinician, 2, time(9), time(10), weeks=1)
    idle = make_user(Role.CLINICIAN)  # no hours: nothing to generate
    gone = make_user(Role.CLINICIAN)
    add_hours(gone, 3, time(9), time(10), weeks=1)
    gone.active = False
    db.session.commit()
    result = runner.invoke(args=["availability", "generate", "--weeks", "3"])
    assert result.exit_code == 0, result.output
    assert "1 clinicians: 6 slots added" in result.output
    assert len(slots(db, clinician)) == 9 and slots(db, idle) == []
    assert len(slots(db, gone)) == 3
    again = runner.invoke(args=["availability", "generate", "--weeks", "3"])
    assert "0 slots added" in again.output


def test_a_deactivated_clinician_offers_nothing_new(db, clinician):
    clinician.active = False
    with pytest.raises(services.AvailabilityError, match="deactivated"):
        add_hours(clinician, 2, time(9), time(10))
    with pytest.raises(services.AvailabilityError, match="deactivated"):
        services.add_one_off_slot(clinician, day=date(2026, 12, 5), at=time(10),
                                  actor=audit.SYSTEM)


def test_a_slot_another_transaction_just_made_is_skipped_by_the_database(db, clinician):
    """The unique (clinician, start) decides: inserting an existing start is a no-op."""
    start = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    services._insert_weekly_slots(clinician, [start])
    services._insert_weekly_slots(clinician, [start, start + timedelta(minutes=20)])
    db.session.commit()
    assert [s.starts_at for s in slots(db, clinician)] == [start, start + timedelta(minutes=20)]
