import base64
import secrets
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from intake.auth.models import Role
from intake.clock import utcnow
from intake.extensions import db
from intake.security.blind_index import blind_index
from intake.triage.models import ConsultationRequest
from intake.triage.queries import QueueFilters, decode_cursor, queue_page
from intake.triage.workflow import RequestStatus
from tests.conftest import make_user
from tests.factories import make_request

S = RequestStatus


def many(count, *, start=None, **fields):
    """`count` requests received a minute apart (oldest first), inserted in one go."""
    start = start or utcnow() - timedelta(days=30)
    rows = [ConsultationRequest(
        reference=secrets.token_hex(4).upper(), submission_id=secrets.token_urlsafe(12),
        status=fields.get("status", S.NEW), region=fields.get("region", "NY"),
        name=f"Client {n}", consent_notice_version="2026-11", consented_at=start,
        created_at=start + timedelta(minutes=n), status_changed_at=start,
        **{k: v for k, v in fields.items() if k not in ("status", "region")})
        for n in range(count)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def all_pages(viewer, filters, size):
    seen, cursor = [], None
    while True:
        page = queue_page(viewer, filters, cursor, size)
        seen += page.rows
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@contextmanager
def counting_statements(engine):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_urgent_first_then_oldest_first_across_pages(app):
    clinician = make_user(Role.CLINICIAN)
    plain = many(7)
    urgent = many(3, urgent=True, start=utcnow() - timedelta(days=1))
    mine = many(2, status=S.CONTACTED, assigned_to_id=clinician.id)
    seen = all_pages(clinician, QueueFilters(), size=4)
    expected = urgent + sorted(plain + mine, key=lambda r: r.created_at)
    assert [r.id for r in seen] == [r.id for r in expected]


def test_clinicians_never_see_another_clinicians_requests(app):
    me, other = make_user(Role.CLINICIAN), make_user(Role.CLINICIAN)
    many(3, status=S.IN_REVIEW, assigned_to_id=other.id)
    unassigned, mine = many(2), many(2, status=S.IN_REVIEW, assigned_to_id=me.id)
    ids = lambda rows: sorted(r.id for r in rows)  # noqa: E731
    assert ids(all_pages(me, QueueFilters(), 10)) == ids(unassigned + mine)
    assert ids(all_pages(me, QueueFilters(assigned="mine"), 10)) == ids(mine)
    assert ids(all_pages(me, QueueFilters(assigned="unassigned"), 10)) == ids(unassigned)
    admin = make_user(Role.ADMIN)
    assert len(all_pages(admin, QueueFilters(), 10)) == 7


def test_filters_status_urgent_region_and_dates(app):
    clinician = make_user(Role.CLINICIAN)
    many(2, status=S.DECLINED)
    nj = many(1, region="NJ", start=datetime(2026, 11, 20, 15, tzinfo=timezone.utc))
    urgent = many(1, urgent=True)
    many(2)
    count = lambda **f: len(all_pages(clinician, QueueFilters(**f), 10))  # noqa: E731
    assert count() == 4 and count(status="all") == 6
    assert count(status="declined") == 2 and count(status="closed") == 2
    assert [r.id for r in all_pages(clinician, QueueFilters(urgent_only=True), 10)] == [urgent[0].id]
    assert [r.id for r in all_pages(clinician, QueueFilters(region="NJ"), 10)] == [nj[0].id]
    window = QueueFilters(created_from=date(2026, 11, 20), created_to=date(2026, 11, 20))
    assert [r.id for r in all_pages(clinician, window, 10)] == [nj[0].id]


def test_search_by_reference_or_exact_name(app):
    clinician = make_user(Role.CLINICIAN)
    wanted = make_request(name="Morgan Vale", name_index=blind_index("Morgan Vale"))
    make_request(name="Morgan Valentine", name_index=blind_index("Morgan Valentine"))
    by_name = all_pages(clinician, QueueFilters(search="  morgan   VALE "), 10)
    by_ref = all_pages(clinician, QueueFilters(search=wanted.reference.lower()), 10)
    assert [r.id for r in by_name] == [r.id for r in by_ref] == [wanted.id]
    assert all_pages(clinician, QueueFilters(search="Morgan"), 10) == []


def test_a_forged_cursor_starts_again_at_the_top(app):
    clinician = make_user(Role.CLINICIAN)
    many(3)
    assert decode_cursor("not-a-cursor") is None
    assert len(queue_page(clinician, QueueFilters(), "garbage", 10).rows) == 3


def test_the_cursor_reveals_no_integer_id(app):
    clinician = make_user(Role.CLINICIAN)
    rows = many(3)
    token = queue_page(clinician, QueueFilters(), None, 1).next_cursor
    readable = base64.urlsafe_b64decode(token)
    assert rows[0].created_at.isoformat()[:16].encode() not in readable  # encrypted, not encoded
    assert decode_cursor(token).id == rows[0].id


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.ADMIN])
def test_the_same_number_of_statements_for_10_or_100_rows(client, login, db, role):
    user = login(role)
    many(60)
    many(30, status=S.IN_REVIEW, assigned_to_id=user.id if role == Role.CLINICIAN else None)
    many(30, urgent=True, status=S.SCHEDULED, assigned_to_id=None)
    client.get("/requests/?size=5")  # warm caches that are not the page's own work
    counts = {}
    for size in (10, 100):
        with counting_statements(db.engine) as statements:
            response = client.get(f"/requests/?size={size}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('<tr') == size + 1  # + the header row
        counts[size] = len(statements)
    assert counts[10] == counts[100]


def test_the_queue_page_is_one_select(app, db):
    clinician = make_user(Role.CLINICIAN)
    many(40)
    assert clinician.id  # loaded before counting
    with counting_statements(db.engine) as statements:
        page = queue_page(clinician, QueueFilters(), None, 30)
        [(r.assigned_to, r.slot) for r in page.rows]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
