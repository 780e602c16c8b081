"""Read-only selects for the safety plan."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.cases.safety.models import SafetyPlan, SafetyPlanRevision
from intake.extensions import db


def plan_for(case) -> SafetyPlan | None:
    return db.session.scalar(
        select(SafetyPlan).where(SafetyPlan.case_id == case.id)
        .options(selectinload(SafetyPlan.revisions).selectinload(SafetyPlanRevision.author)))


def find_revision(case, public_id: str) -> SafetyPlanRevision | None:
    return db.session.scalar(
        select(SafetyPlanRevision).join(SafetyPlan)
        .where(SafetyPlan.case_id == case.id, SafetyPlanRevision.public_id == public_id))


def has_plan(case_id: int) -> bool:
    """Whether the case has a saved safety plan (the readiness review asks)."""
    return db.session.scalar(
        select(SafetyPlan.id).where(SafetyPlan.case_id == case_id,
                                    SafetyPlan.revision_count > 0)) is not None
