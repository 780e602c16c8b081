"""The treatment plan's entries on the case timeline: goal changes and plan reviews."""
from datetime import datetime, time, timezone

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.cases.plans.models import Goal, GoalRevision, PlanReview
from intake.cases.plans.workflow import GOAL_STATUS_LABELS
from intake.cases.timeline import TimelineEntry, provider
from intake.extensions import db


def _goal_title(revision: GoalRevision) -> str:
    if revision.change == "created":
        return "Treatment goal added"
    if "status" in revision.change.split(","):
        return f"Treatment goal marked {GOAL_STATUS_LABELS[revision.status].lower()}"
    if revision.change.startswith("objective"):
        return "Goal objectives updated"
    return "Treatment goal revised"


@provider
def goal_changes(case):
    revisions = db.session.scalars(
        select(GoalRevision).join(Goal).where(Goal.case_id == case.id)
        .options(selectinload(GoalRevision.actor), selectinload(GoalRevision.goal)))
    for revision in revisions:
        yield TimelineEntry(
            at=revision.created_at, kind="plan_goal", title=_goal_title(revision),
            url=url_for("cases.plan_goal_history", public_id=case.public_id,
                        goal_id=revision.goal.public_id),
            actor=revision.actor.display_name if revision.actor else None)


@provider
def plan_reviews(case):
    reviews = db.session.scalars(
        select(PlanReview).where(PlanReview.case_id == case.id)
        .options(selectinload(PlanReview.reviewer)))
    for review in reviews:
        # A review is dated by the clinician; recorded late, it still sits on its own day.
        at = min(review.created_at,
                 datetime.combine(review.reviewed_on, time(12), tzinfo=timezone.utc))
        yield TimelineEntry(
            at=at, kind="plan_review", title="Treatment plan reviewed",
            url=url_for("cases.plan", public_id=case.public_id, _anchor=f"review-{review.public_id}"),
            actor=review.reviewer.display_name if review.reviewer else None)
