"""A clinician's journey through the treatment plan and the safety plan, in Chromium."""
import re

from playwright.sync_api import expect

from intake.auth.models import Role
from intake.cases.plans.services import ensure_default_interventions
from tests.conftest import TEST_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, follow, screenshot
from tests.factories import make_case


def sign_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/staff/")


def pdf_pages(page) -> int:
    pdf = page.pdf(format="A4", print_background=False)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_plan_review_and_safety_plan_journey(live_server, page, db):
    ensure_default_interventions()  # seeded by the migration, emptied by a PostgreSQL reset
    clinician = make_user(Role.CLINICIAN, name="Dr. Journey")
    case = make_case(clinician)
    sign_in(page, live_server, clinician)

    page.goto(f"{live_server}/cases/{case.public_id}/plan")
    assert page.title() == "Treatment plan · Intake"
    assert_accessible(page)

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Goal", exact=True).fill("Notice the pull to reconnect and pause before acting")
    page.get_by_label("Target date").fill("2027-03-01")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Body-based regulation").check()
    page.get_by_label("Objectives").fill("Name three body signals of the pull\nUse the 10-minute pause")
    assert_accessible(page)
    screenshot(page, "records-goal-form")
    page.get_by_role("button", name="Save goal").click()
    page.wait_for_url(re.compile(r".*/plan#goals$"))
    goal = page.locator("article.goal").first
    assert "Notice the pull to reconnect" in goal.inner_text()
    assert "Body-based regulation" in goal.inner_text()
    assert "Use the 10-minute pause" in goal.inner_text()

    page.get_by_label("Summary of the review").fill(
        "Stabilization goals on track; contact reduced to the co-parenting app.")
    page.get_by_role("button", name="Record review").click()
    page.wait_for_url(re.compile(r".*/plan#reviews$"))
    expect(page.get_by_text("Plan review recorded.")).to_be_visible()
    expect(page.get_by_text("contact reduced to the co-parenting app")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "records-plan")

    page.get_by_role("link", name=re.compile("^History")).first.click()
    expect(page.get_by_role("heading", name="Goal history")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "records-goal-history")

    follow(page, page.get_by_role("link", name="Safety plan", exact=True))
    assert_accessible(page)
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_label("Warning signs").fill("Long silences after I see friends\nPhone checked at night")
    page.get_by_label("Coping steps").fill("Cold water on my face\nSlow breathing, out longer than in\nWalk to the park")
    page.get_by_label("Safe people").fill("Rosa (sister): 555-0100\nMarcus at work")
    page.get_by_label("Safe places").fill("Rosa's flat on Elm Street\nThe library until 8 pm")
    page.get_by_label("Emergency numbers").fill("911\n988 (call or text)\nHotline 1-800-799-7233")
    page.get_by_label("Communication plan with the other person").fill(
        "Messages only through the co-parenting app\nNo replies after 9 pm")
    page.get_by_label("Code word").fill("blue umbrella")
    page.get_by_label("Documents and go-bag").fill("Passport and birth certificate at Rosa's\nSpare keys, charger, medication")
    assert_accessible(page)
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.get_by_text("Safety plan saved as revision 1.")).to_be_visible()

    page.get_by_role("link", name="Edit the plan").click()
    page.get_by_label("Coping steps").fill(
        "Cold water on my face\nSlow breathing, out longer than in\nWalk to the park\nText Rosa the word")
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.get_by_text("Safety plan saved as revision 2.")).to_be_visible()
    expect(page.get_by_role("link", name="Revision 1")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "records-safety-plan")

    follow(page, page.get_by_role("link", name="Revision 1"))
    assert "Text Rosa the word" not in page.inner_text("main")
    assert_accessible(page)
    page.go_back()

    follow(page, page.get_by_role("link", name="Print view"))
    assert page.title() == "My plan"
    text = page.inner_text("body")
    assert "Northlight" not in text and "Intake" not in text and "blue umbrella" not in text
    assert "Text Rosa the word" in text
    assert_accessible(page)
    screenshot(page, "records-print-screen")
    page.emulate_media(media="print")
    screenshot(page, "records-print")
    assert pdf_pages(page) == 1
