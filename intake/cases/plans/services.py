"""Changing a treatment plan. Each function takes an explicit actor, writes its audit row in
the same transaction and flushes; the caller commits."""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from intake import audit
from intake.cases.plans import workflow
from intake.cases.plans.models import Goal, GoalRevision, Intervention, Objective, PlanReview
from intake.cases.plans.queries import practice_today
from intake.cases.plans.workflow import GoalStatus, ObjectiveStatus
from intake.clock import utcnow
from intake.extensions import db


class PlanError(Exception):
    """A change the plan's rules refuse; `field` names the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleEdit(PlanError):
    """Someone saved this record after the form was opened."""

    def __init__(self):
        super().__init__("Someone else saved this goal after you opened it. The current "
                         "version is shown; your changes are still in the form. Check them "
                         "and save again.")


class CaseClosed(Exception):
    """The case is discharged (not a field's problem: the whole page is read-only now)."""

    def __init__(self):
        super().__init__("This case is discharged, so its plan can no longer change. "
                         "Reopen the case to change it.")


def _ensure_editable(case) -> None:
    if not workflow.record_is_editable(case.status):
        raise CaseClosed()


def _flush_or_stale() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:  # a concurrent save won the race between check and write
        raise StaleEdit() from exc


def _check_version(row, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit()


def _touch(goal: Goal) -> None:
    """The goal changed through a child row: bump its version, so two saves at once cannot
    both take the same revision number (the loser gets StaleEdit)."""
    goal.updated_at = utcnow()
    flag_modified(goal, "updated_at")


def _snapshot(goal: Goal, *, change: str, actor, reason: str | None = None) -> GoalRevision:
    number = len(goal.revisions) + 1
    revision = GoalRevision(
        goal=goal, number=number, change=change, title=goal.title, detail=goal.detail,
        target_date=goal.target_date, status=goal.status,
        intervention_codes=[i.code for i in goal.interventions],
        objectives=[{"text": o.text, "status": o.status} for o in goal.objectives],
        reason=reason or None, actor_id=getattr(actor, "id", None))
    db.session.add(revision)
    return revision


def add_goal(case, *, actor, title: str, detail: str | None = None,
             target_date: date | None = None, status: str = GoalStatus.NOT_STARTED,
             interventions: list[Intervention] = (), objectives: list[str] = ()) -> Goal:
    """A new goal on the case's plan, with its first objectives; revision 1 records it."""
    _ensure_editable(case)
    goal = Goal(case_id=case.id, title=title.strip(), detail=(detail or "").strip() or None,
                target_date=target_date, status=GoalStatus(status),
                interventions=list(interventions), created_by_id=getattr(actor, "id", None))
    goal.objectives = [Objective(text=text.strip()) for text in objectives if text.strip()]
    db.session.add(goal)
    db.session.flush()
    _snapshot(goal, change="created", actor=actor)
    audit.record(actor, "plan.goal.created", case,
                 detail=f"goal={goal.public_id} objectives={len(goal.objectives)} "
                        f"interventions={len(goal.interventions)}")
    db.session.flush()
    return goal


def _changes(goal: Goal, *, title, detail, target_date, status, interventions) -> list[str]:
    changed = []
    if goal.title != title:
        changed.append("title")
    if (goal.detail or None) != detail:
        changed.append("detail")
    if goal.target_date != target_date:
        changed.append("target_date")
    if goal.status != status:
        changed.append("status")
    if {i.id for i in goal.interventions} != {i.id for i in interventions}:
        changed.append("interventions")
    return changed


def revise_goal(goal: Goal, *, actor, expected_version: int | None, title: str,
                detail: str | None, target_date: date | None, status: str,
                interventions: list[Intervention], reason: str | None = None) -> list[str]:
    """Apply an edit and keep the previous state as history; returns what changed (empty:
    nothing to save, no revision written)."""
    _ensure_editable(goal.case)
    _check_version(goal, expected_version)
    title, detail, reason = title.strip(), (detail or "").strip() or None, (reason or "").strip()
    status = GoalStatus(status)
    if workflow.reason_required(goal.status, status) and not reason:
        raise PlanError("Say why the goal is being revised or discontinued.", field="reason")
    changed = _changes(goal, title=title, detail=detail, target_date=target_date,
                       status=status, interventions=interventions)
    if not changed:
        return []
    goal.title, goal.detail, goal.target_date, goal.status = title, detail, target_date, status
    goal.interventions = list(interventions)
    _flush_or_stale()
    _snapshot(goal, change=",".join(changed), actor=actor, reason=reason)
    audit.record(actor, "plan.goal.revised", goal, detail=f"changes={','.join(changed)} status={status}")
    db.session.flush()
    return changed


def add_objective(goal: Goal, *, actor, text: str) -> Objective:
    _ensure_editable(goal.case)
    objective = Objective(goal=goal, text=text.strip())
    db.session.add(objective)
    _touch(goal)
    _flush_or_stale()
    _snapshot(goal, change="objective_added", actor=actor)
    audit.record(actor, "plan.objective.added", goal, detail=f"objective={objective.public_id}")
    db.session.flush()
    return objective


def set_objective_status(objective: Objective, *, actor, status: str,
                         expected_version: int | None) -> None:
    _ensure_editable(objective.goal.case)
    _check_version(objective, expected_version)
    status = ObjectiveStatus(status)
    if objective.status == status:
        return
    objective.status = status
    _touch(objective.goal)
    _flush_or_stale()
    _snapshot(objective.goal, change=f"objective_{status}", actor=actor)
    audit.record(actor, "plan.objective.status", objective.goal,
                 detail=f"objective={objective.public_id} status={status}")
    db.session.flush()


def record_review(case, *, actor, reviewed_on: date, summary: str) -> PlanReview:
    """A plan review as its own entry; the next one falls due a cadence after its date."""
    _ensure_editable(case)
    if reviewed_on > practice_today():
        raise PlanError("A review date cannot be in the future.", field="reviewed_on")
    review = PlanReview(case_id=case.id, reviewed_on=reviewed_on, summary=summary.strip(),
                        reviewer_id=getattr(actor, "id", None))
    db.session.add(review)
    db.session.flush()
    audit.record(actor, "plan.review.recorded", case, detail=f"review={review.public_id}")
    db.session.flush()
    return review


def add_intervention(*, actor, label: str) -> Intervention:
    """Extend the practice's vocabulary; a label already there (any case) is refused."""
    label = " ".join(label.split())
    code = workflow.intervention_code(label)
    if not code:
        raise PlanError("Use letters or numbers in the name.", field="label")
    taken = db.session.scalar(select(Intervention.id).where(
        (Intervention.code == code) | (func.lower(Intervention.label) == label.lower())))
    if taken is not None:
        raise PlanError("That intervention is already in the list.", field="label")
    intervention = Intervention(code=code, label=label, created_by_id=getattr(actor, "id", None))
    db.session.add(intervention)
    db.session.flush()
    audit.record(actor, "plan.intervention.added", intervention, detail=f"code={code}")
    return intervention


def set_intervention_active(intervention: Intervention, active: bool, *, actor) -> bool:
    """Retire an intervention from the list offered for new goals, or bring it back; goals
    that already name it keep it. Returns whether anything changed."""
    if intervention.active == active:
        return False
    intervention.active = active
    db.session.flush()
    audit.record(actor, "plan.intervention.restored" if active else "plan.intervention.retired",
                 intervention, detail=f"code={intervention.code}")
    return True


def ensure_default_interventions() -> int:
    """Put back any default intervention missing from the vocabulary (a database emptied by
    hand or by a test reset); returns how many were added. The migration seeds them first."""
    present = set(db.session.scalars(select(Intervention.code)))
    missing = [(code, label) for code, label in workflow.DEFAULT_INTERVENTIONS
               if code not in present]
    db.session.add_all(Intervention(code=code, label=label, is_default=True)
                       for code, label in missing)
    db.session.flush()
    return len(missing)
