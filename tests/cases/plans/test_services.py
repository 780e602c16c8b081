from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select, text

from intake import clock
from intake.audit.models import AuditEvent
from intake.cases.plans import queries, services
from intake.cases.plans.services import ensure_default_interventions
from intake.cases.plans.models import GoalRevision, Intervention
from intake.cases.plans.workflow import GoalStatus, ObjectiveStatus

DEFAULT_LABELS = ["Psychoeducation on trauma bonding", "Body-based regulation",
                  "Memory processing", "Support-network building",
                  "Communication and boundary planning", "Relapse prevention"]


def by_code(code):
    return [i for i in queries.active_interventions() if i.code == code]


def actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_migration_seeds_the_default_interventions(db):
    interventions = queries.active_interventions()
    assert [i.label for i in interventions] == DEFAULT_LABELS
    assert all(i.is_default for i in interventions)


def test_a_clinician_extends_the_vocabulary_once(db, clinician):
    added = services.add_intervention(actor=clinician, label="  EMDR   (adapted) ")
    db.session.commit()
    assert (added.code, added.label, added.is_default) == ("emdr_adapted", "EMDR (adapted)", False)
    assert queries.active_interventions()[-1] == added
    with pytest.raises(services.PlanError, match="already in the list") as caught:
        services.add_intervention(actor=clinician, label="emdr (ADAPTED)")
    assert caught.value.field == "label"
    with pytest.raises(services.PlanError, match="already"):
        services.add_intervention(actor=clinician, label="Body-based regulation")
    assert "plan.intervention.added" in actions(db)


def test_a_new_goal_starts_its_history_with_revision_one(db, clinician, case):
    goal = services.add_goal(
        case, actor=clinician, title="Pause before answering late-night messages",
        target_date=date(2027, 3, 1), interventions=by_code("body_based_regulation"),
        objectives=["Name three body signals of the pull to reply", "  ", "Use the 10-minute pause"])
    db.session.commit()
    assert [o.text for o in goal.objectives] == ["Name three body signals of the pull to reply",
                                                 "Use the 10-minute pause"]
    [first] = goal.revisions
    assert (first.number, first.change, first.status) == (1, "created", GoalStatus.NOT_STARTED)
    assert first.intervention_codes == ["body_based_regulation"]
    assert [o["text"] for o in first.objectives] == [o.text for o in goal.objectives]
    assert actions(db)[-1] == "plan.goal.created"


def test_every_change_to_a_goal_is_kept_as_its_own_row(db, clinician, case):
    goal = services.add_goal(case, actor=clinician, title="Reduce contact to logistics only")
    db.session.commit()
    changed = services.revise_goal(
        goal, actor=clinician, expected_version=goal.version, title="Reduce contact to logistics only",
        detail="Co-parenting app only", target_date=date(2027, 1, 15), status=GoalStatus.IN_PROGRESS,
        interventions=by_code("communication_boundary_planning"))
    db.session.commit()
    assert changed == ["detail", "target_date", "status", "interventions"]
    services.revise_goal(
        goal, actor=clinician, expected_version=goal.version, title="Contact through the app only",
        detail="Co-parenting app only", target_date=date(2027, 1, 15), status=GoalStatus.REVISED,
        interventions=by_code("communication_boundary_planning"), reason="Phone calls stopped")
    db.session.commit()
    history = db.session.scalars(select(GoalRevision).where(GoalRevision.goal_id == goal.id)
                                 .order_by(GoalRevision.number)).all()
    assert [(r.number, r.title, r.status) for r in history] == [
        (1, "Reduce contact to logistics only", GoalStatus.NOT_STARTED),
        (2, "Reduce contact to logistics only", GoalStatus.IN_PROGRESS),
        (3, "Contact through the app only", GoalStatus.REVISED)]
    assert history[2].reason == "Phone calls stopped" and history[2].change == "title,status"
    assert goal.title == "Contact through the app only"


def test_an_unchanged_save_writes_no_revision(db, clinician, case):
    goal = services.add_goal(case, actor=clinician, title="Sleep routine")
    db.session.commit()
    assert services.revise_goal(goal, actor=clinician, expected_version=goal.version,
                                title=" Sleep routine ", detail="", target_date=None,
                                status=GoalStatus.NOT_STARTED, interventions=[]) == []
    assert len(goal.revisions) == 1


@pytest.mark.parametrize("status", [GoalStatus.REVISED, GoalStatus.DISCONTINUED])
def test_revising_or_discontinuing_needs_a_reason(db, clinician, case, status):
    goal = services.add_goal(case, actor=clinician, title="Weekly check-in with a friend")
    db.session.commit()
    with pytest.raises(services.PlanError) as caught:
        services.revise_goal(goal, actor=clinician, expected_version=goal.version,
                             title=goal.title, detail=None, target_date=None, status=status,
                             interventions=[], reason="  ")
    assert caught.value.field == "reason"


def test_a_stale_version_is_refused(db, clinician, case):
    goal = services.add_goal(case, actor=clinician, title="Grounding twice a day")
    db.session.commit()
    opened_at_version = goal.version
    services.revise_goal(goal, actor=clinician, expected_version=opened_at_version,
                         title=goal.title, detail=None, target_date=None,
                         status=GoalStatus.IN_PROGRESS, interventions=[])
    db.session.commit()
    with pytest.raises(services.StaleEdit):
        services.revise_goal(goal, actor=clinician, expected_version=opened_at_version,
                             title="Something else", detail=None, target_date=None,
                             status=GoalStatus.MET, interventions=[])


def test_objective_changes_are_part_of_the_goal_history(db, clinician, case):
    goal = services.add_goal(case, actor=clinician, title="Build a support network")
    db.session.commit()
    objective = services.add_objective(goal, actor=clinician, text="Join the Thursday group")
    db.session.commit()
    services.set_objective_status(objective, actor=clinician, status=ObjectiveStatus.MET,
                                  expected_version=objective.version)
    db.session.commit()
    assert [r.change for r in goal.revisions] == ["created", "objective_added", "objective_met"]
    assert goal.revisions[-1].objectives == [{"text": "Join the Thursday group", "status": "met"}]
    assert actions(db)[-2:] == ["plan.objective.added", "plan.objective.status"]
    with pytest.raises(services.StaleEdit):
        services.set_objective_status(objective, actor=clinician, status=ObjectiveStatus.OPEN,
                                      expected_version=objective.version - 1)


def test_a_review_cannot_be_dated_in_the_future(db, clinician, case):
    clock.freeze(datetime(2027, 2, 1, 15, tzinfo=timezone.utc))
    with pytest.raises(services.PlanError) as caught:
        services.record_review(case, actor=clinician, reviewed_on=date(2027, 2, 2), summary="x")
    assert caught.value.field == "reviewed_on"
    review = services.record_review(case, actor=clinician, reviewed_on=date(2027, 2, 1),
                                    summary="Contact reduced; regulation improving.")
    db.session.commit()
    assert review.reviewer_id == clinician.id
    assert actions(db)[-1] == "plan.review.recorded"


def test_plan_text_is_encrypted_on_disk(db, clinician, case):
    goal = services.add_goal(case, actor=clinician, title="Notice gaslighting moments",
                             detail="Keep a reality journal", objectives=["Write three entries"])
    services.revise_goal(goal, actor=clinician, expected_version=goal.version,
                         title=goal.title, detail=goal.detail, target_date=None,
                         status=GoalStatus.DISCONTINUED, interventions=[],
                         reason="Journal found by partner")
    services.record_review(case, actor=clinician, reviewed_on=queries.practice_today(),
                           summary="Reality journal paused for safety")
    db.session.commit()
    raw = " ".join(str(row) for table in
                   ("plan_goals", "plan_goal_revisions", "plan_objectives", "plan_reviews")
                   for row in db.session.execute(text(f"SELECT * FROM {table}")).all())
    for secret in ("gaslighting", "reality journal", "Write three", "found by partner",
                   "paused for safety"):
        assert secret.lower() not in raw.lower()
    audit_details = " ".join(e.detail or "" for e in db.session.scalars(select(AuditEvent)))
    assert "journal" not in audit_details.lower()


def test_intervention_codes_survive_in_history_after_a_label_is_retired(db, clinician, case):
    extra = services.add_intervention(actor=clinician, label="Somatic tracking")
    goal = services.add_goal(case, actor=clinician, title="Track body cues", interventions=[extra])
    extra.active = False
    db.session.commit()
    assert extra not in queries.active_interventions()
    assert queries.intervention_labels()[goal.revisions[0].intervention_codes[0]] == "Somatic tracking"
    assert db.session.get(Intervention, extra.id).label == "Somatic tracking"


def test_two_saves_from_the_same_version_leave_one_winner(db, clinician, case):
    goal = services.add_goal(case, actor=clinician, title="Morning regulation practice")
    db.session.commit()
    version = goal.version
    # The second writer's row changed underneath it: the UPDATE matches no row at that version.
    db.session.execute(text("UPDATE plan_goals SET version = version + 1 WHERE id = :id"),
                       {"id": goal.id})
    with pytest.raises(services.StaleEdit):
        services.revise_goal(goal, actor=clinician, expected_version=version,
                             title="Evening practice", detail=None, target_date=None,
                             status=GoalStatus.IN_PROGRESS, interventions=[])
    db.session.rollback()
    assert db.session.get(type(goal), goal.id).title == "Morning regulation practice"


def test_missing_defaults_are_put_back_once(db):
    assert ensure_default_interventions() == 0
    db.session.delete(by_code("relapse_prevention")[0])
    db.session.flush()
    assert ensure_default_interventions() == 1
    assert [i.label for i in queries.active_interventions()] == DEFAULT_LABELS
