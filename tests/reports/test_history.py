"""The bulk history generator: counts, and every row consistent with the workflow rules."""
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from intake.auth.models import Role
from intake.cases.models import Case, CaseHandover, PhaseChange
from intake.cases.workflow import CaseStatus, Phase
from intake.reports import history
from intake.triage.models import ConsultationRequest, RequestStatusChange
from intake.triage.workflow import EXITS, RequestStatus, allowed
from intake.vocabulary import DISCHARGE_REASONS, REFERRAL_SOURCES, codes
from tests.conftest import TEST_PASSWORD, make_user
from tests.factories import make_request

NOW = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)


@pytest.fixture
def generated(db):
    clinicians = [make_user(Role.CLINICIAN).id, make_user(Role.CLINICIAN).id]
    counts = history.generate(db.session, 400, clinicians, now=NOW, seed=4, batch=150)
    db.session.commit()
    return counts, clinicians


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_counts_match_the_rows(db, generated):
    counts, _ = generated
    assert counts.requests == count(db, ConsultationRequest) == 400
    assert counts.status_changes == count(db, RequestStatusChange)
    assert counts.cases == count(db, Case) > 0
    assert counts.phase_changes == count(db, PhaseChange) >= counts.cases
    assert sum(counts.by_status.values()) == 400


def test_some_cases_pass_to_the_other_clinician_while_open(db, generated):
    counts, clinicians = generated
    handovers = db.session.scalars(select(CaseHandover)).all()
    assert counts.handovers == len(handovers) >= 1
    for handover in handovers:
        case = db.session.get(Case, handover.case_id)
        assert handover.from_clinician_id == case.request.assigned_to_id != handover.to_clinician_id
        assert case.clinician_id == handover.to_clinician_id
        assert case.opened_at < handover.created_at < (case.discharged_at or NOW)


def test_requests_spread_over_the_past_year(db, generated):
    first, last = db.session.execute(select(func.min(ConsultationRequest.created_at),
                                            func.max(ConsultationRequest.created_at))).one()
    assert NOW - timedelta(days=367) < first < NOW - timedelta(days=300)
    assert NOW - timedelta(days=14) < last <= NOW
    urgent = db.session.scalar(select(func.count()).where(ConsultationRequest.urgent.is_(True)))
    assert 15 <= urgent <= 70  # about 10 %
    sources = set(db.session.scalars(select(ConsultationRequest.referral_source)))
    assert sources - {None} <= set(codes(REFERRAL_SOURCES)) and len(sources) >= 5


def test_every_status_history_follows_the_workflow(db, generated):
    requests = {r.id: r for r in db.session.scalars(select(ConsultationRequest))}
    by_request: dict[int, list] = {}
    for change in db.session.scalars(select(RequestStatusChange).order_by(RequestStatusChange.id)):
        by_request.setdefault(change.request_id, []).append(change)
    statuses = Counter()
    for request_id, request in requests.items():
        changes = by_request[request_id]
        assert (changes[0].from_status, changes[0].to_status) == (None, RequestStatus.NEW)
        assert changes[0].created_at == request.created_at
        for before, after in zip(changes, changes[1:]):
            assert after.from_status == before.to_status
            assert allowed(after.from_status, after.to_status), (after.from_status, after.to_status)
            assert before.created_at <= after.created_at <= NOW
        assert request.status == changes[-1].to_status
        assert request.status_changed_at == changes[-1].created_at
        reached_contact = any(c.to_status in (RequestStatus.CONTACTED, RequestStatus.SCHEDULED)
                              for c in changes)
        if reached_contact:
            assert request.first_contacted_at is not None
        if request.first_contacted_at:
            assert request.created_at < request.first_contacted_at <= NOW
        assert (request.exit_reason is not None) == (request.status in EXITS)
        assert (request.assigned_to_id is None) == (request.status == RequestStatus.NEW)
        statuses[request.status] += 1
    assert set(statuses) >= {RequestStatus.CONVERTED, RequestStatus.DECLINED,
                             RequestStatus.REFERRED_OUT, RequestStatus.NO_RESPONSE}


def test_cases_come_from_converted_requests_with_consistent_phases(db, generated):
    _, clinicians = generated
    converted = set(db.session.scalars(select(ConsultationRequest.id).where(
        ConsultationRequest.status == RequestStatus.CONVERTED)))
    cases = list(db.session.scalars(select(Case)))
    assert {c.request_id for c in cases} == converted
    returned = 0
    for case in cases:
        assert case.clinician_id in clinicians
        assert case.client_name in history.FAKE_NAMES
        changes = case.phase_changes
        assert (changes[0].from_phase, changes[0].to_phase) == (None, Phase.STABILIZATION)
        assert changes[0].created_at == case.opened_at
        for before, after in zip(changes, changes[1:]):
            assert after.from_phase == before.to_phase != after.to_phase
            assert before.created_at < after.created_at
        returned += any(c.from_phase == Phase.PROCESSING for c in changes)
        if case.status == CaseStatus.DISCHARGED:
            assert case.discharge_reason in codes(DISCHARGE_REASONS)
            assert changes[-1].created_at < case.discharged_at <= NOW
        else:
            assert case.discharged_at is None and case.discharge_reason is None
    assert returned > 0
    assert any(c.status == CaseStatus.DISCHARGED for c in cases)
    assert any(c.phase == Phase.PROCESSING for c in cases)


def test_names_are_encrypted_fakes(db, generated):
    stored = db.session.connection().exec_driver_sql(
        "SELECT name FROM consultation_requests LIMIT 5").scalars().all()
    assert all(value.startswith("gAAAA") for value in stored)  # Fernet tokens, not names
    names = set(db.session.scalars(select(ConsultationRequest.name)))
    assert names <= set(history.FAKE_NAMES)


def test_the_application_keeps_inserting_after_a_bulk_run(db, generated):
    request = make_request()  # PostgreSQL: the id sequence moved past the explicit ids
    assert request.id > 400


def test_demo_seed_adds_a_year_of_history_once(runner, db):
    first = runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert first.exit_code == 0, first.output
    made = count(db, ConsultationRequest)
    assert made >= 600
    runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert count(db, ConsultationRequest) == made
    clinician_ids = set(db.session.scalars(select(ConsultationRequest.assigned_to_id).where(
        ConsultationRequest.submission_id.like(history.SUBMISSION_PREFIX + "%"))))
    assert len(clinician_ids - {None}) == 2


def test_demo_seed_requests_builds_n_more_in_bulk(runner, db):
    runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    before = count(db, ConsultationRequest)
    result = runner.invoke(args=["demo", "seed", "--password-stdin", "--requests", "250"],
                           input=TEST_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created 250 requests" in result.output
    assert count(db, ConsultationRequest) == before + 250
