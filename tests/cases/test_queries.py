"""Plan review due dates (controllable clock) and the merged activity timeline."""
from datetime import datetime, timedelta, timezone

from intake import clock
from intake.cases import services
from intake.cases.plans.queries import next_review_due
from intake.cases.timeline import entries_for
from intake.cases.workflow import NoteKind
from intake.practice.models import PracticeSettings
from tests.cases.conftest import readiness
from tests.factories import make_case

NOON = datetime(2027, 3, 2, 17, 0, tzinfo=timezone.utc)  # noon in New York


def test_review_cadence_follows_the_practice_setting(db, clinician):
    clock.freeze(NOON)
    db.session.add(PracticeSettings(practice_name="P", timezone="America/New_York",
                                    served_regions=[], crisis_resources={}, quick_exit_url="x",
                                    privacy_notice_text="x", privacy_notice_version="1",
                                    plan_review_days=30, declined_retention_days=365))
    case = make_case(clinician, opened_at=NOON)
    assert next_review_due([case.id])[case.id] == NOON.date() + timedelta(days=30)


def test_timeline_merges_phase_status_and_note_entries_newest_first(app, db, case, clinician,
                                                                    safety_plan):
    clock.freeze(NOON)
    services.move_to_processing(case, readiness(unmet=("support",), override="o"),
                                actor=clinician, rationale="r", expected_version=None)
    clock.advance(timedelta(days=1))
    note = services.start_note(case, NoteKind.PROGRESS, "Private words", actor=clinician)
    clock.advance(timedelta(hours=1))
    services.sign_note(note, actor=clinician, expected_version=None)
    clock.advance(timedelta(hours=1))
    services.add_addendum(note, actor=clinician, reason="r", body="b")
    clock.advance(timedelta(days=1))
    services.return_to_stabilization(case, actor=clinician, reason="re_escalation", text="",
                                     expected_version=None)
    clock.advance(timedelta(minutes=5))
    services.change_status(case, "on_hold", actor=clinician, expected_version=None)
    db.session.commit()
    with app.test_request_context():
        titles = [e.title for e in entries_for(case)]
    assert titles[:5] == ["Put on hold", "Returned to stabilization: the cycle re-escalated",
                          "Addendum to progress note", "Progress note signed",
                          "Moved to processing with an override (1 item not met)"]
    assert "Opened in stabilization" in titles
    assert not any("Private" in t for t in titles)


def test_a_case_without_phase_changes_is_in_stabilization(db, clinician):
    from intake.cases import queries
    from intake.cases.models import Case
    from tests.factories import make_request
    request = make_request(status="converted")
    case = Case(request_id=request.id, clinician_id=clinician.id, client_name="No Phase Yet")
    db.session.add(case)
    db.session.commit()
    assert case.phase == "stabilization"
    rows = queries.caseload(clinician.id, phase="stabilization")
    assert [r.phase for r in rows] == ["stabilization"] and rows[0].phase_since == case.opened_at
    assert queries.admin_case(case.public_id).phase == "stabilization"
