"""Saving a safety plan: each save is a new revision; earlier ones stay as they were."""
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from intake import audit
from intake.cases.plans.workflow import record_is_editable
from intake.cases.safety.models import SafetyPlan, SafetyPlanRevision
from intake.cases.safety.queries import plan_for
from intake.cases.safety.sections import changed_sections, normalise
from intake.extensions import db


class StalePlan(Exception):
    """The plan was saved by someone else after this form was opened."""

    message = ("This safety plan was saved by someone else after you opened it. Their "
               "version is shown below; what you typed is still in the form. Check it and "
               "save again.")


class CaseClosed(Exception):
    message = ("This case is discharged, so its safety plan can no longer change. Reopen the "
               "case to change it.")


class NothingChanged(Exception):
    message = "Nothing changed, so no new revision was saved."


def save_revision(case, content: dict, *, actor, expected_version: int | None) -> SafetyPlanRevision:
    """Store `content` as the plan's next revision. `expected_version` is the plan's version
    when the form was opened (None: there was no plan yet)."""
    if not record_is_editable(case.status):
        raise CaseClosed()
    content = normalise(content)
    plan = plan_for(case)
    if plan is None:
        if expected_version is not None:
            raise StalePlan()
        plan = _create_plan(case)
    elif plan.version != expected_version:
        raise StalePlan()
    before = plan.current.content if plan.current else {}
    changed = changed_sections(before, content)
    if not changed:
        raise NothingChanged()
    plan.revision_count += 1
    revision = SafetyPlanRevision(plan=plan, number=plan.revision_count, content=content,
                                  author_id=getattr(actor, "id", None))
    db.session.add(revision)
    try:
        db.session.flush()
    except StaleDataError as exc:  # a concurrent save won between the check and the write
        raise StalePlan() from exc
    audit.record(actor, "safety_plan.revised", case,
                 detail=f"revision={revision.number} sections={len(changed)}")
    return revision


def _create_plan(case) -> SafetyPlan:
    plan = SafetyPlan(case_id=case.id, revision_count=0)
    try:
        with db.session.begin_nested():
            db.session.add(plan)
    except IntegrityError as exc:  # another first save created it at the same moment
        raise StalePlan() from exc
    return plan
