"""A clinician's morning: the urgent request first, a refused unsafe channel, a call that
reaches them, a booked consultation, the consultation note, and the intake record."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from intake.auth.models import Role
from intake.cases.models import Case
from intake.triage.models import ConsultationRequest
from intake.triage.workflow import RequestStatus
from tests.conftest import TEST_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, screenshot
from tests.factories import make_request, make_slot


def test_clinician_takes_an_urgent_request_to_an_intake_record(live_server, page, db):
    clinician = make_user(Role.CLINICIAN, name="Dr. Journey")
    make_request(name="Quinn Calm", narrative="Things are mostly okay.")
    urgent = make_request(name="Riley Urgent", urgent=True, in_danger="unsure", self_harm="no",
                          narrative="I am scared of how angry he gets when I go out.",
                          phone="+12125550142", ok_call=True, ok_email=False,
                          safe_times="weekdays 9 to 11 am",
                          if_someone_else_answers="Say it is the dentist's office.")
    make_slot(clinician, starts_in=timedelta(days=2))
    email, urgent_id = clinician.email, urgent.public_id
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/staff/")
    expect(page.get_by_text("urgent request not yet contacted")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "triage-home")

    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Requests").click()
    rows = page.locator("table.queue tbody tr")
    expect(rows.first).to_have_text(re.compile(r"^\s*Riley Urgent"))  # urgent sorts first
    assert_accessible(page)
    screenshot(page, "triage-queue")

    rows.first.get_by_role("link", name="Riley Urgent").click()
    expect(page.get_by_text("Do not leave a voicemail.")).to_be_visible()
    expect(page.get_by_text("Do not say the practice's name.")).to_be_visible()
    expect(page.get_by_text("Safe times: weekdays 9 to 11 am.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Claim this request").click()
    expect(page.get_by_text("You have claimed this request.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "triage-request")

    page.get_by_label("Voicemail (not marked safe)").check()
    page.get_by_label("What happened").select_option("left_message")
    page.get_by_label("Note").fill("Tried the mobile.")
    page.get_by_role("button", name="Save contact attempt").click()
    expect(page.locator("#contact-method-error")).to_have_text(
        re.compile(r"Do not leave a voicemail\.$"))
    expect(page.get_by_label("Note")).to_have_value("Tried the mobile.")
    assert_accessible(page)
    screenshot(page, "triage-unsafe-refused")

    page.get_by_label("Phone call").check()
    page.get_by_label("What happened").select_option("reached")
    page.get_by_role("button", name="Save contact attempt").click()
    expect(page.get_by_text("Contact attempt recorded.")).to_be_visible()
    assert_accessible(page)

    page.locator("input[name='schedule-slot']").first.check()
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_text("Consultation booked.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Consultation note").fill("Safe to talk on weekday mornings; wants to begin.")
    page.get_by_role("button", name="Mark consulted").click()
    expect(page.get_by_text("Marked consulted.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "triage-consulted")

    page.get_by_role("button", name="Convert to a case").click()
    page.wait_for_url(re.compile(r".*/cases/[\w-]+$"))
    assert_accessible(page)

    db.session.expire_all()
    request = db.session.scalar(select(ConsultationRequest)
                                .where(ConsultationRequest.public_id == urgent_id))
    case = db.session.scalar(select(Case).where(Case.request_id == request.id))
    assert request.status == RequestStatus.CONVERTED and case.phase == "stabilization"
    assert page.url.endswith(f"/cases/{case.public_id}")
    db.session.commit()


def test_admin_assigns_without_seeing_clinical_text(live_server, page, db):
    admin = make_user(Role.ADMIN, name="Avery Admin")
    make_user(Role.CLINICIAN, name="Dr. Chosen")
    request = make_request(name="Sky Private", narrative="Nobody at work knows about this.",
                           urgent=True)
    email, reference = admin.email, request.reference
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/staff/")
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Requests").click()
    # Wait for the queue itself, so the checks below read it and not the page before.
    expect(page.get_by_role("heading", name="Consultation requests")).to_be_visible()
    assert "Sky Private" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Request {reference}")).to_be_visible()
    assert "Nobody at work" not in page.content() and "Sky Private" not in page.content()
    assert_accessible(page)
    page.get_by_label("Clinician").select_option(label="Dr. Chosen")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned. The clinician has been told.")).to_be_visible()
    expect(page.get_by_text("Assigned to Dr. Chosen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "triage-admin-request")
