from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect


def test_migrations_leave_no_drift(runner, db):
    assert runner.invoke(args=["db", "check"]).exit_code == 0
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_empty_and_back(app, db):
    downgrade(revision="base")
    db.session.remove()
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    db.session.remove()
    assert {"users", "audit_events", "staff_sessions"} <= set(inspect(db.engine).get_table_names())


def test_handovers_made_before_their_table_are_read_back_from_the_audit_chain(app, db):
    from sqlalchemy import select

    from intake.auth.models import Role
    from intake.cases.models import CaseHandover
    from intake.cases.services import reassign_case
    from intake.reports.models import RollupState
    from tests.conftest import make_user
    from tests.factories import make_case

    before, after, admin = make_user(Role.CLINICIAN), make_user(Role.CLINICIAN), make_user(Role.ADMIN)
    case = make_case(before)
    reassign_case(case, after, actor=admin, expected_version=case.version)
    db.session.merge(RollupState(id=1, zone="America/New_York"))
    ids = (case.id, before.id, after.id, admin.id)
    db.session.commit()
    db.session.remove()  # no transaction of ours in the migration's way

    downgrade(revision="r8_erasure")  # as the database was before case_handovers
    assert "case_handovers" not in inspect(db.engine).get_table_names()
    upgrade()
    db.session.remove()

    handover = db.session.scalar(select(CaseHandover))
    assert (handover.case_id, handover.from_clinician_id, handover.to_clinician_id,
            handover.actor_id) == ids
    assert db.session.get(RollupState, 1).zone is None  # the next report recounts every day
