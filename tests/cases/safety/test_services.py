import pytest
from sqlalchemy import select, text

from intake.audit.models import AuditEvent
from intake.cases.safety import queries, services
from intake.cases.safety.models import SafetyPlanRevision

FIRST = {"warning_signs": "He goes quiet before a blow-up\nPhone checked at night",
         "code_word": "blue umbrella", "emergency_numbers": "911\n988"}


def test_each_save_is_a_new_revision_and_earlier_ones_stay(db, clinician, case):
    first = services.save_revision(case, FIRST, actor=clinician, expected_version=None)
    db.session.commit()
    plan = queries.plan_for(case)
    second = services.save_revision(case, {**FIRST, "code_word": "green kettle"},
                                    actor=clinician, expected_version=plan.version)
    db.session.commit()
    revisions = db.session.scalars(select(SafetyPlanRevision).order_by(SafetyPlanRevision.number)).all()
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].content["code_word"] == "blue umbrella"
    assert revisions[1].content["code_word"] == "green kettle"
    assert queries.plan_for(case).current == second != first
    assert queries.has_plan(case.id)
    details = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "safety_plan.revised").order_by(AuditEvent.id)).all()
    assert details == ["revision=1 sections=3", "revision=2 sections=1"]


def test_a_save_from_an_old_version_is_refused(db, clinician, case):
    services.save_revision(case, FIRST, actor=clinician, expected_version=None)
    db.session.commit()
    opened = queries.plan_for(case).version
    services.save_revision(case, {**FIRST, "go_bag": "passport"}, actor=clinician,
                           expected_version=opened)
    db.session.commit()
    with pytest.raises(services.StalePlan):
        services.save_revision(case, {**FIRST, "go_bag": "keys"}, actor=clinician,
                               expected_version=opened)


def test_a_first_save_racing_another_first_save_is_refused(db, clinician, case):
    services.save_revision(case, FIRST, actor=clinician, expected_version=None)
    db.session.commit()
    with pytest.raises(services.StalePlan):
        services.save_revision(case, {"go_bag": "keys"}, actor=clinician, expected_version=None)


def test_saving_the_same_content_writes_nothing(db, clinician, case):
    services.save_revision(case, FIRST, actor=clinician, expected_version=None)
    db.session.commit()
    with pytest.raises(services.NothingChanged):
        services.save_revision(case, {**FIRST, "go_bag": "   "}, actor=clinician,
                               expected_version=queries.plan_for(case).version)


def test_the_plan_is_encrypted_on_disk(db, clinician, case):
    services.save_revision(case, FIRST, actor=clinician, expected_version=None)
    db.session.commit()
    raw = str(db.session.execute(text("SELECT * FROM safety_plan_revisions")).all())
    for secret in ("umbrella", "blow-up", "warning_signs", "988"):
        assert secret not in raw


def test_a_discharged_case_s_safety_plan_cannot_change(db, clinician, case):
    services.save_revision(case, FIRST, actor=clinician, expected_version=None)
    case.status = "discharged"
    db.session.commit()
    with pytest.raises(services.CaseClosed):
        services.save_revision(case, {"go_bag": "keys"}, actor=clinician,
                               expected_version=queries.plan_for(case).version)
