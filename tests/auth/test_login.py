from datetime import timedelta

import pytest
from sqlalchemy import select

from intake import clock
from intake.audit.models import AuditEvent
from intake.auth.models import Role, StaffSession
from intake.auth.views import GENERIC_FAILURE
from tests.conftest import TEST_PASSWORD, csrf_token, make_user


def post_login(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client, "/login"), **extra})


def actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_sign_in_redirects_home_and_shows_the_name(client, app):
    user = make_user(Role.CLINICIAN, name="Dr. Ada Test")
    response = post_login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"
    assert "Dr. Ada Test" in client.get("/staff/").get_data(as_text=True)


def test_email_is_matched_case_insensitively(client, app):
    user = make_user(Role.ADMIN)
    assert post_login(client, user.email.upper(), TEST_PASSWORD).status_code == 303


@pytest.mark.parametrize("which", ["wrong-password", "unknown-email"])
def test_one_generic_message_for_any_failure(client, app, which):
    user = make_user(Role.CLINICIAN)
    email = user.email if which == "wrong-password" else "nobody@example.org"
    password = "not-the-password-at-all" if which == "wrong-password" else TEST_PASSWORD
    response = post_login(client, email, password)
    assert response.status_code == 422
    assert GENERIC_FAILURE in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client, app):
    user = make_user(Role.CLINICIAN)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302  # still signed out


def test_ten_failures_lock_the_account_for_fifteen_minutes(client, app, db):
    clock.freeze(clock.utcnow())
    user = make_user(Role.CLINICIAN)
    for _ in range(10):
        assert post_login(client, user.email, "wrong-password-123").status_code == 422
    # Locked: even the right password is refused, with the same generic message.
    response = post_login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 422 and GENERIC_FAILURE in response.get_data(as_text=True)
    assert "auth.lockout" in actions(db)
    clock.advance(timedelta(minutes=14))
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 422
    clock.advance(timedelta(minutes=2))
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 303


def test_a_success_resets_the_failure_count(client, app, db):
    user = make_user(Role.CLINICIAN)
    for _ in range(9):
        post_login(client, user.email, "wrong-password-123")
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 303
    db.session.refresh(user)
    assert user.failed_logins == 0


def test_inactive_user_cannot_sign_in(client, app):
    user = make_user(Role.CLINICIAN, active=False)
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 422


def test_session_is_rotated_at_sign_in(client, app):
    user = make_user(Role.CLINICIAN)
    with client.session_transaction() as session:
        session["planted"] = "from before sign-in"
    post_login(client, user.email, TEST_PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid")


def test_logout_revokes_the_session_on_the_server(client, app, auth):
    auth.login(Role.CLINICIAN)
    captured = client.get_cookie("intake_session").value
    assert auth.logout().status_code == 303
    # Replaying the cookie captured before logout no longer works.
    client.set_cookie("intake_session", captured)
    assert client.get("/staff/").status_code == 302


def test_deactivating_a_user_ends_their_sessions(client, app, auth, db):
    from intake.auth import services

    user = auth.login(Role.CLINICIAN)
    assert client.get("/staff/").status_code == 200
    make_user(Role.ADMIN)
    services.set_active(user, False, actor="system")
    db.session.commit()
    assert client.get("/staff/").status_code == 302
    assert db.session.scalar(select(StaffSession).where(StaffSession.user_id == user.id)).revoked_at


def test_idle_timeout_signs_out_after_fifteen_minutes(client, app, auth):
    clock.freeze(clock.utcnow())
    auth.login(Role.CLINICIAN)
    clock.advance(timedelta(minutes=14))
    assert client.get("/staff/").status_code == 200  # activity resets the idle timer
    clock.advance(timedelta(minutes=14))
    assert client.get("/staff/").status_code == 200
    clock.advance(timedelta(minutes=16))
    response = client.get("/staff/", follow_redirects=True)
    assert "signed out after a period without activity" in response.get_data(as_text=True)


def test_absolute_timeout_after_twelve_hours_of_activity(client, app, auth):
    clock.freeze(clock.utcnow())
    auth.login(Role.CLINICIAN)
    for _ in range(71):  # active every 10 minutes for 11 h 50 min
        clock.advance(timedelta(minutes=10))
        assert client.get("/staff/").status_code == 200
    clock.advance(timedelta(minutes=11))
    response = client.get("/staff/", follow_redirects=True)
    assert "reached its time limit" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_next_never_redirects_off_site(client, app, target):
    user = make_user(Role.CLINICIAN)
    response = client.post(f"/login?next={target}", data={
        "email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert response.headers["Location"] == "/staff/"


def test_next_returns_to_the_page_that_asked(client, app):
    user = make_user(Role.CLINICIAN)
    assert client.get("/staff/").headers["Location"] == "/login?next=/staff/"
    response = client.post("/login?next=/staff/", data={
        "email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert response.headers["Location"] == "/staff/"


def test_sign_in_and_out_are_audited(client, app, auth, db):
    auth.login(Role.CLINICIAN)
    auth.logout()
    assert actions(db)[-2:] == ["auth.login", "auth.logout"]


def test_must_change_password_before_anything_else(client, app, auth, db):
    user = make_user(Role.CLINICIAN, must_change_password=True)
    auth.login(user=user)
    assert client.get("/staff/").headers["Location"] == "/account/password"
    token = csrf_token(client, "/account/password")
    weak = client.post("/account/password", data={"current": TEST_PASSWORD, "new": "password1234",
                                                  "confirm": "password1234", "csrf_token": token})
    assert weak.status_code == 422 and "too common" in weak.get_data(as_text=True)
    new = "violet-orchard-tugboat-88"
    done = client.post("/account/password", data={"current": TEST_PASSWORD, "new": new,
                                                  "confirm": new, "csrf_token": token})
    assert done.status_code == 303
    assert client.get("/staff/").status_code == 200
