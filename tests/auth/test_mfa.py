from datetime import timedelta

import pyotp
import pytest

from intake import clock
from intake.auth.models import Role
from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REQUIRE_MFA": True}


def current_code(secret):
    return pyotp.TOTP(secret).at(clock.utcnow())


def test_required_mfa_sends_a_new_user_to_enrolment(client, auth, db):
    user = auth.login(Role.CLINICIAN)
    assert client.get("/staff/").headers["Location"] == "/account/mfa"
    page = client.get("/account/mfa").get_data(as_text=True)
    assert "<svg" in page
    db.session.refresh(user)
    wrong = client.post("/account/mfa", data={"code": "000000", "csrf_token": csrf_token(client, "/account/mfa")})
    assert wrong.status_code == 422
    db.session.refresh(user)
    response = client.post("/account/mfa", data={"code": current_code(user.totp_secret),
                                                 "csrf_token": csrf_token(client, "/account/mfa")})
    assert response.status_code == 303
    assert client.get("/staff/").status_code == 200


def test_enrolled_user_must_give_a_code_and_codes_cannot_be_replayed(client, auth, db):
    clock.freeze(clock.utcnow())
    user = auth.login(Role.CLINICIAN)
    db.session.refresh(user)
    token = csrf_token(client, "/account/mfa")
    code = current_code(user.totp_secret)
    client.post("/account/mfa", data={"code": code, "csrf_token": token})
    auth.logout(token_from="/staff/")

    auth.login(user=user)
    assert client.get("/staff/").headers["Location"] == "/login/code"
    replay = client.post("/login/code", data={"code": code, "csrf_token": csrf_token(client, "/login/code")})
    assert replay.status_code == 422  # the same code twice is refused
    clock.advance(timedelta(seconds=30))
    db.session.refresh(user)
    fresh = client.post("/login/code", data={"code": current_code(user.totp_secret),
                                             "csrf_token": csrf_token(client, "/login/code")})
    assert fresh.status_code == 303
    assert client.get("/staff/").status_code == 200
