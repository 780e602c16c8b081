from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases.models import Case
from intake.cases.opening import open_case
from intake.clock import utcnow
from intake.extensions import db
from intake.notifications.models import Notification
from intake.scheduling import booking
from intake.triage import services
from intake.triage.models import RequestStatusChange
from intake.triage.workflow import InvalidTransition, ReasonRequired, RequestStatus
from tests.conftest import make_user
from tests.factories import make_request, make_slot

S = RequestStatus


def actions(request):
    return [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.target_id == request.public_id).order_by(AuditEvent.id))]


def moves(request):
    return [(c.from_status, c.to_status) for c in db.session.scalars(
        select(RequestStatusChange).where(RequestStatusChange.request_id == request.id)
        .order_by(RequestStatusChange.id))]


@pytest.fixture
def clinician(app):
    return make_user(Role.CLINICIAN, name="Dr. Held")


@pytest.fixture
def held(clinician):
    """A request the clinician has claimed (in review)."""
    request = make_request(ok_call=True, ok_email=False, phone="+12125550100")
    services.claim_request(request, actor=clinician, version=request.version)
    db.session.commit()
    return request


def test_claim_takes_a_new_request_into_review(clinician):
    request = make_request()
    services.claim_request(request, actor=clinician, version=request.version)
    db.session.commit()
    assert request.assigned_to_id == clinician.id and request.status == S.IN_REVIEW
    assert moves(request)[-1] == (S.NEW, S.IN_REVIEW)
    assert actions(request) == ["request.claimed"]


def test_a_claimed_request_cannot_be_claimed_again(held):
    other = make_user(Role.CLINICIAN)
    with pytest.raises(services.RequestChanged):
        services.claim_request(held, actor=other, version=held.version)


def test_the_holder_hands_a_request_back_and_another_clinician_claims_it(held, clinician):
    services.record_contact_attempt(held, actor=clinician, method="call", outcome="no_answer")
    services.release_request(held, actor=clinician, version=held.version)
    db.session.commit()
    assert held.assigned_to_id is None and held.status == S.CONTACTED
    assert actions(held)[-1] == "request.released"
    other = make_user(Role.CLINICIAN)
    services.claim_request(held, actor=other, version=held.version)
    assert held.assigned_to_id == other.id and held.contact_attempts  # the attempt stays


def test_only_the_holder_hands_back_and_not_once_booked(held, clinician):
    with pytest.raises(services.NotYours):
        services.release_request(held, actor=make_user(Role.CLINICIAN), version=held.version)
    services.schedule_consultation(held, make_slot(clinician, starts_in=timedelta(days=2)),
                                   actor=clinician, version=held.version)
    with pytest.raises(services.TriageError, match="cancel the booking first"):
        services.release_request(held, actor=clinician, version=held.version)
    assert held.assigned_to_id == clinician.id


def test_a_stale_version_is_refused(clinician):
    request = make_request()
    with pytest.raises(services.RequestChanged):
        services.claim_request(request, actor=clinician, version=request.version - 1)


def test_assign_notifies_the_clinician_without_client_detail(clinician):
    admin = make_user(Role.ADMIN)
    request = make_request(name="Robin Unique-Name", narrative="He reads my phone.")
    services.assign_request(request, clinician, actor=admin, version=request.version)
    db.session.commit()
    assert request.assigned_to_id == clinician.id and request.status == S.IN_REVIEW
    note = db.session.scalar(select(Notification))
    assert note.recipient_user_id == clinician.id and note.kind == "request.assigned"
    assert note.body == "A consultation request was assigned to you. Sign in to see it."
    for secret in ("Robin", "phone", request.reference, request.public_id):
        assert secret not in note.subject and secret not in note.body
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request.assigned"))
    assert event.detail == f"to:{clinician.public_id}"


def test_assign_refuses_someone_who_is_not_a_clinician(clinician):
    admin = make_user(Role.ADMIN)
    with pytest.raises(services.TriageError):
        services.assign_request(make_request(), admin, actor=admin)


def test_first_contact_attempt_marks_contacted_and_sets_first_contacted_at(held, clinician):
    when = utcnow() - timedelta(minutes=5)
    services.record_contact_attempt(held, actor=clinician, method="call", outcome="no_answer",
                                    attempted_at=when, note="Rang twice.", version=held.version)
    db.session.commit()
    assert held.status == S.CONTACTED and held.first_contacted_at == when
    services.record_contact_attempt(held, actor=clinician, method="call", outcome="reached")
    db.session.commit()
    assert held.first_contacted_at == when  # the first attempt stays the first
    assert [a.outcome for a in held.contact_attempts] == ["no_answer", "reached"]
    assert actions(held)[-1] == "request.contact_attempted"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request.contact_attempted"))
    assert event.detail == "call:no_answer"  # codes only, never the note


@pytest.mark.parametrize("method,outcome,expected", [
    ("voicemail", "left_message", "Do not leave a voicemail."),
    ("text", "sent", "Do not text."),
    ("email", "sent", "Do not email."),
    ("call", "left_message", "Do not leave a voicemail."),
])
def test_an_unsafe_method_is_refused_with_the_reason(held, clinician, method, outcome, expected):
    with pytest.raises(services.UnsafeMethod) as refused:
        services.record_contact_attempt(held, actor=clinician, method=method, outcome=outcome)
    assert expected in str(refused.value)
    db.session.rollback()
    assert held.contact_attempts == [] and held.first_contacted_at is None


def test_only_the_holder_acts(held):
    other = make_user(Role.CLINICIAN)
    with pytest.raises(services.NotYours):
        services.record_contact_attempt(held, actor=other, method="call", outcome="reached")


def test_schedule_reschedule_and_cancel(held, clinician):
    first, second = make_slot(clinician), make_slot(clinician, starts_in=timedelta(days=3))
    services.schedule_consultation(held, first, actor=clinician, version=held.version)
    db.session.commit()
    assert held.status == S.SCHEDULED and held.slot_id == first.id
    services.schedule_consultation(held, second, actor=clinician, version=held.version)
    db.session.commit()
    assert held.slot_id == second.id and booking.find_bookable(first.public_id) == first
    services.cancel_consultation(held, actor=clinician, version=held.version)
    db.session.commit()
    assert held.status == S.CONTACTED and held.slot_id is None
    assert booking.find_bookable(second.public_id) == second
    assert actions(held)[-3:] == ["request.scheduled", "request.rescheduled", "request.booking_cancelled"]


def test_a_slot_taken_by_someone_else_is_a_clear_message(held, clinician):
    slot = make_slot(clinician)
    booking.book(make_request(), slot)
    db.session.commit()
    with pytest.raises(services.SlotTaken) as lost:
        services.schedule_consultation(held, slot, actor=clinician)
    assert "a moment ago" in str(lost.value)
    db.session.commit()  # the caller's transaction is still usable
    assert held.status == S.IN_REVIEW


def test_consulted_needs_a_note_and_stores_it_encrypted(held, clinician):
    services.schedule_consultation(held, make_slot(clinician), actor=clinician)
    with pytest.raises(services.TriageError):
        services.mark_consulted(held, actor=clinician, note="  ")
    services.mark_consulted(held, actor=clinician, note="Good fit; wants telehealth.")
    db.session.commit()
    raw = db.session.execute(db.text("SELECT consultation_note FROM consultation_requests "
                                     "WHERE id = :id"), {"id": held.id}).scalar()
    assert held.status == S.CONSULTED and "telehealth" not in raw


def test_close_needs_a_reason_and_releases_the_slot(held, clinician):
    slot = make_slot(clinician)
    services.schedule_consultation(held, slot, actor=clinician)
    with pytest.raises(ReasonRequired):
        services.close_request(held, S.DECLINED, actor=clinician, reason="")
    services.close_request(held, S.NO_RESPONSE, actor=clinician, reason="Three attempts, no reply.")
    db.session.commit()
    assert held.status == S.NO_RESPONSE and held.slot_id is None
    assert booking.find_bookable(slot.public_id) == slot
    services.reopen_request(held, actor=clinician, version=held.version)
    db.session.commit()
    assert held.status == S.IN_REVIEW and held.exit_reason is None


def test_illegal_steps_are_refused(held, clinician):
    with pytest.raises(InvalidTransition):
        services.mark_consulted(held, actor=clinician, note="Too early.")
    with pytest.raises(InvalidTransition):
        services.reopen_request(held, actor=clinician)


def test_open_case_from_a_consulted_request(held, clinician):
    services.schedule_consultation(held, make_slot(clinician), actor=clinician)
    services.mark_consulted(held, actor=clinician, note="Agreed to start.")
    case = open_case(held, actor=clinician)
    db.session.commit()
    assert held.status == S.CONVERTED and case.request_id == held.id
    assert case.clinician_id == clinician.id and case.client_name == held.name
    assert case.phase == "stabilization" and case.phase_changes[0].from_phase is None
    assert db.session.scalar(select(Case).where(Case.request_id == held.id)) == case
    assert "request.converted" in actions(held)
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.target_id == case.public_id)) == "case.opened"


def test_open_case_refuses_a_request_not_yet_consulted(held, clinician):
    with pytest.raises(InvalidTransition):
        open_case(held, actor=clinician)
