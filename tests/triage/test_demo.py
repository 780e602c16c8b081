from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from intake import audit, demo
from intake.cases.models import Case
from intake.triage import demo as triage_demo
from intake.triage.models import ConsultationRequest, ContactAttempt
from intake.triage.workflow import RequestStatus
from tests.factories import make_slot


def statuses(db) -> Counter:
    return Counter(db.session.scalars(select(ConsultationRequest.status)))


def test_demo_requests_cover_every_status_and_book_open_slots(app, db):
    staff, _ = demo.seed_staff("demo-password-for-tests-123")
    for email in ("clinician@example.org", "clinician2@example.org"):
        for day in range(1, 4):
            make_slot(staff[email], starts_in=timedelta(days=day, hours=3))
    triage_demo.seed(staff, {})
    db.session.commit()
    counts = statuses(db)
    assert set(counts) == set(RequestStatus) and sum(counts.values()) == 30
    booked = db.session.scalars(select(ConsultationRequest).where(
        ConsultationRequest.status == RequestStatus.SCHEDULED)).all()
    assert all(r.slot and r.slot.clinician_id == r.assigned_to_id for r in booked)
    assert db.session.scalar(select(func.count()).select_from(ContactAttempt)) > 20
    assert db.session.scalar(select(func.count()).select_from(Case)) == counts[RequestStatus.CONVERTED]
    assert db.session.scalar(select(func.count()).where(ConsultationRequest.urgent.is_(True))) >= 3
    assert audit.verify().intact


def test_demo_seed_command_runs_twice_without_duplicating(app, db, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    first = statuses(db)
    assert sum(first.values()) >= 30
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert statuses(db) == first
