"""The public pages: quick exit first, generic titles, no third-party anything."""
import re

import pytest

from intake.practice.services import current_settings
from tests.factories import make_slot
from tests.public.conftest import tab_order

PUBLIC_PAGES = ["/", "/consultation", "/safety"]


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def assert_quick_exit_first(page: str) -> None:
    tag, attributes = tab_order(page)[0]
    assert tag == "a" and attributes["id"] == "quick-exit"
    assert attributes["href"] == current_settings().quick_exit_url
    assert 'src="/static/quick-exit.js"' in page


def assert_nothing_third_party(page: str) -> None:
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert url.startswith(("/", "#")) or url == current_settings().quick_exit_url, url
    assert "<script>" not in page and "onclick" not in page  # the CSP forbids inline script


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_open_without_signing_in(client, path):
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert_quick_exit_first(page)
    assert_nothing_third_party(page)
    assert "Browsing safely" in page
    assert response.headers["Cache-Control"] == "no-store"


def test_every_response_of_the_journey_carries_the_quick_exit(client, submit):
    bad = submit(name="").get_data(as_text=True)
    assert_quick_exit_first(bad)
    sent = submit(name="Robin")
    confirmation = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert_quick_exit_first(confirmation)


def test_titles_are_generic(client, submit):
    titles = {_title(client.get(path).get_data(as_text=True)) for path in PUBLIC_PAGES}
    sent = submit(name="Robin Quill")
    confirmation = client.get(sent.headers["Location"]).get_data(as_text=True)
    titles.add(_title(confirmation))
    titles.add(_title(submit(name="Robin Quill", region="").get_data(as_text=True)))
    assert titles == {f"{t} · Northlight Therapy" for t in ("Welcome", "Form", "Browsing safely", "Thank you")}


def test_the_quick_exit_destination_comes_from_the_practice_settings(client, db):
    from intake.practice.models import PracticeSettings
    db.session.add(PracticeSettings(
        practice_name="Harbour Counselling", timezone="America/New_York",
        served_regions=[{"code": "NY", "name": "New York"}], crisis_resources={},
        quick_exit_url="https://example.com/recipes", privacy_notice_text="Notice.",
        privacy_notice_version="2027-01"))
    db.session.commit()
    page = client.get("/safety").get_data(as_text=True)
    assert 'href="https://example.com/recipes"' in page
    assert "Harbour Counselling" in page


def test_slots_are_grouped_by_local_day(client, db):
    from datetime import datetime, timezone
    from intake import clock
    clock.freeze(datetime(2026, 10, 29, 12, 0, tzinfo=timezone.utc))
    # 9:00 am in New York on each side of the end of daylight saving time (1 Nov 2026).
    before = make_slot(starts_at=datetime(2026, 10, 30, 13, 0, tzinfo=timezone.utc))
    after = make_slot(starts_at=datetime(2026, 11, 2, 14, 0, tzinfo=timezone.utc))
    late = make_slot(starts_at=datetime(2026, 11, 3, 3, 30, tzinfo=timezone.utc))  # 10:30 pm on the 2nd
    make_slot(starts_at=datetime(2026, 11, 13, 14, 0, tzinfo=timezone.utc))  # beyond 14 days
    page = client.get("/consultation").get_data(as_text=True)
    days = re.findall(r'<fieldset class="slot-day">\s*<legend>([^<]+)</legend>', page)
    assert days == ["Fri 30 Oct 2026", "Mon 2 Nov 2026"]
    assert page.count("9:00 am with") == 2 and "10:30 pm with" in page
    for slot in (before, after, late):
        assert f'value="{slot.public_id}"' in page
    assert "Contact me to arrange a time" in page


def test_no_open_times_still_offers_to_arrange_one(client):
    page = client.get("/consultation").get_data(as_text=True)
    assert "There are no open times in the next two weeks" in page
    assert re.search(r'<input checked id="slot-0" name="slot" type="radio" value="arrange">', page)


def test_every_public_endpoint_is_marked_public(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("public.")}
    assert endpoints == {"public.landing", "public.consultation", "public.safety",
                         "public.confirmation", "public.calendar_file"}
    assert all(getattr(app.view_functions[e], "is_public", False) for e in endpoints)


def test_the_lost_race_and_not_found_pages_carry_the_quick_exit(client, submit, db):
    from tests.factories import make_request
    slot = make_slot()
    make_request(slot_id=slot.id)
    lost = submit(slot=slot.public_id)
    assert lost.status_code == 409
    assert_quick_exit_first(lost.get_data(as_text=True))
    missing = client.get("/consultation/sent/unknown")
    assert missing.status_code == 404
    assert_quick_exit_first(missing.get_data(as_text=True))
