"""Safety plan revisions on the case timeline."""
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.cases.safety.models import SafetyPlan, SafetyPlanRevision
from intake.cases.timeline import TimelineEntry, provider
from intake.extensions import db


@provider
def safety_plan_revisions(case):
    revisions = db.session.scalars(
        select(SafetyPlanRevision).join(SafetyPlan).where(SafetyPlan.case_id == case.id)
        .options(selectinload(SafetyPlanRevision.author)))
    for revision in revisions:
        yield TimelineEntry(
            at=revision.created_at, kind="safety_plan",
            title="Safety plan written" if revision.number == 1 else "Safety plan revised",
            url=url_for("cases.safety_plan_revision", public_id=case.public_id,
                        revision_id=revision.public_id),
            actor=revision.author.display_name if revision.author else None)
