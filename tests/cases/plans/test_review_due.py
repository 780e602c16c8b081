"""Plan review due dates, with the clock frozen and moved on."""
from datetime import date, datetime, timedelta, timezone

import pytest
from flask import g
from sqlalchemy import event

from intake import clock
from intake.auth.models import Role
from intake.cases.plans import services
from intake.cases.plans.queries import next_review_due, plan_summary, practice_today
from intake.cases.plans.workflow import GoalStatus
from intake.practice.models import PracticeSettings
from intake.practice.services import request_settings
from tests.conftest import make_user
from tests.factories import make_case

# 15:00 UTC is 10:00 in New York (the practice's default zone): the same calendar day.
START = datetime(2027, 1, 4, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def clinician(app):
    clock.freeze(START)
    return make_user(Role.CLINICIAN)


def save_settings(db, *, days, zone="America/New_York"):
    db.session.add(PracticeSettings(
        practice_name="Test Practice", timezone=zone, served_regions=[], crisis_resources={},
        quick_exit_url="https://example.org", privacy_notice_text="n", privacy_notice_version="1",
        plan_review_days=days))
    db.session.commit()
    g.pop("practice_settings", None)  # as practice.services.save_settings does


def test_without_a_review_the_first_falls_due_a_cadence_after_the_case_opened(db, clinician):
    case = make_case(clinician)
    assert next_review_due([case.id]) == {case.id: date(2027, 1, 4) + timedelta(days=90)}


def test_the_latest_review_resets_the_due_date(db, clinician):
    case = make_case(clinician)
    clock.advance(timedelta(days=80))
    services.record_review(case, actor=clinician, reviewed_on=practice_today() - timedelta(days=3),
                           summary="Early review after a crisis")
    services.record_review(case, actor=clinician, reviewed_on=date(2027, 1, 20),
                           summary="Entered late, dated earlier")
    db.session.commit()
    assert practice_today() == date(2027, 3, 25)
    assert next_review_due([case.id])[case.id] == date(2027, 6, 20)  # 22 March + 90 days


def test_the_cadence_comes_from_the_practice_settings(db, clinician):
    case = make_case(clinician)
    save_settings(db, days=30)
    assert next_review_due([case.id])[case.id] == date(2027, 2, 3)


def test_the_opening_day_is_the_practice_s_local_day(db, clinician):
    # 03:00 UTC on 5 January is still the evening of 4 January in New York.
    clock.freeze(datetime(2027, 1, 5, 3, 0, tzinfo=timezone.utc))
    case = make_case(clinician)
    assert practice_today() == date(2027, 1, 4)
    assert next_review_due([case.id])[case.id] == date(2027, 4, 4)
    save_settings(db, days=90, zone="Europe/Berlin")
    assert next_review_due([case.id])[case.id] == date(2027, 4, 5)


def test_overdue_is_a_due_date_before_today(db, clinician):
    case = make_case(clinician)
    clock.advance(timedelta(days=90))
    assert next_review_due([case.id])[case.id] == practice_today()
    clock.advance(timedelta(days=1))
    assert next_review_due([case.id])[case.id] < practice_today()


def test_many_cases_in_one_sql_statement(db, clinician):
    cases = [make_case(clinician) for _ in range(5)]
    services.record_review(cases[0], actor=clinician, reviewed_on=date(2027, 1, 3), summary="s")
    db.session.commit()
    ids = [c.id for c in cases]
    request_settings()  # a page has read them already (its header names the practice)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        due = next_review_due(ids + [999_999])
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert due[ids[0]] == date(2027, 4, 3)
    assert {due[i] for i in ids[1:]} == {date(2027, 4, 4)}
    assert 999_999 not in due


def test_no_cases_no_query(db):
    assert next_review_due([]) == {}


def test_the_plan_summary_counts_goals_and_dates_reviews(db, clinician):
    case = make_case(clinician)
    empty = plan_summary(case)
    assert (empty.open_goals, empty.met_goals, empty.last_review_on) == (0, 0, None)
    goal = services.add_goal(case, actor=clinician, title="One")
    services.add_goal(case, actor=clinician, title="Two")
    services.revise_goal(goal, actor=clinician, expected_version=goal.version, title="One",
                         detail=None, target_date=None, status=GoalStatus.MET, interventions=[])
    services.record_review(case, actor=clinician, reviewed_on=date(2027, 1, 4), summary="s")
    db.session.commit()
    summary = plan_summary(case)
    assert (summary.open_goals, summary.met_goals) == (1, 1)
    assert summary.last_review_on == date(2027, 1, 4)
    assert summary.next_review_due == date(2027, 4, 4) and not summary.overdue
    clock.advance(timedelta(days=91))
    assert plan_summary(case).overdue
