"""/admin/interventions: the admin adds, retires and restores; goals keep what they name."""
from sqlalchemy import select

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases.plans import queries, services
from intake.cases.plans.models import Intervention
from tests.conftest import AuthActions, csrf_token
from tests.factories import make_case

URL = "/admin/interventions/"


def page(client, url=URL):
    return client.get(url).get_data(as_text=True)


def actions(db):
    return [a for a in db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
            if a.startswith("plan.intervention.")]


def test_retired_interventions_leave_new_goals_but_stay_on_the_goals_that_name_them(app, client, db):
    AuthActions(client).login(Role.ADMIN)
    clinician_client = app.test_client()
    clinician = AuthActions(clinician_client).login(Role.CLINICIAN)
    case = make_case(clinician)
    chosen = queries.active_interventions()[0]
    goal = services.add_goal(case, actor=clinician, title="Notice the pull", interventions=[chosen])
    db.session.commit()
    listing = page(client)
    assert chosen.label in listing and ">1</td>" in listing  # one goal names it

    token = csrf_token(client, URL)
    response = client.post(f"{URL}{chosen.public_id}/retire", data={"csrf_token": token})
    assert response.status_code == 303
    assert "retired: new goals no longer offer it" in page(client)
    assert db.session.get(Intervention, chosen.id).active is False

    new_goal = page(clinician_client, f"/cases/{case.public_id}/plan/goals/new")
    assert chosen.label not in new_goal
    edit_url = f"/cases/{case.public_id}/plan/goals/{goal.public_id}/edit"
    assert f"{chosen.label} (retired)" in page(clinician_client, edit_url)
    saved = clinician_client.post(edit_url, data={
        "csrf_token": csrf_token(clinician_client, edit_url), "title": "Notice the pull, then pause",
        "status": "in_progress", "version": goal.version, "interventions": [chosen.public_id]})
    assert saved.status_code == 303
    db.session.expire_all()
    assert [i.id for i in goal.interventions] == [chosen.id]

    client.post(f"{URL}{chosen.public_id}/restore", data={"csrf_token": token})
    assert chosen.label in page(clinician_client, f"/cases/{case.public_id}/plan/goals/new")
    assert actions(db) == ["plan.intervention.retired", "plan.intervention.restored"]


def test_the_admin_adds_one_and_a_duplicate_is_explained(client, login, db):
    login(Role.ADMIN)
    token = csrf_token(client, URL)
    response = client.post(URL, data={"csrf_token": token, "label": "Internal Family Systems"})
    assert response.status_code == 303
    assert "Internal Family Systems" in page(client)
    again = client.post(URL, data={"csrf_token": token, "label": "internal family systems"})
    assert again.status_code == 422 and "already in the list" in again.get_data(as_text=True)
    empty = client.post(URL, data={"csrf_token": token, "label": ""})
    assert empty.status_code == 422 and "Name the intervention." in empty.get_data(as_text=True)
    assert actions(db) == ["plan.intervention.added"]
