import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases.models import Case
from intake.cases.services import reassign_case
from intake.extensions import db
from intake.security.blind_index import blind_index
from intake.triage.models import ConsultationRequest
from intake.triage.workflow import RequestStatus
from tests.conftest import csrf_token, make_user
from tests.factories import make_request, make_slot

S = RequestStatus
NARRATIVE = "He checks my messages every night and I keep going back."


def client_request(**overrides):
    values = dict(name="Alex Quinn", name_index=blind_index("Alex Quinn"), narrative=NARRATIVE,
                  phone="+12125550123", email="alex@example.net", ok_call=True, ok_email=False,
                  ok_voicemail=False, in_danger="no", self_harm="no", safe_times="weekdays 9-11")
    values.update(overrides)
    return make_request(**values)


def post(client, url, data, token_from):
    return client.post(url, data={"csrf_token": csrf_token(client, token_from), **data})


def version(request):
    db.session.refresh(request)
    return str(request.version)


def test_request_page_puts_the_safe_contact_rules_first_and_is_audited(client, login):
    login(Role.CLINICIAN)
    request = client_request(urgent=True, in_danger="yes")
    html = client.get(f"/requests/{request.public_id}").get_data(as_text=True)
    assert NARRATIVE in html and "Alex Quinn" in html
    rules = html.index("How to contact them safely")
    assert html.index("Safety first") < rules < html.index("What they told us")
    for line in ("Do not leave a voicemail.", "Do not say the practice&#39;s name.",
                 "Do not email them.", "Safe times: weekdays 9-11."):
        assert line in html
    assert "<title>Request · Intake</title>" in html
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request.viewed"))
    assert event.target_id == request.public_id and event.detail == "full"


def test_another_clinicians_request_is_404_in_detail_list_and_actions(client, login):
    owner = make_user(Role.CLINICIAN)
    request = client_request(assigned_to_id=owner.id, status=S.IN_REVIEW)
    login(Role.CLINICIAN)
    assert client.get(f"/requests/{request.public_id}").status_code == 404
    assert "Alex Quinn" not in client.get("/requests/").get_data(as_text=True)
    response = post(client, f"/requests/{request.public_id}/contact",
                    {"contact-version": "1", "contact-method": "call", "contact-outcome": "reached"},
                    "/requests/")
    assert response.status_code == 404


def test_admin_sees_status_and_assignment_but_no_clinical_text(client, login):
    clinician = make_user(Role.CLINICIAN, name="Dr. Assigned")
    request = client_request(assigned_to_id=clinician.id, status=S.IN_REVIEW)
    login(Role.ADMIN)
    html = client.get(f"/requests/{request.public_id}").get_data(as_text=True)
    assert request.reference in html and "Dr. Assigned" in html and "In review" in html
    for secret in (NARRATIVE, "Alex Quinn", "+12125550123", "alex@example.net", "weekdays 9-11"):
        assert secret not in html
    queue = client.get("/requests/").get_data(as_text=True)
    assert request.reference in queue and "Alex Quinn" not in queue
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request.viewed"))
    assert event.detail == "status"


def test_admin_cannot_take_clinical_actions(client, login):
    request = client_request()
    login(Role.ADMIN)
    response = post(client, f"/requests/{request.public_id}/claim", {"claim-version": "1"},
                    "/requests/")
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    request = client_request()
    response = client.get(f"/requests/{request.public_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_claim_then_contact_attempt(client, login):
    me = login(Role.CLINICIAN)
    request = client_request()
    url = f"/requests/{request.public_id}"
    response = post(client, f"{url}/claim", {"claim-version": version(request)}, url)
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    db.session.refresh(request)
    assert request.assigned_to_id == me.id and request.status == S.IN_REVIEW
    response = post(client, f"{url}/contact", {"contact-version": version(request),
                    "contact-method": "call", "contact-outcome": "no_answer",
                    "contact-note": "No answer at 9:15."}, url)
    assert response.status_code == 303
    db.session.refresh(request)
    assert request.status == S.CONTACTED and request.first_contacted_at is not None
    assert "No answer at 9:15." in client.get(url).get_data(as_text=True)


def test_claim_then_hand_back_to_the_queue(client, login):
    login(Role.CLINICIAN)
    request = client_request()
    url = f"/requests/{request.public_id}"
    post(client, f"{url}/claim", {"claim-version": version(request)}, url)
    db.session.refresh(request)
    assert "Hand back to the queue" in client.get(url).get_data(as_text=True)
    response = post(client, f"{url}/release", {"release-version": version(request)}, url)
    assert response.status_code == 303 and response.headers["Location"].endswith("/requests/")
    assert "Handed back to the queue" in client.get("/requests/").get_data(as_text=True)
    db.session.refresh(request)
    assert request.assigned_to_id is None and request.status == S.IN_REVIEW
    assert "Claim this request" in client.get(url).get_data(as_text=True)


def test_an_unsafe_method_is_refused_beside_the_field_and_the_note_kept(client, login):
    me = login(Role.CLINICIAN)
    request = client_request(assigned_to_id=me.id, status=S.IN_REVIEW)
    url = f"/requests/{request.public_id}"
    response = post(client, f"{url}/contact", {"contact-version": version(request),
                    "contact-method": "voicemail", "contact-outcome": "left_message",
                    "contact-note": "Typed carefully."}, url)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Do not leave a voicemail." in html and 'id="contact-method-error"' in html
    assert "Typed carefully." in html
    db.session.refresh(request)
    assert request.contact_attempts == [] and request.status == S.IN_REVIEW


def test_missing_answers_re_render_with_422(client, login):
    me = login(Role.CLINICIAN)
    request = client_request(assigned_to_id=me.id, status=S.IN_REVIEW)
    url = f"/requests/{request.public_id}"
    response = post(client, f"{url}/close", {"close-version": version(request),
                    "close-outcome": "declined", "close-reason": ""}, url)
    assert response.status_code == 422
    assert "Say why." in response.get_data(as_text=True)


def test_a_stale_form_shows_the_fresh_state_with_409(client, login):
    me = login(Role.CLINICIAN)
    request = client_request(assigned_to_id=me.id, status=S.IN_REVIEW)
    url = f"/requests/{request.public_id}"
    old = version(request)
    request.updated_at = request.updated_at + timedelta(seconds=1)  # someone else's edit
    db.session.commit()
    response = post(client, f"{url}/close", {"close-version": old, "close-outcome": "declined",
                                             "close-reason": "Out of area."}, url)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed while you were looking at it" in html
    assert f'name="close-version" type="hidden" value="{version(request)}"' in html
    assert request.status == S.IN_REVIEW


def test_losing_a_claim_to_another_clinician_says_so(client, login):
    login(Role.CLINICIAN)
    request = client_request()
    url = f"/requests/{request.public_id}"
    token = csrf_token(client, url)
    request.assigned_to_id = make_user(Role.CLINICIAN).id
    db.session.commit()
    response = client.post(f"{url}/claim", data={"csrf_token": token, "claim-version": "1"})
    assert response.status_code == 404  # it is now someone else's: no existence oracle


def test_schedule_consulted_and_convert(client, login):
    me = login(Role.CLINICIAN)
    request = client_request(assigned_to_id=me.id, status=S.CONTACTED)
    slot = make_slot(me)
    url = f"/requests/{request.public_id}"
    assert post(client, f"{url}/schedule", {"schedule-version": version(request),
                "schedule-slot": slot.public_id}, url).status_code == 303
    assert post(client, f"{url}/consulted", {"consulted-version": version(request),
                "consulted-note": "Wants to start."}, url).status_code == 303
    response = post(client, f"{url}/convert", {"convert-version": version(request)}, url)
    assert response.status_code == 303
    db.session.refresh(request)
    case_id = re.search(r"/cases/([\w-]+)$", response.headers["Location"]).group(1)
    assert request.status == S.CONVERTED
    assert db.session.scalar(select(ConsultationRequest.status).where(
        ConsultationRequest.id == request.id)) == S.CONVERTED
    assert f'href="/cases/{case_id}"' in client.get(url).get_data(as_text=True)
    # Once the case passes to another clinician, the request no longer links to a page that
    # would answer 404.
    case = db.session.scalar(select(Case).where(Case.public_id == case_id))
    reassign_case(case, make_user(Role.CLINICIAN), actor=make_user(Role.ADMIN),
                  expected_version=case.version)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert f'href="/cases/{case_id}"' not in page and "passed to another clinician" in page


def test_a_slot_booked_by_someone_else_is_a_clear_message(client, login):
    me = login(Role.CLINICIAN)
    request = client_request(assigned_to_id=me.id, status=S.CONTACTED)
    slot = make_slot(me)
    url = f"/requests/{request.public_id}"
    token = csrf_token(client, url)
    client_request(slot_id=slot.id, status=S.SCHEDULED)
    response = client.post(f"{url}/schedule", data={"csrf_token": token,
                           "schedule-version": version(request), "schedule-slot": slot.public_id})
    assert response.status_code == 422
    assert "no longer available" in response.get_data(as_text=True)


def test_admin_assigns_and_the_clinician_is_notified(client, login):
    clinician = make_user(Role.CLINICIAN, name="Dr. Picked")
    request = client_request()
    login(Role.ADMIN)
    url = f"/requests/{request.public_id}"
    response = post(client, f"{url}/assign", {"assign-version": version(request),
                    "assign-clinician": clinician.public_id}, url)
    assert response.status_code == 303
    db.session.refresh(request)
    assert request.assigned_to_id == clinician.id


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.ADMIN])
def test_staff_home_counts(client, login, role):
    user = login(role)
    client_request(urgent=True)
    client_request()
    client_request(status=S.CONTACTED)  # handed back to the queue after a first call
    if role == Role.CLINICIAN:
        client_request(assigned_to_id=user.id, status=S.IN_REVIEW)
        slot = make_slot(user, starts_in=timedelta(hours=3))
        client_request(assigned_to_id=user.id, status=S.SCHEDULED, slot_id=slot.id)
    html = client.get("/staff/").get_data(as_text=True)
    assert re.search(r'glance-count">1</span>\s*urgent request not yet contacted', html)
    assert re.search(r'glance-count">3</span>\s*requests waiting for a clinician to take them', html)
    if role == Role.CLINICIAN:
        assert re.search(r'glance-count">1</span>\s*of my requests awaiting contact', html)
        assert "Alex Quinn" in html  # a booked consultation today or tomorrow
    else:
        assert "of my requests" not in html


CLINICAL_ACTIONS = ["claim", "contact", "schedule", "cancel", "consulted", "close", "reopen", "convert"]


@pytest.mark.parametrize("action", CLINICAL_ACTIONS + ["assign"])
def test_every_action_on_another_clinicians_request_is_404(client, login, action):
    request = client_request(assigned_to_id=make_user(Role.CLINICIAN).id, status=S.IN_REVIEW)
    login(Role.CLINICIAN)
    response = post(client, f"/requests/{request.public_id}/{action}",
                    {f"{action}-version": version(request)}, "/requests/")
    assert response.status_code == 404
    db.session.refresh(request)
    assert request.version == 1


@pytest.mark.parametrize("action", CLINICAL_ACTIONS)
def test_admins_cannot_take_clinical_actions(client, login, action):
    request = client_request()
    login(Role.ADMIN)
    response = post(client, f"/requests/{request.public_id}/{action}",
                    {f"{action}-version": version(request)}, "/requests/")
    assert response.status_code == 404


def test_clinicians_cannot_assign(client, login):
    request = client_request()
    login(Role.CLINICIAN)
    response = post(client, f"/requests/{request.public_id}/assign",
                    {"assign-version": version(request),
                     "assign-clinician": make_user(Role.CLINICIAN).public_id}, "/requests/")
    assert response.status_code == 404


def test_an_unknown_request_is_404(client, login):
    login(Role.CLINICIAN)
    assert client.get("/requests/no-such-request").status_code == 404


def test_bad_queue_filters_are_explained_with_422(client, login):
    login(Role.CLINICIAN)
    response = client.get("/requests/?created_from=not-a-date")
    assert response.status_code == 422
    assert "Not a valid date value." in response.get_data(as_text=True)


def test_queue_search_by_name_finds_only_the_exact_person(client, login):
    login(Role.CLINICIAN)
    client_request()
    client_request(name="Alexandra Quinn", name_index=blind_index("Alexandra Quinn"))
    html = client.get("/requests/?q=alex+quinn").get_data(as_text=True)
    assert "Alex Quinn" in html and "Alexandra Quinn" not in html
    closed = client_request(status=S.DECLINED, name="Gone Person", name_index=blind_index("Gone Person"))
    assert "Gone Person" in client.get(f"/requests/?q={closed.reference}").get_data(as_text=True)


def test_todays_and_tomorrows_consultations_follow_the_practice_day(client, login):
    from datetime import datetime, timezone
    from intake import clock
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    clock.freeze(datetime(2026, 12, 1, 22, 30, tzinfo=new_york))  # 03:30 UTC on 2 December
    me = login(Role.CLINICIAN)
    tonight = make_slot(me, starts_at=datetime(2026, 12, 1, 23, 40, tzinfo=new_york).astimezone(timezone.utc))
    morning = make_slot(me, starts_at=datetime(2026, 12, 2, 9, 0, tzinfo=new_york).astimezone(timezone.utc))
    client_request(name="Tonight Person", assigned_to_id=me.id, status=S.SCHEDULED, slot_id=tonight.id)
    client_request(name="Morning Person", assigned_to_id=me.id, status=S.SCHEDULED, slot_id=morning.id)
    html = client.get("/staff/").get_data(as_text=True)
    today, tomorrow = html.index("Today&#39;s consultations"), html.index("Tomorrow&#39;s consultations")
    assert today < html.index("Tonight Person") < tomorrow < html.index("Morning Person")
    assert "11:40 pm" in html and "9:00 am" in html
