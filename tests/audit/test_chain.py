import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from intake import audit
from intake.auth.models import Role
from tests.conftest import make_user


def tamper(db, database, sql: str):
    """What an attacker with database access could do: get past the trigger and edit."""
    if database.is_postgres:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        db.session.execute(text("DROP TRIGGER audit_events_no_update"))
        db.session.execute(text("DROP TRIGGER audit_events_no_delete"))
    db.session.execute(text(sql))
    db.session.commit()


def build_chain(db, length=5):
    user = make_user(Role.ADMIN)  # writes one event
    for index in range(length - 1):
        audit.record(user, "test.event", user, detail=str(index))
    db.session.commit()
    return user


def test_intact_chain_verifies(app, db):
    build_chain(db)
    report = audit.verify()
    assert report.intact and report.checked == 5


def test_record_joins_the_callers_transaction(app, db):
    build_chain(db, 2)
    audit.record("system", "test.rolled-back")
    db.session.rollback()
    assert audit.verify().checked == 2


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'x' WHERE id = 2",
                                       "DELETE FROM audit_events WHERE id = 2"])
def test_database_refuses_update_and_delete(app, db, statement):
    build_chain(db)
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()


def test_edited_row_is_found(app, db, database):
    build_chain(db)
    tamper(db, database, "UPDATE audit_events SET detail = 'forged' WHERE id = 3")
    report = audit.verify()
    assert report.first_broken_id == 3 and "hash" in report.reason


def test_deleted_row_is_found(app, db, database):
    build_chain(db)
    tamper(db, database, "DELETE FROM audit_events WHERE id = 3")
    assert audit.verify().first_broken_id == 4


def test_reordered_rows_are_found(app, db, database):
    build_chain(db)
    tamper(db, database, "UPDATE audit_events SET occurred_at = "
                         "(SELECT occurred_at FROM audit_events WHERE id = 2) WHERE id = 4")
    assert audit.verify().first_broken_id == 4


def test_rehashing_without_the_key_does_not_help(app, db, database):
    import hashlib

    build_chain(db)
    forged = hashlib.sha256(b"attacker guess").hexdigest()
    tamper(db, database, f"UPDATE audit_events SET hash = '{forged}' WHERE id = 5")
    assert audit.verify().first_broken_id == 5


def test_verify_command_exit_status(app, db, database, runner):
    build_chain(db)
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 5 events" in ok.output
    tamper(db, database, "UPDATE audit_events SET action = 'forged' WHERE id = 2")
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and "BROKEN at event 2" in broken.output
