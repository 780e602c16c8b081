import re

from sqlalchemy import select

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases.safety import queries, services
from intake.cases.timeline import entries_for
from tests.cases.signed_in import body, case, clinician  # noqa: F401  (fixtures)
from tests.conftest import csrf_token, make_user
from tests.factories import make_case

PRACTICE_NAME = "Northlight Therapy"
VERSION = re.compile(r'name="version" type="hidden" value="(\d*)"')


def url(case, suffix=""):
    return f"/cases/{case.public_id}/safety-plan{suffix}"


def actions(db):
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def save(client, case, **sections):
    edit = url(case, "/edit")
    version = VERSION.search(body(client.get(edit))).group(1)
    return client.post(edit, data={"csrf_token": csrf_token(client, edit), "version": version,
                                   **sections})


def test_an_empty_plan_invites_writing_one(client, db, case):
    page = body(client.get(url(case)))
    assert "No safety plan yet" in page and "Write the plan" in page
    assert client.get(url(case, "/print")).status_code == 404
    assert actions(db)[-1] == "case.safety_plan.viewed"


def test_two_saves_make_two_revisions_both_viewable(client, db, case):
    assert save(client, case, warning_signs="Silent treatment", code_word="lantern").status_code == 303
    assert save(client, case, warning_signs="Silent treatment\nChecking my phone",
                code_word="lantern").status_code == 303
    page = body(client.get(url(case)))
    assert "Revision 2, saved" in page and "Checking my phone" in page
    assert "changed: Warning signs." in page and "First version" in page
    assert "Earlier revisions" in page and ">Revision 1</a>" in page
    first = queries.plan_for(case).revisions[0]
    old = body(client.get(url(case, f"/revisions/{first.public_id}")))
    assert "Silent treatment" in old and "Checking my phone" not in old
    assert "case.safety_plan.revision_viewed" in actions(db)


def test_a_concurrent_save_shows_the_fresh_plan_and_keeps_the_typed_text(client, db, case, clinician):
    services.save_revision(case, {"coping_steps": "Breathing"}, actor=clinician, expected_version=None)
    db.session.commit()
    edit = url(case, "/edit")
    token = csrf_token(client, edit)
    opened = queries.plan_for(case).version
    services.save_revision(case, {"coping_steps": "Breathing\nCold water"}, actor=clinician,
                           expected_version=opened)
    db.session.commit()
    response = client.post(edit, data={"csrf_token": token, "version": opened,
                                       "coping_steps": "Walk round the block"})
    assert response.status_code == 409
    page = body(response)
    assert "saved by someone else" in page
    assert "Cold water" in page and "Walk round the block" in page
    assert len(queries.plan_for(case).revisions) == 2


def test_too_long_a_section_is_refused_beside_the_field(client, db, case):
    response = save(client, case, code_word="x" * 201, go_bag="passport")
    assert response.status_code == 422
    page = body(response)
    assert "error-summary" in page and "passport" in page
    assert queries.plan_for(case) is None


def test_the_print_view_carries_no_branding_or_header(client, db, case, clinician, app):
    services.save_revision(case, {"warning_signs": "Raised voice", "code_word": "lantern",
                                  "safe_people": "Aunt Rosa 555-0100"},
                           actor=clinician, expected_version=None)
    db.session.commit()
    response = client.get(url(case, "/print"))
    assert response.status_code == 200
    page = body(response)
    assert "<title>My plan</title>" in page
    assert PRACTICE_NAME not in page and app.config["PRACTICE_NAME"] not in page
    assert "Intake" not in page and "site-header" not in page and "intake.css" not in page
    assert "Safety plan" not in page and case.client_name not in page
    assert "Raised voice" in page and "Aunt Rosa" in page
    assert "lantern" not in page
    assert "lantern" in body(client.get(url(case, "/print?word=1")))
    assert actions(db)[-2:] == ["case.safety_plan.printed", "case.safety_plan.printed"]


def test_other_staff_cannot_print(client, auth, db):
    owner = make_user(Role.CLINICIAN)
    case = make_case(owner)
    services.save_revision(case, {"code_word": "lantern"}, actor=owner, expected_version=None)
    db.session.commit()
    revision = queries.plan_for(case).current
    for role in (Role.CLINICIAN, Role.ADMIN):
        auth.login(role)
        for suffix in ("/print", "/edit", f"/revisions/{revision.public_id}"):
            assert client.get(url(case, suffix)).status_code == 404
        auth.logout()


def test_the_timeline_lists_revisions_without_their_text(app, db, case, clinician):
    services.save_revision(case, {"code_word": "lantern"}, actor=clinician, expected_version=None)
    db.session.commit()
    services.save_revision(case, {"code_word": "kettle"}, actor=clinician,
                           expected_version=queries.plan_for(case).version)
    db.session.commit()
    with app.test_request_context():
        entries = [e for e in entries_for(case) if e.kind == "safety_plan"]
    assert sorted(e.title for e in entries) == ["Safety plan revised", "Safety plan written"]
    assert all("lantern" not in e.title for e in entries)
