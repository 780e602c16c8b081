"""Honeypot, minimum fill time, a signed form token, CSRF and the per-IP limit."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake import clock
from intake.triage.models import ConsultationRequest
from tests.public.conftest import form_tokens, hidden_tokens


def count(db) -> int:
    return db.session.scalar(select(func.count(ConsultationRequest.id)))


@pytest.fixture
def app_config(app_config, request):
    return {**app_config, **getattr(request, "param", {})}


def test_the_honeypot_turns_a_script_away(submit, db):
    assert submit(website="https://spam.example").status_code == 422
    assert count(db) == 0


@pytest.mark.parametrize("app_config", [{"CONSULTATION_MIN_FILL_SECONDS": 3}], indirect=True)
def test_a_form_sent_faster_than_a_person_could_is_shown_again(client, submit, db):
    clock.freeze(clock.utcnow())
    tokens = form_tokens(client)
    response = submit(tokens, name="Robin")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "sent very quickly" in page
    assert 'value="Robin"' in page and count(db) == 0
    clock.advance(timedelta(seconds=4))
    assert submit(hidden_tokens(page), name="Robin").status_code == 303
    assert count(db) == 1


@pytest.mark.parametrize("token", ["", "forged", "WyJhYmMiLCAxXQ.invalid-signature"])
def test_a_missing_or_forged_form_token_is_refused(client, submit, db, token):
    tokens = {**form_tokens(client), "form_token": token}
    response = submit(tokens, name="Robin")
    assert response.status_code == 422
    assert "send the form again" in response.get_data(as_text=True)
    assert count(db) == 0
    assert submit(hidden_tokens(response.get_data(as_text=True))).status_code == 303


def test_an_expired_csrf_token_keeps_every_answer(client, submit, db):
    tokens = {**form_tokens(client), "csrf_token": "expired"}
    response = submit(tokens, name="Robin", narrative="All of it")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "this form expired" in page and 'value="Robin"' in page and "All of it</textarea>" in page
    assert count(db) == 0
    assert submit(hidden_tokens(page)).status_code == 303


@pytest.mark.parametrize("app_config", [{"CONSULTATION_RATE_LIMIT": "2 per hour"}], indirect=True)
def test_the_per_ip_limit_counts_stored_requests_and_still_shows_crisis_numbers(submit, db):
    assert [submit(name="").status_code for _ in range(3)] == [422] * 3  # mistakes do not count
    assert [submit().status_code for _ in range(2)] == [303, 303]
    response = submit()
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "1-800-799-7233" in page and 'id="quick-exit"' in page
    assert count(db) == 2


@pytest.mark.parametrize("app_config", [{"CONSULTATION_RATE_LIMIT": "1 per hour",
                                         "RATELIMIT_ENABLED": False}], indirect=True)
def test_the_limit_can_be_switched_off_for_load_tests(submit, db):
    assert {submit().status_code for _ in range(3)} == {303}
