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
