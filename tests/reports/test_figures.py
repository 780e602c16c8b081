"""Every report figure against numbers worked out by hand (dataset.py explains the rows)."""
from datetime import date

import pytest

from intake import clock
from intake.reports import figures
from intake.reports.periods import Period
from intake.triage.workflow import RequestStatus
from tests.reports.dataset import NEW_YORK, NOW, SEPTEMBER, request_with_history, seed_september, utc


@pytest.fixture
def september(db):
    clock.freeze(NOW)
    seed_september()
    return figures.build(db.session, SEPTEMBER, SEPTEMBER.as_of(NOW))


def rows(report, slug):
    return report.tables[slug].rows


def test_funnel(september):
    assert [(r["stage"], r["requests"]) for r in rows(september, "funnel")] == [
        ("Requests received", 7), ("Contacted", 4), ("Consultation scheduled", 3),
        ("Consulted", 2), ("Became clients", 1)]
    shares = [r["share_of_previous"] for r in rows(september, "funnel")]
    assert shares == [None, 4 / 7, 3 / 4, 2 / 3, 1 / 2]
    assert rows(september, "funnel")[4]["share_of_requests"] == 1 / 7


def test_where_requests_leave(september):
    assert {r["left_from"]: (r["declined"], r["referred_out"], r["no_response"], r["total"])
            for r in rows(september, "exits")} == {
        "Before contact": (0, 0, 1, 1),
        "After contact": (0, 1, 0, 1),
        "After scheduling": (0, 0, 0, 0),
        "After the consultation": (1, 0, 0, 1),
    }


def test_time_to_first_contact(september):
    everyone, urgent = rows(september, "first_contact")
    # All contacted: 2, 4, 10, 20, 40 hours. Urgent: 2 and 4 hours.
    assert (everyone["requests"], everyone["contacted"], everyone["not_contacted"]) == (7, 5, 2)
    assert everyone["median_hours"] == pytest.approx(10)
    assert everyone["p90_hours"] == pytest.approx(32)   # 20 + 0.6 × (40 − 20)
    assert (urgent["requests"], urgent["contacted"], urgent["not_contacted"]) == (2, 2, 0)
    assert urgent["median_hours"] == pytest.approx(3)
    assert urgent["p90_hours"] == pytest.approx(3.8)


def test_referral_sources(september):
    assert [(r["source"], r["requests"], r["converted"]) for r in rows(september, "referral_sources")] == [
        ("Web search", 2, 1), ("Another therapist or doctor", 2, 0), ("Not given", 2, 0),
        ("A friend or family member", 1, 0)]
    assert rows(september, "referral_sources")[0]["conversion_rate"] == 0.5


def test_caseload_by_clinician_and_phase_at_the_end_of_the_period(september):
    assert rows(september, "caseload") == [
        {"clinician": "Avery Clinician", "stabilization": 2, "processing": 1, "total": 3},
        {"clinician": "Blake Clinician", "stabilization": 2, "processing": 0, "total": 2},
    ]
    assert [(r["phase"], r["cases"], r["share"]) for r in rows(september, "phases")] == [
        ("Stabilization", 4, 0.8), ("Processing", 1, 0.2)]


def test_a_handover_credits_each_period_to_who_held_the_case(db):
    """Avery's case opened 14 September passes to Blake on 5 October, still in stabilization,
    and moves to processing on 14 October: September stays Avery's, October ends Blake's."""
    from sqlalchemy import select

    from intake.auth.models import Role
    from intake.cases.models import Case, CaseHandover
    from intake.cases.services import reassign_case
    from tests.conftest import make_user

    clock.freeze(NOW)
    avery, blake = seed_september()
    early_october = Period(date(2026, 10, 1), date(2026, 10, 14), NEW_YORK)
    clock.freeze(utc(2026, 10, 5, 15))
    case = db.session.scalar(select(Case).where(Case.opened_at == utc(2026, 9, 14, 12)))
    reassign_case(case, blake, actor=make_user(Role.ADMIN), expected_version=case.version)
    db.session.commit()
    assert db.session.scalar(select(CaseHandover.from_clinician_id)) == avery.id
    clock.freeze(NOW)

    assert rows(figures.build(db.session, SEPTEMBER, SEPTEMBER.as_of(NOW)), "caseload") == [
        {"clinician": "Avery Clinician", "stabilization": 2, "processing": 1, "total": 3},
        {"clinician": "Blake Clinician", "stabilization": 2, "processing": 0, "total": 2},
    ]
    assert rows(figures.build(db.session, early_october, early_october.as_of(NOW)), "caseload") == [
        {"clinician": "Avery Clinician", "stabilization": 1, "processing": 0, "total": 1},
        {"clinician": "Blake Clinician", "stabilization": 2, "processing": 1, "total": 3},
    ]


def test_stabilization_before_processing(september):
    (row,) = rows(september, "stabilization")
    assert row == {"cases_opened": 5, "moved_to_processing": 2,
                   "median_days_before_processing": pytest.approx(25),
                   "returned_to_stabilization": 1, "returned_share": 0.5}


def test_discharges_by_reason(september):
    assert [(r["reason"], r["cases"]) for r in rows(september, "discharges")] == [
        ("Treatment goals met", 1), ("Client chose to end", 1)]


def test_weekly_trend(september):
    assert [(r["week_starting"], r["requests"], r["conversions"]) for r in rows(september, "weekly")] == [
        (date(2026, 8, 31), 2, 1), (date(2026, 9, 7), 1, 0), (date(2026, 9, 14), 2, 0),
        (date(2026, 9, 21), 1, 0), (date(2026, 9, 28), 1, 0)]


def test_headline(september):
    assert [(label, value) for label, value, _ in september.headline] == [
        ("Requests", 7), ("Became clients", 1), ("Conversion", 1 / 7),
        ("Median to first contact", pytest.approx(10)),
        ("Urgent: median to first contact", pytest.approx(3)), ("Open cases", 5)]


def test_an_empty_period(db):
    clock.freeze(NOW)
    seed_september()
    empty = Period(date(2025, 1, 1), date(2025, 1, 31), NEW_YORK)
    report = figures.build(db.session, empty, empty.as_of(NOW))
    assert [r["requests"] for r in rows(report, "funnel")] == [0, 0, 0, 0, 0]
    assert all(r["total"] == 0 for r in rows(report, "exits"))
    assert [(r["contacted"], r["median_hours"]) for r in rows(report, "first_contact")] == [(0, None), (0, None)]
    assert rows(report, "referral_sources") == [] and rows(report, "discharges") == []
    assert rows(report, "caseload") == []
    assert rows(report, "stabilization")[0]["median_days_before_processing"] is None
    assert all(r["requests"] == 0 for r in rows(report, "weekly"))


def test_one_request(db):
    clock.freeze(NOW)
    request_with_history(utc(2026, 9, 9, 13), [(RequestStatus.IN_REVIEW, 1)],
                         first_contact_after=6.5, urgent=True)
    report = figures.build(db.session, SEPTEMBER, SEPTEMBER.as_of(NOW))
    everyone, urgent = rows(report, "first_contact")
    assert everyone["median_hours"] == everyone["p90_hours"] == pytest.approx(6.5)
    assert urgent["median_hours"] == pytest.approx(6.5)
    assert [r["requests"] for r in rows(report, "funnel")] == [1, 0, 0, 0, 0]


@pytest.mark.parametrize("day, inside, outside", [
    # Spring forward: 8 March has 23 hours (05:00Z to 04:00Z next day).
    (date(2026, 3, 8), [utc(2026, 3, 8, 5), utc(2026, 3, 9, 3, 59)], [utc(2026, 3, 8, 4, 59), utc(2026, 3, 9, 4)]),
    # Fall back: 1 November has 25 hours (04:00Z to 05:00Z next day).
    (date(2026, 11, 1), [utc(2026, 11, 1, 4), utc(2026, 11, 2, 4, 30)], [utc(2026, 11, 1, 3, 59), utc(2026, 11, 2, 5)]),
])
def test_dst_days_count_whole_local_days(db, day, inside, outside):
    clock.freeze(utc(2026, 12, 1))
    for created in inside + outside:
        request_with_history(created)
    period = Period(day, day, NEW_YORK)
    report = figures.build(db.session, period, period.as_of(clock.utcnow()))
    assert rows(report, "funnel")[0]["requests"] == len(inside)
    assert [r["requests"] for r in rows(report, "weekly")] == [len(inside)]
