"""When each case's next plan review is due.

A minimal version kept by the cases feature until the treatment-plan feature lands (the
integrator takes that one): due `plan_review_days` after the latest signed plan-review note,
or after the case was opened if there is none yet."""
from datetime import date, timedelta

from sqlalchemy import func, select

from intake.cases.models import Case, Note
from intake.cases.workflow import NoteKind
from intake.extensions import db
from intake.practice.services import current_settings


def next_review_due(case_ids: list[int]) -> dict[int, date]:
    """{case id: the date the next plan review is due} in one query."""
    if not case_ids:
        return {}
    settings = current_settings()
    last_review = (select(Note.case_id, func.max(Note.signed_at).label("at"))
                   .where(Note.kind == NoteKind.PLAN_REVIEW, Note.signed_at.is_not(None),
                          Note.case_id.in_(case_ids))
                   .group_by(Note.case_id).subquery())
    rows = db.session.execute(
        select(Case.id, Case.opened_at, last_review.c.at)
        .outerjoin(last_review, last_review.c.case_id == Case.id)
        .where(Case.id.in_(case_ids)))
    return {case_id: _as_date(reviewed_at or opened_at, settings.zone)
            + timedelta(days=settings.plan_review_days)
            for case_id, opened_at, reviewed_at in rows}


def _as_date(value, zone) -> date:
    return value.astimezone(zone).date()
