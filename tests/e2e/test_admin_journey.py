"""An admin adds a clinician, sets their weekly hours, sees the slots, opens the audit log."""
from playwright.sync_api import expect
from sqlalchemy import select

from intake.auth.models import Role, User
from intake.cases.plans.services import ensure_default_interventions
from tests.conftest import TEST_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, follow, screenshot

TEMPORARY = "cedar-lantern-river-58"


def sign_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")


def seen(page, name):
    """Every page the journey opens: zero axe-core violations, and a screenshot to look at."""
    assert_accessible(page)
    screenshot(page, name)


def test_admin_journey(live_server, page, db):
    ensure_default_interventions()  # PostgreSQL's reset between tests empties the vocabulary
    admin = make_user(Role.ADMIN, name="Avery Admin")
    sign_in(page, live_server, admin)

    page.get_by_role("link", name="Admin", exact=True).click()
    page.wait_for_url(f"{live_server}/admin/")
    seen(page, "admin-home")

    follow(page, page.get_by_role("link", name="Staff", exact=True))
    seen(page, "admin-staff")
    follow(page, page.get_by_role("link", name="Add a clinician or admin"))
    seen(page, "admin-new-user")

    # A mistake first: the page says what is wrong and keeps what was typed.
    page.get_by_label("Display name").fill("Dr. Robin Hale")
    page.get_by_label("Email").fill("robin.hale@example.org")
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Display name").input_value() == "Dr. Robin Hale"
    seen(page, "admin-new-user-errors")

    page.get_by_label("Clinician:").check()
    page.get_by_label("Temporary password").fill(TEMPORARY)
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr. Robin Hale")
    expect(page.get_by_text("can now sign in with the temporary password")).to_be_visible()
    seen(page, "admin-user")

    page.get_by_role("link", name="Availability", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Availability: Dr. Robin Hale")
    seen(page, "availability-empty")
    for day, start, end in [("Monday", "09:00", "12:00"), ("Wednesday", "13:00", "15:00")]:
        page.get_by_label("Day", exact=True).select_option(label=day)
        page.get_by_label("From", exact=True).fill(start)
        page.get_by_label("Until", exact=True).fill(end)
        page.get_by_role("button", name="Add hours").click()
        expect(page.get_by_text("Weekly hours added.")).to_be_visible()
    expect(page.get_by_role("cell", name="Monday", exact=True)).to_be_visible()
    # Four weeks of 20-minute slots: nine each Monday, six each Wednesday (fewer if today's
    # hours have already begun).
    assert 40 < page.locator(".slot.open").count() <= 60
    seen(page, "availability-with-slots")

    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("cell", name="availability.hours.add").first).to_be_visible()
    expect(page.get_by_role("cell", name="user.create").first).to_be_visible()
    seen(page, "admin-audit")
    page.get_by_label("Action").select_option("availability.hours.add")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**action=availability.hours.add**")
    expect(page.locator(".audit-table tbody tr")).to_have_count(2)
    seen(page, "admin-audit-filtered")
    page.get_by_role("link", name="Check the chain now").click()
    expect(page.get_by_role("heading", name="Intact")).to_be_visible()
    seen(page, "admin-audit-chain")

    page.goto(f"{live_server}/admin/settings")
    seen(page, "admin-settings")

    page.goto(f"{live_server}/admin/interventions/")
    page.get_by_role("button", name="Retire Memory processing").click()
    expect(page.get_by_text("retired: new goals no longer offer it")).to_be_visible()
    seen(page, "admin-interventions")

    db.session.expire_all()
    robin = db.session.scalar(select(User).where(User.email == "robin.hale@example.org"))
    assert robin.is_clinician and robin.must_change_password
    db.session.commit()
