"""The database itself refuses to change signed notes and case history (SQLite and PostgreSQL),
encrypts every clinical value, and still lets a key rotation re-encrypt them."""
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from intake.auth.models import Role
from intake.cases import services
from intake.cases.services import AssessmentFields
from intake.cases.workflow import NoteKind
from intake.extensions import db as _db
from intake.security import crypto
from tests.cases.conftest import readiness
from tests.conftest import make_user

SECRET_WORDS = "He reads my messages at night"


def signed_note(case, clinician, body="Session 3: discussed the cycle."):
    note = services.start_note(case, NoteKind.PROGRESS, body, actor=clinician)
    services.sign_note(note, actor=clinician, expected_version=None)
    _db.session.commit()
    return note


def refused(db, sql, params):
    with pytest.raises(DBAPIError) as error:
        db.session.execute(text(sql), params)
        db.session.flush()
    db.session.rollback()
    return str(error.value)


def test_a_signed_note_refuses_a_direct_sql_update(db, case, clinician):
    note = signed_note(case, clinician)
    message = refused(db, "UPDATE case_notes SET body = 'tampered' WHERE id = :id", {"id": note.id})
    assert "signed note" in message
    refused(db, "UPDATE case_notes SET signed_at = NULL WHERE id = :id", {"id": note.id})
    refused(db, "DELETE FROM case_notes WHERE id = :id", {"id": note.id})
    db.session.expire_all()
    assert note.body == "Session 3: discussed the cycle." and note.signed


def test_a_signed_note_refuses_an_orm_change_that_skips_the_service(db, case, clinician):
    note = signed_note(case, clinician)
    note.body = "rewritten"
    with pytest.raises(DBAPIError):
        db.session.commit()
    db.session.rollback()


def test_a_draft_may_still_change_and_be_deleted(db, case, clinician):
    note = services.start_note(case, NoteKind.PROGRESS, "draft", actor=clinician)
    db.session.commit()
    db.session.execute(text("UPDATE case_notes SET kind = 'plan_review' WHERE id = :id"),
                       {"id": note.id})
    db.session.execute(text("DELETE FROM case_notes WHERE id = :id"), {"id": note.id})
    db.session.commit()


@pytest.mark.parametrize("table", ["phase_changes", "case_status_changes", "case_assessments",
                                   "note_addenda", "case_handovers"])
def test_history_tables_refuse_update_and_delete(db, case, clinician, safety_plan, table):
    services.move_to_processing(case, readiness(), actor=clinician, rationale="Ready.",
                                expected_version=None)
    services.change_status(case, "on_hold", actor=clinician, expected_version=None)
    services.save_assessment(case, AssessmentFields("x", [], None, None, None, None),
                             actor=clinician, based_on=0)
    note = signed_note(case, clinician)
    services.add_addendum(note, actor=clinician, reason="r", body="b")
    services.reassign_case(case, make_user(Role.CLINICIAN), actor=make_user(Role.ADMIN),
                           expected_version=None)
    db.session.commit()
    assert "append-only" in refused(db, f"UPDATE {table} SET created_at = created_at", {})
    assert "append-only" in refused(db, f"DELETE FROM {table}", {})


def raw(db, table, column, row_id):
    return db.session.execute(text(f"SELECT {column} FROM {table} WHERE id = :id"),
                              {"id": row_id}).scalar_one()


def test_clinical_text_is_encrypted_at_rest(db, case, clinician, safety_plan, database, app):
    note = signed_note(case, clinician, body=SECRET_WORDS)
    services.add_addendum(note, actor=clinician, reason=SECRET_WORDS, body=SECRET_WORDS)
    change = services.move_to_processing(
        case, readiness(unmet=("support",), override=SECRET_WORDS), actor=clinician,
        rationale=SECRET_WORDS, expected_version=None)
    revision = services.save_assessment(case, AssessmentFields(
        SECRET_WORDS, ["gaslighting"], "tension", "no_contact", SECRET_WORDS, SECRET_WORDS),
        actor=clinician, based_on=0)
    db.session.commit()
    for table, column, row_id in [("case_notes", "body", note.id),
                                  ("note_addenda", "body", note.addenda[0].id),
                                  ("note_addenda", "reason", note.addenda[0].id),
                                  ("phase_changes", "rationale", change.id),
                                  ("phase_changes", "override", change.id),
                                  ("phase_changes", "readiness", change.id),
                                  ("case_assessments", "presenting_concerns", revision.id),
                                  ("case_assessments", "patterns", revision.id),
                                  ("case_assessments", "cycle_stage", revision.id)]:
        stored = raw(db, table, column, row_id)
        assert stored.startswith("gAAAA") and "messages" not in stored, (table, column)
    if not database.is_postgres:
        _db.session.remove()
        _db.engine.dispose()
        data = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).read_bytes()
        assert SECRET_WORDS.encode() not in data and b"gaslighting" not in data


def test_key_rotation_rewraps_signed_notes_and_history(db, case, clinician, app, runner):
    note = signed_note(case, clinician, body=SECRET_WORDS)
    services.add_addendum(note, actor=clinician, reason="r", body="b")
    db.session.commit()
    before = raw(db, "case_notes", "body", note.id)
    new_key = Fernet.generate_key().decode()
    app.extensions[crypto.EXTENSION_KEY] = crypto.build_cipher(
        f"{new_key},{app.config['ENCRYPTION_KEYS']}")
    db.session.commit()
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    after = raw(db, "case_notes", "body", note.id)
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after.encode()).decode() == SECRET_WORDS
    # Outside the rotation the guard is back.
    refused(db, "UPDATE case_notes SET body = body WHERE id = :id", {"id": note.id})


def test_audit_rows_carry_codes_never_names_or_clinical_text(db, clinician):
    from sqlalchemy import select

    from intake.audit.models import AuditEvent
    from tests.factories import make_case, make_request
    case = make_case(clinician, request=make_request(name="Quinn Secretname"))
    services.record_view(case, actor=clinician, section="overview")
    note = signed_note(case, clinician, body=SECRET_WORDS)
    services.add_addendum(note, actor=clinician, reason=SECRET_WORDS, body=SECRET_WORDS)
    services.move_to_processing(case, readiness(unmet=("support", "safety_plan"),
                                                override=SECRET_WORDS),
                                actor=clinician, rationale=SECRET_WORDS, expected_version=None)
    services.return_to_stabilization(case, actor=clinician, reason="other", text=SECRET_WORDS,
                                     expected_version=None)
    services.discharge(case, actor=clinician, reason="other", summary=SECRET_WORDS,
                       expected_version=None)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent)).all()
    assert {"case.viewed", "case.note.signed", "case.note.addendum", "case.phase.processing",
            "case.phase.stabilization", "case.status.discharged"} <= {e.action for e in events}
    for event in events:
        text_of_row = " ".join(str(v) for v in (event.detail, event.target_id, event.action))
        assert "messages" not in text_of_row and "Secretname" not in text_of_row
