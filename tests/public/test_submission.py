"""Submitting: 303 to a private confirmation, booking, safety, replay, anti-abuse."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake import clock
from intake.triage.models import ConsultationRequest
from tests.factories import make_request, make_slot
from tests.public.conftest import form_tokens, hidden_tokens

REFERENCE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")


def only_request(db) -> ConsultationRequest:
    return db.session.scalars(select(ConsultationRequest)).one()


def count(db) -> int:
    return db.session.scalar(select(func.count(ConsultationRequest.id)))


def test_a_submission_redirects_to_a_confirmation_with_the_reference(client, submit, db):
    response = submit(name="Robin Quill")
    assert response.status_code == 303
    request = only_request(db)
    location = response.headers["Location"]
    assert location == f"/consultation/sent/{request.public_id}"
    assert request.reference not in location and "Robin" not in location
    assert REFERENCE.match(request.reference)
    page = client.get(location).get_data(as_text=True)
    assert request.reference in page
    assert "Robin" not in page  # nothing they typed is echoed back
    assert "We will contact you to arrange a time" in page


@pytest.mark.parametrize("answers, urgent", [
    ({"in_danger": "yes"}, True), ({"self_harm": "yes"}, True), ({"self_harm": "unsure"}, True),
    ({"in_danger": "no", "self_harm": "no"}, False), ({}, False)])
def test_the_safety_screen_flags_urgent_and_shows_crisis_resources(client, submit, db, answers, urgent):
    response = submit(**answers)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert only_request(db).urgent is urgent
    panel = re.search(r'<section class="crisis".*?</section>', page, re.S)
    assert (panel is not None) is urgent
    assert panel is None or ("1-800-799-7233" in panel.group(0) and "988" in panel.group(0))
    assert "88788" in page  # the footer of every public page lists them quietly too


def test_a_yes_shows_crisis_resources_on_the_very_next_page_even_with_a_mistake(submit, db):
    page = submit(in_danger="yes", name="").get_data(as_text=True)
    panel = re.search(r'<section class="crisis" id="crisis-now"[^>]*>', page).group(0)
    assert "hidden" not in panel
    assert "START to 88788" in page
    quiet = submit(in_danger="no", name="").get_data(as_text=True)
    assert re.search(r'<section class="crisis" id="crisis-now"[^>]*hidden', quiet)


def test_crisis_resources_follow_the_region(client, submit, db):
    from intake.practice.models import PracticeSettings
    db.session.add(PracticeSettings(
        practice_name="Northlight Therapy", timezone="America/New_York",
        served_regions=[{"code": "NY", "name": "New York"}],
        crisis_resources={"default": [{"label": "Emergency", "contact": "Call 911"}],
                          "NY": [{"label": "NYC Well", "contact": "Call 1-888-692-9355"}]},
        quick_exit_url="https://example.com/", privacy_notice_text="Notice.",
        privacy_notice_version="2027-01"))
    db.session.commit()
    page = client.get(submit(self_harm="yes").headers["Location"]).get_data(as_text=True)
    assert "NYC Well" in page
    assert only_request(db).consent_notice_version == "2027-01"


def test_out_of_area_is_accepted_with_referral_guidance(client, submit, db):
    page = client.get(submit(region="outside").headers["Location"]).get_data(as_text=True)
    request = only_request(db)
    assert request.out_of_area and request.region == "outside"
    assert "outside the areas we serve" in page and "New York, New Jersey or Connecticut" in page


def test_booking_a_slot_shows_its_local_time_and_a_calendar_file(client, submit, db):
    from datetime import datetime, timezone
    clock.freeze(datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc))
    slot = make_slot(starts_at=datetime(2026, 12, 2, 19, 40, tzinfo=timezone.utc))
    response = submit(slot=slot.public_id, narrative="Private words")
    assert response.status_code == 303
    assert only_request(db).slot_id == slot.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wed 2 Dec 2026, 2:40 pm" in page
    ics = client.get(response.headers["Location"] + "/consultation.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert ics.headers["Content-Disposition"] == 'attachment; filename="consultation.ics"'
    body = ics.get_data(as_text=True)
    assert "DTSTART:20261202T194000Z\r\n" in body and "DTEND:20261202T200000Z\r\n" in body
    assert "SUMMARY:Consultation - Northlight Therapy\r\n" in body
    text_lines = [line for line in body.split("\r\n") if line.startswith(("SUMMARY", "DESCRIPTION"))]
    assert text_lines == ["SUMMARY:Consultation - Northlight Therapy",
                          "DESCRIPTION:Consultation with Northlight Therapy."]
    request = only_request(db)
    for private in (request.reference, "Robin", "Private words", request.public_id):
        assert private not in body


def test_no_calendar_file_without_a_booked_slot(client, submit):
    location = submit().headers["Location"]
    assert client.get(location + "/consultation.ics").status_code == 404


def test_a_slot_taken_a_moment_ago_answers_409_with_everything_kept(client, submit, db):
    slot = make_slot()
    tokens = form_tokens(client)  # the form was shown while the slot was still open
    make_request(slot_id=slot.id)
    response = submit(tokens, slot=slot.public_id, name="Robin Quill", narrative="Still here")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone booked that time a moment ago" in page and 'href="#slot-0"' in page
    assert 'value="Robin Quill"' in page and "Still here</textarea>" in page
    assert f'value="{slot.public_id}"' not in page  # no longer offered
    assert count(db) == 1  # only the other person's request
    retry = submit(hidden_tokens(page), slot="arrange", name="Robin Quill")
    assert retry.status_code == 303 and count(db) == 2


@pytest.mark.parametrize("value", ["withdrawn", "unknown", "too-soon"])
def test_a_slot_that_cannot_be_booked_is_a_409(submit, db, value):
    slots = {"withdrawn": lambda: make_slot(withdrawn=True).public_id,
             "unknown": lambda: "no-such-slot",
             "too-soon": lambda: make_slot(starts_in=timedelta(minutes=30)).public_id}
    assert submit(slot=slots[value]()).status_code == 409
    assert count(db) == 0


def test_replaying_the_same_form_returns_the_same_request(client, submit, db):
    tokens = form_tokens(client)
    first = submit(tokens, name="Robin")
    again = submit(tokens, name="Robin")
    edited = submit(tokens, name="Someone else")  # Back, change, send: still the one request
    assert first.status_code == again.status_code == edited.status_code == 303
    assert first.headers["Location"] == again.headers["Location"] == edited.headers["Location"]
    assert count(db) == 1 and only_request(db).name == "Robin"


def test_a_replay_that_booked_a_slot_is_not_a_lost_race(client, submit, db):
    slot = make_slot()
    tokens = form_tokens(client)
    assert submit(tokens, slot=slot.public_id).status_code == 303
    assert submit(tokens, slot=slot.public_id).status_code == 303
    assert count(db) == 1


def test_the_same_person_asking_twice_gets_the_same_kind_of_confirmation(client, submit, db):
    pages = []
    for _ in range(2):
        location = submit(name="Robin Quill", email="robin@example.net", ok_email="y").headers["Location"]
        pages.append(client.get(location).get_data(as_text=True))
    references = [r.reference for r in db.session.scalars(select(ConsultationRequest))]
    assert len(set(references)) == 2
    assert pages[0].replace(references[0], "REF") == pages[1].replace(references[1], "REF")


def test_the_confirmation_is_only_for_the_browser_that_sent_it(app, client, submit):
    location = submit().headers["Location"]
    assert client.get(location).status_code == 200
    other_browser = app.test_client()
    assert other_browser.get(location).status_code == 404
    assert other_browser.get(location + "/consultation.ics").status_code == 404


def test_the_confirmation_expires(client, submit):
    location = submit().headers["Location"]
    clock.advance(timedelta(minutes=31))
    assert client.get(location).status_code == 404


def test_a_guessed_token_is_a_plain_404(client, submit):
    submit()
    response = client.get("/consultation/sent/not-a-real-token")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This page is not available" in page and 'id="quick-exit"' in page


def test_the_browser_remembers_only_recent_confirmations(client, submit):
    locations = [submit().headers["Location"] for _ in range(4)]
    assert client.get(locations[0]).status_code == 404  # only the last three are kept
    assert all(client.get(location).status_code == 200 for location in locations[1:])
    clock.advance(timedelta(minutes=31))
    fresh = submit().headers["Location"]
    with client.session_transaction() as session:
        assert [token for token, _ in session["consultation_sent"]] == [fresh.rsplit("/", 1)[1]]


def test_the_form_asks_browsers_not_to_remember_answers(client):
    assert '<form method="post" action="/consultation" novalidate autocomplete="off">' in \
        client.get("/consultation").get_data(as_text=True)
