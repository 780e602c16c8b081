"""/admin/audit: filters, keyset pages, the chain check; never clinical text."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from intake import audit, clock
from intake.admin import queries
from intake.auth.models import Role
from tests.conftest import make_user
from tests.factories import make_request

UTC = timezone.utc


@pytest.fixture
def events(app, db):
    """A small history: two people, several actions, over three days."""
    clock.freeze(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
    alice = make_user(Role.ADMIN, name="Alice Admin")           # event 1: user.create
    bob = make_user(Role.CLINICIAN, name="Bob Clinician")       # event 2
    request = make_request(narrative="A distinctive private narrative")
    clock.freeze(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    audit.record(bob, "request.viewed", request)                 # 3
    audit.record(alice, "settings.update", target_type="practice_settings", target_id="practice")
    clock.freeze(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
    audit.record(bob, "request.viewed", request)                 # 5
    audit.record(audit.SYSTEM, "keys.rotate", detail="0")         # 6
    db.session.commit()
    return {"alice": alice, "bob": bob, "request": request}


def ids(page):
    return [row.event.id for row in page.rows]


def test_filters(events):
    bob, request = events["bob"], events["request"]
    assert ids(queries.audit_page(queries.AuditFilters())) == [6, 5, 4, 3, 2, 1]
    assert ids(queries.audit_page(queries.AuditFilters(actor=bob.public_id))) == [5, 3]
    assert ids(queries.audit_page(queries.AuditFilters(actor="system"))) == [6, 2, 1]
    assert ids(queries.audit_page(queries.AuditFilters(action="request.viewed"))) == [5, 3]
    assert ids(queries.audit_page(queries.AuditFilters(
        target_type="consultation_requests", target_id=request.public_id))) == [5, 3]
    day = queries.AuditFilters(since=datetime(2026, 12, 1, tzinfo=UTC),
                               until=datetime(2026, 12, 2, tzinfo=UTC))
    assert ids(queries.audit_page(day)) == [4, 3]


def test_keyset_pages_forward_and_back(events):
    first = queries.audit_page(queries.AuditFilters(), size=4)
    assert ids(first) == [6, 5, 4, 3] and first.older_than == 3 and first.newer_than is None
    second = queries.audit_page(queries.AuditFilters(), before=first.older_than, size=4)
    assert ids(second) == [2, 1] and second.older_than is None and second.newer_than == 2
    back = queries.audit_page(queries.AuditFilters(), after=second.newer_than, size=4)
    assert ids(back) == [6, 5, 4, 3]


def test_the_page_shows_names_actions_and_records_but_no_clinical_text(client, login, events):
    login(Role.ADMIN)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Bob Clinician" in page and "request.viewed" in page and "System" in page
    assert events["request"].public_id in page
    assert "distinctive private narrative" not in page and "Sam Example" not in page


def test_filtering_by_local_date_range_on_the_page(client, login, events):
    login(Role.ADMIN)
    # 2 Dec in New York runs from 05:00 UTC 2 Dec to 05:00 UTC 3 Dec: of Bob's, only event 5.
    page = client.get("/admin/audit?date_from=2026-12-02&date_to=2026-12-02&actor="
                      + events["bob"].public_id).get_data(as_text=True)
    assert page.count("<code>request.viewed</code>") == 1
    assert "<code>settings.update</code>" not in page


def test_bad_filters_are_422(client, login, events):
    login(Role.ADMIN)
    response = client.get("/admin/audit?date_from=2026-12-05&date_to=2026-12-01")
    assert response.status_code == 422 and "before the start date" in response.get_data(as_text=True)
    assert client.get("/admin/audit?actor=nobody").status_code == 422


def test_the_chain_check_reports_intact_then_broken(client, login, events, db, database):
    login(Role.ADMIN)
    assert "Intact" in client.get("/admin/audit/chain").get_data(as_text=True)
    if database.is_postgres:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        db.session.execute(text("DROP TRIGGER audit_events_no_update"))
    db.session.execute(text("UPDATE audit_events SET detail = 'forged' WHERE id = 4"))
    db.session.commit()
    page = client.get("/admin/audit/chain").get_data(as_text=True)
    assert "Broken at event 4" in page


def test_a_staff_record_shows_whose_account_it_is(events):
    page = queries.audit_page(queries.AuditFilters(action="user.create"))
    assert [row.target_name for row in page.rows] == ["Bob Clinician", "Alice Admin"]
    viewed = queries.audit_page(queries.AuditFilters(action="request.viewed"))
    assert {row.target_name for row in viewed.rows} == {None}
