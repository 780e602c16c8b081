"""/availability/: own availability for clinicians, anyone's for admins; messages on the page."""
from datetime import datetime, time, timezone

import pytest
from sqlalchemy import select

from intake import audit, clock
from intake.auth.models import Role
from intake.scheduling import booking, services
from intake.scheduling.models import Slot, WeeklyHours
from tests.conftest import csrf_token, make_user
from tests.factories import make_request

UTC = timezone.utc


@pytest.fixture(autouse=True)
def frozen(app):
    clock.freeze(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))  # Tuesday


def page_of(user):
    return f"/availability/{user.public_id}"


def post(client, url, data, page):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def test_a_clinician_is_sent_to_their_own_page(client, login):
    me = login(Role.CLINICIAN)
    response = client.get("/availability/")
    assert response.status_code == 302 and response.headers["Location"].endswith(page_of(me))
    assert "Your availability" in client.get(page_of(me)).get_data(as_text=True)


def test_a_clinician_cannot_see_or_change_anothers(client, login, db):
    login(Role.CLINICIAN)
    other = make_user(Role.CLINICIAN)
    hours = WeeklyHours(clinician_id=other.id, weekday=1, starts_at=time(9), ends_at=time(10))
    db.session.add(hours)
    db.session.commit()
    token = csrf_token(client, "/staff/")
    for method, url in [("GET", page_of(other)), ("POST", f"{page_of(other)}/hours"),
                        ("POST", f"{page_of(other)}/hours/{hours.public_id}/remove"),
                        ("POST", f"{page_of(other)}/blocked"), ("POST", f"{page_of(other)}/slots"),
                        ("POST", f"{page_of(other)}/generate")]:
        assert client.open(url, method=method, data={"csrf_token": token}).status_code == 404


def test_an_admin_picks_any_clinician(client, login):
    login(Role.ADMIN)
    clinician = make_user(Role.CLINICIAN, name="Dr. Pickable")
    index = client.get("/availability/").get_data(as_text=True)
    assert "Dr. Pickable" in index and page_of(clinician) in index
    response = post(client, f"{page_of(clinician)}/hours",
                    {"hours-weekday": "2", "hours-start": "09:00", "hours-end": "10:00"},
                    page_of(clinician))
    assert response.status_code == 303
    page = client.get(page_of(clinician)).get_data(as_text=True)
    assert "Availability: Dr. Pickable" in page and "<strong>12</strong> open" in page


def test_an_admin_who_is_not_a_clinician_has_no_own_page(client, login):
    admin = login(Role.ADMIN)
    assert client.get(page_of(admin)).status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"hours-start": "10:00", "hours-end": "09:00"}, "at least 20 minutes after"),
    ({"hours-start": "", "hours-end": "09:00"}, "Give a start time"),
    ({"hours-start": "9am", "hours-end": "10:00"}, "Not a valid time"),
])
def test_bad_hours_are_422_and_keep_the_typing(client, login, data, message):
    me = login(Role.CLINICIAN)
    response = post(client, f"{page_of(me)}/hours", {"hours-weekday": "4", **data}, page_of(me))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert '<option selected value="4">Friday</option>' in page


def test_overlapping_hours_get_a_message_on_the_page(client, login):
    me = login(Role.CLINICIAN)
    hours = {"hours-weekday": "2", "hours-start": "09:00", "hours-end": "12:00"}
    assert post(client, f"{page_of(me)}/hours", hours, page_of(me)).status_code == 303
    response = post(client, f"{page_of(me)}/hours", {**hours, "hours-start": "11:00",
                                                      "hours-end": "13:00"}, page_of(me))
    assert response.status_code == 422
    assert "overlaps the Wednesday hours 09:00–12:00" in response.get_data(as_text=True)


def test_removing_hours_names_the_booked_consultations_kept(client, login, db):
    me = login(Role.CLINICIAN)
    services.add_weekly_hours(me, weekday=2, start=time(9), end=time(10), actor=audit.SYSTEM)
    db.session.commit()
    slot = db.session.scalars(select(Slot).order_by(Slot.starts_at)).first()
    booking.book(make_request(name="Hidden Client"), slot)
    db.session.commit()
    hours = services.weekly_hours(me)[0]
    response = post(client, f"{page_of(me)}/hours/{hours.public_id}/remove", {}, page_of(me))
    assert response.status_code == 303
    page = client.get(page_of(me)).get_data(as_text=True)
    assert "11 open slots withdrawn" in page
    assert "Kept 1 booked consultation" in page
    assert "booked consultation at Wed 2 Dec 2026, 9:00 am" in page
    assert "Hidden Client" not in page
    assert "<strong>0</strong> open, <strong>1</strong> booked" in page


def test_block_unblock_and_extra_slots_through_the_page(client, login, db):
    me = login(Role.CLINICIAN)
    post(client, f"{page_of(me)}/hours",
         {"hours-weekday": "2", "hours-start": "09:00", "hours-end": "10:00"}, page_of(me))
    assert post(client, f"{page_of(me)}/blocked", {"block-day": "2026-12-09"},
                page_of(me)).status_code == 303
    assert "3 open slots withdrawn" in client.get(page_of(me)).get_data(as_text=True)
    again = post(client, f"{page_of(me)}/blocked", {"block-day": "2026-12-09"}, page_of(me))
    assert again.status_code == 422 and "already blocked" in again.get_data(as_text=True)
    refused = post(client, f"{page_of(me)}/slots", {"one_off-day": "2026-12-09",
                                                    "one_off-at": "15:00"}, page_of(me))
    assert refused.status_code == 422 and "That date is blocked" in refused.get_data(as_text=True)
    assert post(client, f"{page_of(me)}/slots", {"one_off-day": "2026-12-10",
                                                 "one_off-at": "15:00"}, page_of(me)).status_code == 303
    extra = db.session.scalar(select(Slot).where(Slot.source == "one_off"))
    assert post(client, f"{page_of(me)}/slots/{extra.public_id}/withdraw", {},
                page_of(me)).status_code == 303
    db.session.expire_all()
    assert db.session.get(Slot, extra.id).withdrawn
    blocked = services.blocked_dates(me)[0]
    assert post(client, f"{page_of(me)}/blocked/{blocked.public_id}/remove", {},
                page_of(me)).status_code == 303
    assert "<strong>12</strong> open" in client.get(page_of(me)).get_data(as_text=True)


def test_generate_further_ahead(client, login):
    me = login(Role.CLINICIAN)
    post(client, f"{page_of(me)}/hours",
         {"hours-weekday": "2", "hours-start": "09:00", "hours-end": "10:00"}, page_of(me))
    assert post(client, f"{page_of(me)}/generate", {"generate-weeks": "8"},
                page_of(me)).status_code == 303
    assert "<strong>24</strong> open" in client.get(f"{page_of(me)}?weeks=8").get_data(as_text=True)
    bad = post(client, f"{page_of(me)}/generate", {"generate-weeks": "99"}, page_of(me))
    assert bad.status_code == 422 and "between 1 and 26" in bad.get_data(as_text=True)
