"""The plan pages through the client: access, forms, audit, history."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from intake import clock
from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases.plans import queries, services
from intake.cases.plans.models import Goal, PlanReview
from intake.cases.plans.workflow import GoalStatus
from intake.cases.timeline import entries_for
from tests.cases.signed_in import body, case, clinician  # noqa: F401  (fixtures)
from tests.conftest import csrf_token, make_user
from tests.factories import make_case


def plan_url(case, suffix=""):
    return f"/cases/{case.public_id}/plan{suffix}"


def last_action(db):
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first()


def test_the_plan_page_shows_tabs_due_date_and_vocabulary(client, db, case):
    response = client.get(plan_url(case))
    assert response.status_code == 200
    page = body(response)
    assert 'aria-current="page">Treatment plan' in page
    assert "Next review due" in page and "Relapse prevention" in page
    assert "<title>Treatment plan · Intake</title>" in page
    assert last_action(db) == "case.plan.viewed"


@pytest.mark.parametrize("who", ["other_clinician", "admin", "both_roles"])
@pytest.mark.parametrize("suffix", ["", "/goals/new"])
def test_anyone_but_the_assigned_clinician_gets_404(client, auth, db, who, suffix):
    case = make_case(make_user(Role.CLINICIAN))
    role = {"other_clinician": Role.CLINICIAN, "admin": Role.ADMIN,
            "both_roles": (Role.ADMIN, Role.CLINICIAN)}[who]
    auth.login(role)
    assert client.get(plan_url(case, suffix)).status_code == 404
    assert client.get(f"/cases/{case.public_id}/safety-plan").status_code == 404


def test_posts_to_someone_else_s_case_are_404(client, auth, db):
    case = make_case(make_user(Role.CLINICIAN))
    auth.login(Role.CLINICIAN)
    token = csrf_token(client, "/staff/")
    response = client.post(plan_url(case, "/reviews"), data={
        "csrf_token": token, "reviewed_on": "2026-01-01", "summary": "x"})
    assert response.status_code == 404
    assert db.session.scalar(select(PlanReview.id)) is None


def test_adding_a_goal_with_an_intervention_and_objectives(client, db, case):
    url = plan_url(case, "/goals/new")
    body_regulation = queries.active_interventions()[1]
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "title": "Notice the pull and pause",
        "target_date": "2027-03-01", "status": "in_progress",
        "interventions": [body_regulation.public_id],
        "objectives": "Name body signals\n\nPause ten minutes"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(plan_url(case) + "#goals")
    goal = db.session.scalar(select(Goal))
    assert goal.interventions == [body_regulation] and len(goal.objectives) == 2
    assert last_action(db) == "plan.goal.created"
    page = body(client.get(plan_url(case)))
    assert "Notice the pull and pause" in page and "Pause ten minutes" in page


def test_a_bad_goal_form_is_re_rendered_with_what_was_typed(client, db, case):
    url = plan_url(case, "/goals/new")
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "title": "",
                                      "target_date": "not a date", "status": "not_started",
                                      "objectives": "Keep this line"})
    assert response.status_code == 422
    page = body(response)
    assert "Write the goal." in page and 'class="error-summary"' in page
    assert "Keep this line" in page
    assert db.session.scalar(select(Goal.id)) is None


def test_editing_a_goal_keeps_the_earlier_version_in_its_history(client, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Weekly call with my sister")
    db.session.commit()
    url = plan_url(case, f"/goals/{goal.public_id}/edit")
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "title": "Two calls a week",
                                      "status": "in_progress", "version": goal.version})
    assert response.status_code == 303
    history = body(client.get(plan_url(case, f"/goals/{goal.public_id}/history")))
    assert "Weekly call with my sister" in history and "Two calls a week" in history
    assert "Version 2" in history
    assert last_action(db) == "plan.goal.history_viewed"


def test_discontinuing_without_a_reason_asks_for_one(client, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Daily journaling")
    db.session.commit()
    url = plan_url(case, f"/goals/{goal.public_id}/edit")
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "title": "Daily journaling",
                                      "status": "discontinued", "version": goal.version})
    assert response.status_code == 422
    assert "Say why the goal is being revised or discontinued." in body(response)
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).status == GoalStatus.NOT_STARTED


def test_a_concurrent_edit_loses_with_a_clear_message(client, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Grounding practice")
    db.session.commit()
    url = plan_url(case, f"/goals/{goal.public_id}/edit")
    token = csrf_token(client, url)
    opened_version = goal.version
    services.revise_goal(goal, actor=clinician, expected_version=opened_version,
                         title="Grounding practice, mornings", detail=None, target_date=None,
                         status=GoalStatus.IN_PROGRESS, interventions=[])
    db.session.commit()
    response = client.post(url, data={"csrf_token": token, "title": "My stale title",
                                      "status": "met", "version": opened_version})
    assert response.status_code == 409
    page = body(response)
    assert "Someone else saved this goal" in page
    assert "Grounding practice, mornings" in page and "My stale title" in page
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).title == "Grounding practice, mornings"


def test_objectives_are_added_and_marked_met_from_the_plan_page(client, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Support network")
    db.session.commit()
    token = csrf_token(client, plan_url(case))
    response = client.post(plan_url(case, f"/goals/{goal.public_id}/objectives"),
                           data={f"o-{goal.public_id}-csrf_token": token,
                                 f"o-{goal.public_id}-text": ""})
    assert response.status_code == 422 and "Write the objective." in body(response)
    response = client.post(plan_url(case, f"/goals/{goal.public_id}/objectives"),
                           data={f"o-{goal.public_id}-csrf_token": token,
                                 f"o-{goal.public_id}-text": "Call one friend this week"})
    assert response.status_code == 303
    db.session.expire_all()
    objective = db.session.get(Goal, goal.id).objectives[0]
    response = client.post(plan_url(case, f"/objectives/{objective.public_id}/status"),
                           data={"csrf_token": token, "status": "met", "version": objective.version})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).objectives[0].status == "met"


def test_recording_a_plan_review_moves_the_due_date(client, db, auth):
    clock.freeze(datetime(2027, 5, 10, 16, tzinfo=timezone.utc))
    case = make_case(auth.login(Role.CLINICIAN))
    token = csrf_token(client, plan_url(case))
    response = client.post(plan_url(case, "/reviews"), data={"csrf_token": token,
                                                             "reviewed_on": "2027-05-09", "summary": ""})
    assert response.status_code == 422 and "Summarise the review." in body(response)
    assert 'value="2027-05-09"' in body(response)
    response = client.post(plan_url(case, "/reviews"), data={
        "csrf_token": token, "reviewed_on": "2027-05-11", "summary": "Tomorrow?"})
    assert response.status_code == 422 and "cannot be in the future" in body(response)
    response = client.post(plan_url(case, "/reviews"), data={
        "csrf_token": token, "reviewed_on": "2027-05-09", "summary": "Goals on track."})
    assert response.status_code == 303
    assert queries.next_review_due([case.id])[case.id] == date(2027, 5, 9) + timedelta(days=90)
    page = body(client.get(plan_url(case)))
    assert "Goals on track." in page and "Sat 7 Aug 2027" in page


def test_an_overdue_review_is_flagged(client, db, clinician):
    recent = make_case(clinician)
    assert "Overdue" not in body(client.get(plan_url(recent)))
    case = make_case(clinician, opened_at=clock.utcnow() - timedelta(days=91))
    assert "Overdue" in body(client.get(plan_url(case)))


def test_a_clinician_adds_a_practice_intervention_from_the_plan(client, db, case):
    token = csrf_token(client, plan_url(case))
    response = client.post(plan_url(case, "/interventions"),
                           data={"csrf_token": token, "label": "Memory processing"})
    assert response.status_code == 422 and "already in the list" in body(response)
    response = client.post(plan_url(case, "/interventions"),
                           data={"csrf_token": token, "label": "EMDR (adapted)"})
    assert response.status_code == 303
    assert "EMDR (adapted)" in body(client.get(plan_url(case, "/goals/new")))


def test_the_timeline_lists_goal_changes_and_reviews(app, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Boundaries with texts")
    services.revise_goal(goal, actor=clinician, expected_version=goal.version, title=goal.title,
                         detail=None, target_date=None, status=GoalStatus.MET, interventions=[])
    services.record_review(case, actor=clinician, reviewed_on=queries.practice_today(),
                           summary="Review")
    db.session.commit()
    with app.test_request_context():
        titles = {e.title for e in entries_for(case)}
    assert {"Treatment goal added", "Treatment goal marked met",
            "Treatment plan reviewed"} <= titles
    assert not any("Boundaries" in t for t in titles)


def test_closed_goals_are_listed_after_the_open_ones(client, db, case, clinician):
    met = services.add_goal(case, actor=clinician, title="First goal, now met")
    services.revise_goal(met, actor=clinician, expected_version=met.version, title=met.title,
                         detail=None, target_date=None, status=GoalStatus.MET, interventions=[])
    services.add_goal(case, actor=clinician, title="Second goal, still open")
    db.session.commit()
    page = body(client.get(plan_url(case)))
    assert page.index("Second goal, still open") < page.index("Met, revised or discontinued") \
        < page.index("First goal, now met")


@pytest.mark.parametrize("public_id", ["endsWithDash0000-", "endsWithUnder000_", "plainPublicId0000"])
def test_objective_forms_work_whatever_the_goal_id_ends_with(client, db, case, clinician, public_id):
    goal = services.add_goal(case, actor=clinician, title="Goal")
    goal.public_id = public_id
    db.session.commit()
    token = csrf_token(client, plan_url(case))
    assert f'name="o-{public_id}-text"' in body(client.get(plan_url(case)))
    response = client.post(plan_url(case, f"/goals/{public_id}/objectives"),
                           data={f"o-{public_id}-csrf_token": token, f"o-{public_id}-text": "Step"})
    assert response.status_code == 303


def test_a_discharged_case_s_plan_is_kept_as_it_was(client, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Kept goal")
    db.session.commit()
    token = csrf_token(client, plan_url(case))
    case.status = "discharged"
    db.session.commit()
    page = body(client.get(plan_url(case)))
    assert "Kept goal" in page and "This case is discharged" in page
    assert "Record review" not in page and "Add a goal" not in page
    response = client.post(plan_url(case, "/reviews"), data={
        "csrf_token": token, "reviewed_on": queries.practice_today().isoformat(), "summary": "x"})
    assert response.status_code == 303
    assert "can no longer change" in body(client.get(response.headers["Location"]))
    with pytest.raises(services.CaseClosed):
        services.add_objective(goal, actor=clinician, text="Late step")
    assert db.session.scalar(select(PlanReview.id)) is None


def test_every_plan_page_read_is_audited(client, db, case, clinician):
    goal = services.add_goal(case, actor=clinician, title="Audited goal")
    db.session.commit()
    for suffix, action in [("", "case.plan.viewed"), ("/goals/new", "case.plan.goal_form_opened"),
                           (f"/goals/{goal.public_id}/edit", "plan.goal.viewed"),
                           (f"/goals/{goal.public_id}/history", "plan.goal.history_viewed")]:
        assert client.get(plan_url(case, suffix)).status_code == 200
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == action and event.actor_id == clinician.id
        assert "Audited" not in (event.detail or "")
