"""Services on a real database: phase, status, notes, addenda, assessment, reassignment, audit."""
import pytest
from sqlalchemy import select

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases import activity, services
from intake.cases.models import CaseHandover, CaseStatusChange, Note
from intake.cases.services import AssessmentFields, StaleEdit
from intake.cases.workflow import (CaseStatus, InvalidTransition, NoteKind, NoteLocked, Phase,
                                   ReadinessIncomplete, ReasonRequired)
from tests.cases.conftest import readiness
from tests.conftest import make_user


def actions(db, target_id=None):
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if target_id:
        query = query.where(AuditEvent.target_id == target_id)
    return list(db.session.scalars(query))


def test_moving_to_processing_records_the_review(db, case, clinician, safety_plan):
    change = services.move_to_processing(case, readiness(), actor=clinician,
                                         rationale="Regulation steady.", expected_version=case.version)
    db.session.commit()
    db.session.expire_all()
    assert case.phase == Phase.PROCESSING
    assert change.from_phase == Phase.STABILIZATION
    assert [item["met"] for item in change.readiness] == [True] * 5
    assert change.override is None
    assert "case.phase.processing" in actions(db, case.public_id)


def test_an_unmet_item_needs_the_override(db, case, clinician, safety_plan):
    with pytest.raises(ReadinessIncomplete):
        services.move_to_processing(case, readiness(unmet=("support",)), actor=clinician,
                                    rationale="Ready.", expected_version=case.version)
    change = services.move_to_processing(
        case, readiness(unmet=("support",), override="Sister now reachable daily."),
        actor=clinician, rationale="Ready.", expected_version=case.version)
    db.session.commit()
    assert change.override == "Sister now reachable daily."
    assert case.phase == Phase.PROCESSING


def test_return_to_stabilization_needs_a_reason(db, case, clinician, safety_plan):
    services.move_to_processing(case, readiness(), actor=clinician, rationale="Ready.",
                                expected_version=None)
    with pytest.raises(ReasonRequired):
        services.return_to_stabilization(case, actor=clinician, reason="other", text="",
                                         expected_version=None)
    change = services.return_to_stabilization(case, actor=clinician, reason="re_escalation",
                                              text="Contact resumed.", expected_version=None)
    db.session.commit()
    assert case.phase == Phase.STABILIZATION and change.return_reason == "re_escalation"
    assert [c.to_phase for c in case.phase_changes] == ["stabilization", "processing",
                                                        "stabilization"]


def test_a_phase_form_from_an_old_page_is_stale(db, case, clinician, safety_plan):
    opened_on = case.version
    services.move_to_processing(case, readiness(), actor=clinician, rationale="Ready.",
                                expected_version=opened_on)
    db.session.commit()
    assert case.version == opened_on + 1
    with pytest.raises(StaleEdit):
        services.return_to_stabilization(case, actor=clinician, reason="crisis", text="",
                                         expected_version=opened_on)


def test_discharge_needs_reason_and_summary_and_signs_it(db, case, clinician):
    with pytest.raises(ReasonRequired):
        services.discharge(case, actor=clinician, reason="", summary="Done.", expected_version=None)
    with pytest.raises(ReasonRequired):
        services.discharge(case, actor=clinician, reason="goals_met", summary=" ",
                           expected_version=None)
    note = services.discharge(case, actor=clinician, reason="goals_met",
                              summary="Goals met; relapse plan in place.", expected_version=None)
    db.session.commit()
    assert case.status == CaseStatus.DISCHARGED and case.discharge_reason == "goals_met"
    assert case.discharged_at is not None
    assert note.kind == NoteKind.DISCHARGE_SUMMARY and note.signed
    assert case.status_changes[-1].reason_code == "goals_met"


def test_discharge_signs_the_clinicians_draft_summary(db, case, clinician):
    draft = services.start_note(case, NoteKind.DISCHARGE_SUMMARY, "Draft words", actor=clinician)
    note = services.discharge(case, actor=clinician, reason="client_ended",
                              summary="Final words", expected_version=None)
    db.session.commit()
    assert note is draft and note.body == "Final words" and note.signed
    assert len(case.notes) == 1


def test_reopen_clears_the_discharge_columns_and_keeps_history(db, case, clinician):
    services.discharge(case, actor=clinician, reason="moved", summary="Moved away.",
                       expected_version=None)
    services.change_status(case, CaseStatus.ACTIVE, actor=clinician, expected_version=None)
    db.session.commit()
    assert case.status == CaseStatus.ACTIVE
    assert case.discharged_at is None and case.discharge_reason is None
    assert [(c.from_status, c.to_status) for c in case.status_changes] == [
        ("active", "discharged"), ("discharged", "active")]


@pytest.mark.parametrize("current,target,ok", [
    ("active", "on_hold", True), ("on_hold", "active", True), ("active", "active", False),
    ("on_hold", "discharged", False),  # discharge has its own service
])
def test_change_status(db, case, clinician, current, target, ok):
    case.status = current
    db.session.commit()
    if ok:
        services.change_status(case, target, actor=clinician, expected_version=None,
                               comment="Travelling for work")
        db.session.commit()
        row = db.session.scalar(select(CaseStatusChange))
        assert (row.from_status, row.to_status, row.comment) == (current, target, "Travelling for work")
    else:
        with pytest.raises(InvalidTransition):
            services.change_status(case, target, actor=clinician, expected_version=None)


def test_no_new_notes_or_phase_changes_on_a_discharged_case(db, case, clinician):
    services.discharge(case, actor=clinician, reason="other", summary="Ended.", expected_version=None)
    with pytest.raises(InvalidTransition):
        services.start_note(case, NoteKind.PROGRESS, "x", actor=clinician)
    with pytest.raises(InvalidTransition):
        services.move_to_processing(case, readiness(), actor=clinician, rationale="x",
                                    expected_version=None)


def test_draft_edit_sign_then_locked(db, case, clinician):
    note = services.start_note(case, NoteKind.PROGRESS, "First", actor=clinician)
    db.session.commit()
    services.save_draft(note, "Second", actor=clinician, expected_version=note.version)
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.save_draft(note, "From an old tab", actor=clinician, expected_version=1)
    services.sign_note(note, actor=clinician, expected_version=note.version)
    db.session.commit()
    assert note.signed_by_id == clinician.id and note.signed_at is not None
    with pytest.raises(NoteLocked):
        services.save_draft(note, "Changed", actor=clinician, expected_version=note.version)
    with pytest.raises(NoteLocked):
        services.sign_note(note, actor=clinician, expected_version=note.version)
    assert actions(db, note.public_id) == ["case.note.created", "case.note.updated",
                                           "case.note.signed"]


def test_only_the_author_edits_a_draft(db, case, clinician):
    note = services.start_note(case, NoteKind.PROGRESS, "Mine", actor=clinician)
    other = make_user(Role.CLINICIAN)
    with pytest.raises(NoteLocked):
        services.save_draft(note, "Theirs", actor=other, expected_version=None)


def test_the_author_discards_a_draft_but_never_a_signed_note(db, case, clinician):
    draft = services.start_note(case, NoteKind.PROGRESS, "Started on the wrong case", actor=clinician)
    signed = services.start_note(case, NoteKind.PROGRESS, "Session 5", actor=clinician)
    services.sign_note(signed, actor=clinician, expected_version=None)
    db.session.commit()
    with pytest.raises(NoteLocked):
        services.discard_draft(draft, actor=make_user(Role.CLINICIAN), expected_version=None)
    with pytest.raises(StaleEdit):
        services.discard_draft(draft, actor=clinician, expected_version=draft.version - 1)
    with pytest.raises(NoteLocked):
        services.discard_draft(signed, actor=clinician, expected_version=None)
    draft_id = draft.public_id
    services.discard_draft(draft, actor=clinician, expected_version=draft.version)
    db.session.commit()
    assert db.session.scalars(select(Note.public_id)).all() == [signed.public_id]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.note.discarded"))
    assert event.target_id == draft_id and "wrong case" not in (event.detail or "")


def test_addenda_are_kept_in_order_under_the_note(db, case, clinician):
    note = services.start_note(case, NoteKind.PROGRESS, "Session 4", actor=clinician)
    with pytest.raises(NoteLocked):
        services.add_addendum(note, actor=clinician, reason="Correction", body="x")
    services.sign_note(note, actor=clinician, expected_version=None)
    with pytest.raises(ReasonRequired):
        services.add_addendum(note, actor=clinician, reason=" ", body="x")
    services.add_addendum(note, actor=clinician, reason="Wrong date", body="Session was 3 Nov.")
    services.add_addendum(note, actor=clinician, reason="Later information", body="Client called.")
    db.session.commit()
    db.session.expire_all()
    assert [a.reason for a in note.addenda] == ["Wrong date", "Later information"]
    assert note.body == "Session 4"


def test_assessment_revisions_are_kept_and_locked_optimistically(db, case, clinician):
    fields = AssessmentFields("Keeps going back", ["gaslighting", "cycle"], "apology",
                              "separated_in_contact", "Sister", "No current threats")
    services.save_assessment(case, fields, actor=clinician, based_on=0)
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.save_assessment(case, fields, actor=clinician, based_on=0)
    services.save_assessment(case, AssessmentFields(**{**fields.__dict__, "cycle_stage": "calm"}),
                             actor=clinician, based_on=1)
    db.session.commit()
    db.session.expire_all()
    assert [(r.number, r.cycle_stage) for r in case.assessments] == [(1, "apology"), (2, "calm")]
    assert case.assessment.patterns == ["gaslighting", "cycle"]


def test_reassign_moves_the_case_and_audits_without_names(db, case, clinician):
    admin = make_user(Role.ADMIN)
    other = make_user(Role.CLINICIAN, name="Dr. Next")
    services.reassign_case(case, other, actor=admin, expected_version=case.version)
    db.session.commit()
    assert case.clinician_id == other.id
    handover = db.session.scalar(select(CaseHandover).where(CaseHandover.case_id == case.id))
    assert (handover.from_clinician_id, handover.to_clinician_id, handover.actor_id) == (
        clinician.id, other.id, admin.id)
    assert [entry.title for entry in activity.handovers(case)] == [
        f"Handed over from {clinician.display_name} to Dr. Next"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.reassigned"))
    assert "Dr." not in event.detail and other.public_id in event.detail
    with pytest.raises(services.DomainError):
        services.reassign_case(case, admin, actor=admin, expected_version=None)


def test_a_note_of_the_case_is_found_only_through_its_case(db, case, clinician):
    from intake.cases import queries
    from tests.factories import make_case
    note = services.start_note(case, NoteKind.PROGRESS, "x", actor=clinician)
    other_case = make_case(clinician)
    db.session.commit()
    assert queries.note_of_case(case, note.public_id) == note
    assert queries.note_of_case(other_case, note.public_id) is None
    assert db.session.scalar(select(Note).where(Note.id == note.id)).kind == "progress"
