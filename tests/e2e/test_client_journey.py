"""The client journey in Chromium, by keyboard only: the form, a slot, the confirmation, the
crisis path, and the quick exit (button and Escape twice) leaving no way Back."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from intake.triage.models import ConsultationRequest
from tests.e2e.conftest import assert_accessible, screenshot
from tests.factories import make_slot

NEUTRAL = "https://neutral.example/weather"
MOBILE = {"width": 375, "height": 740}


@pytest.fixture
def app_config(app_config, request):
    return {**app_config, "QUICK_EXIT_URL": NEUTRAL, "CONSULTATION_MIN_FILL_SECONDS": 0,
            **getattr(request, "param", {})}


@pytest.fixture
def neutral_site(page):
    """The quick exit's destination, served by the browser itself (the sandbox has no internet)."""
    page.route(f"{NEUTRAL}**", lambda route: route.fulfill(
        status=200, content_type="text/html",
        body="<!doctype html><html lang=en><title>Weather</title><h1>Weather today</h1></html>"))
    return page


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def first_tab_stop(page) -> str:
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    return page.evaluate("document.activeElement.id")


def check_both_widths(page, name: str) -> None:
    """axe-core at desktop and mobile widths, the quick exit in view, and a screenshot of each."""
    for label, size in (("desktop", {"width": 1280, "height": 900}), ("mobile", MOBILE)):
        page.set_viewport_size(size)
        expect(page.locator("#quick-exit")).to_be_visible()
        box = page.locator("#quick-exit").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] >= 0
        assert_accessible(page)
        screenshot(page, f"public-{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_required_by_keyboard(page) -> None:
    tab_to(page, "#name")
    page.keyboard.type("Robin")
    tab_to(page, "#phone")
    page.keyboard.type("212 555 0143")
    tab_to(page, "#ok_text")
    page.keyboard.press("Space")
    tab_to(page, "#region")
    page.keyboard.type("New York")


def consent_and_send(page) -> None:
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")


def test_keyboard_journey_books_a_slot(live_server, page, db):
    slot = make_slot()
    db.session.commit()
    page.goto(f"{live_server}/")
    assert first_tab_stop(page) == "quick-exit"
    check_both_widths(page, "landing")
    page.goto(f"{live_server}/safety")
    check_both_widths(page, "safety")

    page.goto(f"{live_server}/consultation")
    assert first_tab_stop(page) == "quick-exit"
    check_both_widths(page, "form")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")  # nothing filled in: the error summary
    page.wait_for_selector("#error-summary")
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link", name="Tell us what to call you.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-form-errors")

    fill_required_by_keyboard(page)
    tab_to(page, "#narrative")
    page.keyboard.type("I keep going back, even though I know it hurts.")
    tab_to(page, "input[name=slot]:checked")  # the group's tab stop: "contact me" is chosen
    page.keyboard.press("ArrowUp")  # the time just above it
    assert page.locator(f"input[value='{slot.public_id}']").is_checked()
    consent_and_send(page)

    page.wait_for_url(re.compile(r"/consultation/sent/"))
    db.session.expire_all()
    request = db.session.scalars(select(ConsultationRequest)).one()
    db.session.commit()
    assert request.slot_id == slot.id and request.name == "Robin" and not request.urgent
    expect(page.get_by_text(request.reference)).to_be_visible()
    expect(page.get_by_role("link", name="Add it to a calendar")).to_be_visible()
    check_both_widths(page, "confirmation")


def test_the_crisis_path_shows_help_at_once(live_server, page, db):
    page.goto(f"{live_server}/consultation")
    panel = page.locator("#crisis-now")
    assert panel.is_hidden()
    fill_required_by_keyboard(page)
    tab_to(page, "input[name=in_danger]")
    page.keyboard.press("Space")  # "Yes", the first answer
    assert page.locator("#in_danger-0").is_checked()
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("988")
    assert_accessible(page)
    screenshot(page, "public-form-crisis")
    consent_and_send(page)
    page.wait_for_url(re.compile(r"/consultation/sent/"))
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    expect(page.locator("main .crisis").get_by_text("1-800-799-7233")).to_be_visible()
    check_both_widths(page, "confirmation-crisis")
    db.session.expire_all()
    assert db.session.scalars(select(ConsultationRequest)).one().urgent
    db.session.commit()


@pytest.mark.parametrize("how", ["button", "escape twice"])
def test_quick_exit_leaves_no_way_back(live_server, neutral_site, how):
    page = neutral_site
    page.goto("about:blank")
    page.goto(f"{live_server}/consultation")
    page.locator("#name").fill("Robin")
    if how == "button":
        page.locator("#quick-exit").click()
    else:
        page.locator("#name").press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    assert page.title() == "Weather"
    page.go_back()
    assert page.url == "about:blank"  # the form's entry was replaced, not left behind


def test_a_single_escape_does_nothing(live_server, neutral_site):
    page = neutral_site
    page.goto(f"{live_server}/safety")
    page.keyboard.press("Escape")
    assert page.url == f"{live_server}/safety"


def send_quickly(page, live_server) -> None:
    page.goto(f"{live_server}/consultation")
    page.locator("#name").fill("Robin")
    page.locator("#phone").fill("212 555 0143")
    page.locator("#ok_text").check()
    page.locator("#region").select_option("NY")
    page.locator("#consent").check()
    page.get_by_role("button", name="Send my request").click()


@pytest.mark.parametrize("app_config", [{"CONSULTATION_RATE_LIMIT": "1 per hour"}], indirect=True)
def test_the_pages_after_the_journey_are_calm_and_accessible(live_server, page, app_config):
    page.goto(f"{live_server}/consultation/sent/no-such-page")
    expect(page.get_by_role("heading", name="This page is not available")).to_be_visible()
    assert_accessible(page)
    send_quickly(page, live_server)
    page.wait_for_url(re.compile(r"/consultation/sent/"))
    send_quickly(page, live_server)
    expect(page.get_by_role("heading", name=re.compile("Please wait"))).to_be_visible()
    expect(page.locator("main .crisis").get_by_text("1-800-799-7233")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-too-many")
