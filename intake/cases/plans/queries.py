"""Read-only selects for the treatment plan, shared by the plan page and the caseload."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from intake.cases.models import Case
from intake.cases.plans.models import (Goal, Intervention, Objective, PlanReview,
                                       goal_interventions)
from intake.cases.plans.workflow import GoalStatus
from intake.clock import utcnow
from intake.extensions import db
from intake.practice.services import current_settings, request_settings


def next_review_due(case_ids: list[int]) -> dict[int, date]:
    """When each case's plan is next due for review: the settings' cadence after its latest
    review, or after the case opened. One SQL statement, however many cases (the caseload
    calls it); the settings are the request's cached copy."""
    if not case_ids:
        return {}
    settings = request_settings()
    last_review = func.max(PlanReview.reviewed_on)
    rows = db.session.execute(
        select(Case.id, Case.opened_at, last_review)
        .outerjoin(PlanReview, PlanReview.case_id == Case.id)
        .where(Case.id.in_(case_ids))
        .group_by(Case.id, Case.opened_at)
    ).all()
    cadence = timedelta(days=settings.plan_review_days)
    return {case_id: (reviewed_on or opened_at.astimezone(settings.zone).date()) + cadence
            for case_id, opened_at, reviewed_on in rows}


def practice_today() -> date:
    """Today's date where the practice is (a review dated 'today' late in the evening in New
    York is still today, not tomorrow in UTC)."""
    return utcnow().astimezone(current_settings().zone).date()


def goals_for(case) -> list[Goal]:
    return list(db.session.scalars(
        select(Goal).where(Goal.case_id == case.id)
        .options(selectinload(Goal.interventions), selectinload(Goal.objectives))
        .order_by(Goal.id)))


def find_goal(case, public_id: str) -> Goal | None:
    return db.session.scalar(
        select(Goal).where(Goal.case_id == case.id, Goal.public_id == public_id))


def find_objective(case, public_id: str) -> Objective | None:
    return db.session.scalar(
        select(Objective).join(Goal).where(Goal.case_id == case.id,
                                           Objective.public_id == public_id))


def reviews_for(case) -> list[PlanReview]:
    return list(db.session.scalars(
        select(PlanReview).where(PlanReview.case_id == case.id)
        .options(selectinload(PlanReview.reviewer))
        .order_by(PlanReview.reviewed_on.desc(), PlanReview.id.desc())))


def active_interventions() -> list[Intervention]:
    return list(db.session.scalars(
        select(Intervention).where(Intervention.active.is_(True))
        .order_by(Intervention.is_default.desc(), Intervention.id)))


def interventions_in_use() -> list[tuple[Intervention, int]]:
    """Every intervention with how many goals name it (the admin's list): no case detail."""
    uses = (select(goal_interventions.c.intervention_id, func.count().label("goals"))
            .group_by(goal_interventions.c.intervention_id).subquery())
    return list(db.session.execute(
        select(Intervention, func.coalesce(uses.c.goals, 0))
        .outerjoin(uses, uses.c.intervention_id == Intervention.id)
        .order_by(Intervention.active.desc(), Intervention.is_default.desc(), Intervention.label)))


def goal_form_interventions(goal=None) -> list[Intervention]:
    """The active list, plus any retired one the goal already names (kept, not dropped)."""
    offered = active_interventions()
    kept = [i for i in (goal.interventions if goal is not None else []) if not i.active]
    return offered + kept


def interventions_by_public_id(public_ids: list[str]) -> list[Intervention]:
    if not public_ids:
        return []
    return list(db.session.scalars(
        select(Intervention).where(Intervention.public_id.in_(public_ids))
        .order_by(Intervention.id)))


def intervention_labels() -> dict[str, str]:
    """code → label for every intervention, active or not (history shows retired ones too)."""
    return dict(db.session.execute(select(Intervention.code, Intervention.label)).all())


@dataclass(frozen=True)
class PlanSummary:
    """Counts and dates only (no plan text), for a case overview panel."""
    open_goals: int
    met_goals: int
    last_review_on: date | None
    next_review_due: date

    @property
    def overdue(self) -> bool:
        return self.next_review_due < practice_today()


def plan_summary(case) -> PlanSummary:
    statuses = list(db.session.scalars(select(Goal.status).where(Goal.case_id == case.id)))
    last = db.session.scalar(select(func.max(PlanReview.reviewed_on))
                             .where(PlanReview.case_id == case.id))
    return PlanSummary(
        open_goals=sum(s in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS) for s in statuses),
        met_goals=statuses.count(GoalStatus.MET), last_review_on=last,
        next_review_due=next_review_due([case.id])[case.id])
