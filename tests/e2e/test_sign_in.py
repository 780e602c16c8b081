from playwright.sync_api import expect

from intake.auth.models import Role
from tests.conftest import TEST_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, screenshot


def test_staff_sign_in_by_keyboard(live_server, page, db):
    user = make_user(Role.CLINICIAN, name="Dr. Keyboard")
    page.goto(f"{live_server}/staff/")
    assert "/login" in page.url
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Dr. Keyboard"
    assert_accessible(page)
    assert screenshot(page, "staff-home").stat().st_size > 0
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/staff/")
    assert "/login" in page.url  # signed out for real


def test_wrong_password_shows_the_generic_message(live_server, page, db):
    user = make_user(Role.CLINICIAN)
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("definitely-wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("did not match an active account")).to_be_visible()
    assert_accessible(page)
