"""The admin opens last quarter's reports and downloads a table as CSV."""
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import expect

from intake.auth.models import Role
from intake.reports import history
from tests.conftest import TEST_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, follow, screenshot

OVERFLOWING_TABLES = """regions => regions
    .filter(region => region.scrollWidth > region.clientWidth + 1)
    .map(region => region.querySelector("table").id)"""


def test_admin_reads_last_quarter_and_downloads_csv(live_server, page, db):
    clinicians = [make_user(Role.CLINICIAN, name=name).id for name in ("Dr. Casey Rivera", "Jordan Lee, LCSW")]
    history.generate(db.session, 1500, clinicians, seed=6,
                     now=datetime(2026, 11, 20, 15, tzinfo=timezone.utc))
    admin = make_user(Role.ADMIN, name="Avery Admin")
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    follow(page, page.get_by_role("link", name="Reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)

    page.get_by_label("Last quarter").check()
    page.get_by_role("button", name="Show report").click()
    page.wait_for_url("**preset=last_quarter**")
    expect(page.get_by_role("heading", name="Funnel")).to_be_visible()
    assert page.locator("svg.chart").count() == 9
    # Readable at a glance: at a desktop width no data table hides columns behind a scroll.
    assert page.eval_on_selector_all(".table-wrap", OVERFLOWING_TABLES) == []
    assert_accessible(page)
    screenshot(page, "reports-last-quarter")
    page.set_viewport_size({"width": 375, "height": 800})  # a manager's phone: one column
    assert_accessible(page)
    screenshot(page, "reports-last-quarter-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Funnel” as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("intake-report-funnel-")
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "stage,requests,share_of_requests,share_of_previous"
    assert lines[1].startswith("Requests received,")


def test_custom_range_mistake_is_explained(live_server, page, db):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/reports/?preset=custom&start=2026-10-05&end=2026-10-01")
    expect(page.get_by_role("alert")).to_be_visible()
    assert "on or after the start date" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    screenshot(page, "reports-invalid-range")
