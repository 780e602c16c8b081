"""What reaches the database: encrypted answers, consent, audit, outbox, reference rules."""
from sqlalchemy import select, text

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.notifications.models import Notification
from intake.public import services
from intake.security.blind_index import blind_index
from intake.triage.models import ConsultationRequest, RequestStatusChange
from tests.conftest import make_user
from tests.factories import make_request

SECRETS = {"name": "Robin Quill", "pronouns": "they/them", "email": "robin.quill@example.net",
           "ok_email": "y", "phone": "(212) 555-0143", "safe_times": "Tuesdays before noon",
           "if_someone_else_answers": "Say it is the dentist", "narrative": "He reads my messages",
           "patterns": ["gaslighting"], "contact_status": "in_relationship",
           "in_danger": "yes", "self_harm": "no"}
PLAINTEXT = ["Robin", "they/them", "robin.quill", "2125550143", "Tuesdays", "dentist",
             "reads my messages", "gaslighting", "in_relationship"]


def test_answers_are_encrypted_on_disk(submit, db):
    assert submit(**SECRETS).status_code == 303
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM consultation_requests")).mappings().all()
    raw = " ".join(str(value) for value in rows[0].values())
    for secret in PLAINTEXT:
        assert secret not in raw
    request = db.session.scalars(select(ConsultationRequest)).one()
    assert request.name == "Robin Quill" and request.patterns == ["gaslighting"]
    assert request.in_danger == "yes" and request.phone == "+12125550143"


def test_consent_version_time_and_the_name_index_are_recorded(submit, db):
    submit(name="  Robin  Quill ")
    request = db.session.scalars(select(ConsultationRequest)).one()
    assert request.name == "Robin  Quill"
    assert request.name_index == blind_index("robin quill")
    assert request.consent_notice_version == "2026-11" and request.consented_at is not None
    history = db.session.scalars(select(RequestStatusChange)).one()
    assert (history.from_status, history.to_status) == (None, "new")


def test_the_submission_is_audited_as_public_without_names(submit, db):
    submit(**SECRETS)
    request = db.session.scalars(select(ConsultationRequest)).one()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request.submitted")).one()
    assert event.actor_label == "public" and event.actor_id is None
    assert event.target_id == request.public_id
    assert event.detail == "urgent=1 slot=0 out_of_area=0"


def test_clinicians_and_a_safe_email_get_neutral_notifications(submit, db):
    first, second = make_user(Role.CLINICIAN), make_user((Role.CLINICIAN, Role.ADMIN))
    make_user(Role.ADMIN)
    make_user(Role.CLINICIAN, active=False)
    submit(**SECRETS)
    request = db.session.scalars(select(ConsultationRequest)).one()
    sent = list(db.session.scalars(select(Notification).order_by(Notification.id)))
    staff = [n for n in sent if n.recipient_user_id]
    assert {n.recipient_user_id for n in staff} == {first.id, second.id}
    assert {n.subject for n in staff} == {"New consultation request (urgent)"}
    assert f"/requests/{request.public_id}" in staff[0].body
    client_mail = [n for n in sent if n.recipient_address]
    assert [n.recipient_address for n in client_mail] == ["robin.quill@example.net"]
    assert client_mail[0].subject == "Message received"
    for notification in sent:
        for secret in PLAINTEXT:
            assert secret not in notification.subject + notification.body


def test_no_email_to_the_client_unless_they_marked_it_safe(submit, db):
    submit(email="robin@example.net")  # given, but not ticked as safe
    assert db.session.scalars(select(Notification).where(
        Notification.recipient_address.is_not(None))).all() == []


def test_a_reference_collision_draws_another(app, db, monkeypatch):
    taken = make_request(reference="AAAA-BBBB")
    drawn = iter(["AAAA-BBBB", "CCCC-DDDD"])
    monkeypatch.setattr(services, "new_reference", lambda: next(drawn))
    from intake.practice.services import current_settings
    submission = services.submit_request(
        {"name": "Robin", "phone": "+12125550143", "ok_text": True, "region": "NY", "out_of_area": False},
        submission_id="s-1", slot_id=None, settings=current_settings())
    db.session.commit()
    assert submission.created and submission.request.reference == "CCCC-DDDD"
    assert taken.reference == "AAAA-BBBB"


def test_references_use_an_unambiguous_alphabet():
    references = {services.new_reference() for _ in range(500)}
    assert len(references) == 500
    assert not set("".join(references)) & set("01ILO")
