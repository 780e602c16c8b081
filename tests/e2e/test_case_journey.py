"""A clinician's journey through a case: readiness review, processing, a signed note with an
addendum, and back to stabilization; axe-core on every page it opens."""
import pytest
from playwright.sync_api import expect

from intake.auth.models import Role
from intake.cases.safety.services import save_revision
from intake.cases.workflow import READINESS_ITEMS
from tests.conftest import TEST_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, follow, screenshot
from tests.factories import make_case, make_request

pytestmark = pytest.mark.e2e


def case_section_link(page, name):
    return page.get_by_role("navigation", name="Case sections").get_by_role("link", name=name)


def sign_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/staff/")


def test_case_journey(live_server, page, db):
    clinician = make_user(Role.CLINICIAN, name="Dr. Journey")
    case = make_case(clinician, request=make_request(name="Robin Example", pronouns="they/them"))
    make_case(clinician, request=make_request(name="Avery Sample"))
    # "A safety plan is in place" can be marked met only with a plan saved in the record.
    save_revision(case, {"safe_people": "Cousin Dana, any time."}, actor=clinician,
                  expected_version=None)
    db.session.commit()
    sign_in(page, live_server, clinician)

    page.get_by_role("link", name="Cases").click()
    page.wait_for_url(f"{live_server}/cases/")
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-caseload")

    page.get_by_role("link", name="Robin Example").click()
    page.wait_for_url(f"{live_server}/cases/{case.public_id}")
    assert_accessible(page)

    # Intake assessment.
    page.get_by_role("link", name="Write the intake assessment").click()
    page.get_by_label("Presenting concerns").fill("Keeps going back after each apology.")
    page.get_by_label("I am made to doubt my memory or my sense of what happened").check()
    page.get_by_label("Apology / idealization").check()
    page.get_by_label("Separated, but still in contact").check()
    page.get_by_label("Support network").fill("A cousin and a weekly support group.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("Intake assessment saved.")).to_be_visible()

    # Readiness review: a first try with an unmet item and no override is refused.
    follow(page, page.get_by_role("link", name="Review readiness for processing"))
    assert_accessible(page)
    for index, (code, text) in enumerate(READINESS_ITEMS):
        group = page.get_by_role("group", name=text)
        group.get_by_label("Not met" if code == "support" else "Met", exact=True).check()
        page.locator(f"#{code}_comment").fill(f"Observed over three sessions ({index + 1}).")
    page.get_by_label("Rationale for moving to processing").fill("Regulation skills in steady use.")
    page.get_by_role("button", name="Record the review and move to processing").click()
    expect(page.get_by_text("An item is not met: write the override.").first).to_be_visible()
    assert page.get_by_label("Rationale for moving to processing").input_value() == \
        "Regulation skills in steady use."
    assert_accessible(page)
    screenshot(page, "cases-readiness-refused")
    page.get_by_label("Override").fill("Cousin is available daily now; group weekly.")
    page.get_by_role("button", name="Record the review and move to processing").click()
    expect(page.get_by_text("The case is now in processing.")).to_be_visible()
    expect(page.get_by_text("Moved to processing with an override").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-detail-processing")

    # Write and sign a note, then add an addendum.
    follow(page, case_section_link(page, "Notes"))
    assert_accessible(page)
    page.get_by_role("link", name="Write a note").click()
    page.get_by_label("Progress note").check()
    page.get_by_label("Note", exact=True).fill("First processing session; grounding at the end.")
    # Autosave turns the typed text into a draft without a click.
    page.get_by_text("Draft saved automatically at").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_label("Note", exact=True).fill("First processing session; grounding worked well.")
    page.get_by_role("button", name="Sign note").click()
    expect(page.get_by_text("Note signed.")).to_be_visible()
    expect(page.get_by_text("Signed by Dr. Journey")).to_be_visible()
    page.get_by_label("Reason for the addendum").fill("Detail added after supervision")
    page.get_by_label("Addendum", exact=True).fill("SUDS went from 7 to 3.")
    page.get_by_role("button", name="Add the addendum").click()
    expect(page.get_by_text("Addendum added.")).to_be_visible()
    expect(page.get_by_text("SUDS went from 7 to 3.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-note-signed-addendum")

    # Back to stabilization.
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="Overview").click()
    follow(page, page.get_by_role("link", name="Return to stabilization"))
    assert_accessible(page)
    page.get_by_label("The cycle re-escalated").check()
    page.get_by_label("What happened").fill("Contact resumed after a birthday message.")
    page.get_by_role("button", name="Return to stabilization").click()
    expect(page.get_by_text("The case is back in stabilization.")).to_be_visible()
    expect(page.get_by_text("Returned to stabilization: the cycle re-escalated").first) \
        .to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-detail-back-to-stabilization")

    db.session.expire_all()
    assert [c.to_phase for c in case.phase_changes] == ["stabilization", "processing",
                                                        "stabilization"]
    assert len(case.notes) == 1 and case.notes[0].addenda  # autosave made no second note
    db.session.commit()


def test_demo_caseload_and_a_case_with_history(live_server, page, db):
    from intake import demo
    from intake.auth import services as accounts

    demo.seed(TEST_PASSWORD)
    clinician = accounts.find_user_by_email("clinician@example.org")
    db.session.commit()
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/cases/?status=all")
    assert page.locator("tr.overdue").count() >= 1
    assert_accessible(page)
    screenshot(page, "cases-demo-caseload")
    page.get_by_role("link", name="Priya Raman (demo)").click()
    expect(page.get_by_text("Returned to stabilization: the cycle re-escalated").first) \
        .to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-demo-detail")
    page.goto(f"{live_server}/cases/")
    page.get_by_role("link", name="Sam Okafor (demo)").click()
    follow(page, case_section_link(page, "Notes"))
    expect(page.get_by_text("Date correction")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-demo-notes")
