from datetime import timedelta

from sqlalchemy import func, select

from intake.auth.models import Role
from intake.cases.plans import queries
from intake.cases.plans.demo import seed, seed_records
from intake.cases.plans.models import GoalRevision, PlanReview
from intake.cases.safety.queries import plan_for
from intake.cases.workflow import Phase
from intake.clock import utcnow
from tests.conftest import make_user
from tests.factories import make_case


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_records_for_both_phases_and_seeding_twice_is_harmless(db):
    clinician = make_user(Role.CLINICIAN)
    long_ago = utcnow() - timedelta(days=200)
    stabilizing = make_case(clinician, opened_at=long_ago)
    processing = make_case(clinician, phase=Phase.PROCESSING, opened_at=long_ago)
    new = make_case(clinician)
    for case in (stabilizing, processing, new):
        seed_records(case, clinician)
    db.session.commit()
    assert [len(queries.goals_for(c)) for c in (stabilizing, processing, new)] == [3, 4, 3]
    assert [len(queries.reviews_for(c)) for c in (stabilizing, processing, new)] == [1, 2, 0]
    assert all(plan_for(c).revision_count == 2 for c in (stabilizing, processing, new))
    assert max(r.created_at for r in db.session.scalars(select(GoalRevision))) <= utcnow()
    totals = (count(db, GoalRevision), count(db, PlanReview))
    seed({}, {})
    db.session.commit()
    assert (count(db, GoalRevision), count(db, PlanReview)) == totals
