"""State changes on a case: each takes an explicit actor, writes its audit row in the same
transaction and flushes. The caller commits."""
from dataclasses import dataclass

from intake import audit
from intake.cases import workflow
from intake.cases.models import (AssessmentRevision, Case, CaseHandover, CaseStatusChange, Note,
                                 NoteAddendum, PhaseChange)
from intake.cases.safety.queries import has_plan
from intake.cases.workflow import CaseStatus, DomainError, NoteKind, Phase, ReadinessReview
from intake.clock import utcnow
from intake.extensions import db
from intake.vocabulary import DISCHARGE_REASONS, codes


class StaleEdit(DomainError):
    """Someone (or another tab) saved a change after this form was opened."""


def _check_version(current: int, expected: int | None, what: str) -> None:
    if expected is not None and int(expected) != current:
        raise StaleEdit(f"{what} changed after you opened this page. Check the current version "
                        "below; what you typed is still in the form.")


def _touch(case: Case) -> None:
    """Mark the case changed so its version moves on: two tabs cannot both change the phase."""
    case.updated_at = utcnow()


def record_view(case: Case, *, actor, section: str) -> None:
    """Every read of a case is audited; `section` is a code ("overview", "notes", …)."""
    audit.record(actor, "case.viewed", case, detail=section)


# --- Intake assessment ---------------------------------------------------------------------

@dataclass(frozen=True)
class AssessmentFields:
    presenting_concerns: str | None
    patterns: list[str]
    cycle_stage: str | None
    contact_status: str | None
    support_network: str | None
    risk_summary: str | None


def save_assessment(case: Case, fields: AssessmentFields, *, actor,
                    based_on: int) -> AssessmentRevision:
    """Save a new revision of the intake assessment on top of revision `based_on` (0: none)."""
    current = case.assessment.number if case.assessment else 0
    _check_version(current, based_on, "The intake assessment")
    revision = AssessmentRevision(case=case, number=current + 1, author_id=actor.id,
                                  **fields.__dict__)
    db.session.add(revision)
    audit.record(actor, "case.assessment.saved", case, detail=f"revision={revision.number}")
    db.session.flush()
    return revision


# --- Phase ---------------------------------------------------------------------------------

def move_to_processing(case: Case, review: ReadinessReview, *, actor, rationale: str,
                       expected_version: int | None) -> PhaseChange:
    """Record the readiness review and move the case to processing."""
    _check_version(case.version, expected_version, "The case")
    workflow.check_move_to_processing(case.phase, case.status, review, rationale,
                                      safety_plan_saved=has_plan(case.id))
    change = PhaseChange(case=case, from_phase=case.phase, to_phase=Phase.PROCESSING,
                         rationale=rationale.strip(), readiness=review.as_record(),
                         override=(review.override or "").strip() or None, actor_id=actor.id)
    db.session.add(change)
    _touch(case)
    audit.record(actor, "case.phase.processing", case,
                 detail=f"unmet={len(review.unmet)}" + (" override" if review.unmet else ""))
    db.session.flush()
    return change


def return_to_stabilization(case: Case, *, actor, reason: str, text: str | None,
                            expected_version: int | None) -> PhaseChange:
    _check_version(case.version, expected_version, "The case")
    workflow.check_return_to_stabilization(case.phase, case.status, reason, text)
    change = PhaseChange(case=case, from_phase=case.phase, to_phase=Phase.STABILIZATION,
                         return_reason=reason, rationale=(text or "").strip() or None,
                         actor_id=actor.id)
    db.session.add(change)
    _touch(case)
    audit.record(actor, "case.phase.stabilization", case, detail=f"reason={reason}")
    db.session.flush()
    return change


# --- Status --------------------------------------------------------------------------------

def _record_status(case: Case, target: str, *, actor, reason_code=None, comment=None):
    change = CaseStatusChange(case=case, from_status=case.status, to_status=target,
                              reason_code=reason_code, comment=(comment or "").strip() or None,
                              actor_id=actor.id)
    db.session.add(change)
    audit.record(actor, f"case.status.{target}", case, detail=f"{case.status}->{target}"
                 + (f" reason={reason_code}" if reason_code else ""))
    case.status = target
    return change


def change_status(case: Case, target: str, *, actor, expected_version: int | None,
                  comment: str | None = None) -> CaseStatusChange:
    """Put on hold, resume, or reopen a discharged case (discharge has its own service)."""
    _check_version(case.version, expected_version, "The case")
    if target == CaseStatus.DISCHARGED:
        raise workflow.InvalidTransition("Discharge needs a reason and a summary.")
    workflow.check_status_change(case.status, target)
    reopening = case.status == CaseStatus.DISCHARGED
    change = _record_status(case, target, actor=actor, comment=comment)
    if reopening:
        # Reports count current discharges from these columns; history keeps the old one.
        case.discharged_at = None
        case.discharge_reason = None
    db.session.flush()
    return change


def discharge(case: Case, *, actor, reason: str, summary: str,
              expected_version: int | None) -> Note:
    """Discharge with a coded reason and a signed discharge summary (the actor's draft, if any)."""
    _check_version(case.version, expected_version, "The case")
    workflow.check_status_change(case.status, CaseStatus.DISCHARGED, discharge_reason=reason,
                                 discharge_reasons=codes(DISCHARGE_REASONS), summary=summary)
    note = draft_discharge_summary(case, actor) or start_note(
        case, NoteKind.DISCHARGE_SUMMARY, summary, actor=actor)
    sign_note(note, actor=actor, expected_version=None, body=summary)
    _record_status(case, CaseStatus.DISCHARGED, actor=actor, reason_code=reason)
    case.discharged_at = utcnow()
    case.discharge_reason = reason
    db.session.flush()
    return note


def draft_discharge_summary(case: Case, actor) -> Note | None:
    return next((n for n in reversed(case.notes) if n.kind == NoteKind.DISCHARGE_SUMMARY
                 and not n.signed and n.author_id == actor.id), None)


# --- Notes ---------------------------------------------------------------------------------

def start_note(case: Case, kind: str, body: str, *, actor) -> Note:
    workflow.check_can_write_note(case.status)
    if kind not in set(NoteKind):
        raise DomainError("Choose what kind of note this is.")
    note = Note(case=case, kind=kind, body=body or "", author_id=actor.id)
    db.session.add(note)
    db.session.flush()
    audit.record(actor, "case.note.created", note, detail=kind)
    return note


def save_draft(note: Note, body: str, *, actor, expected_version: int | None) -> Note:
    workflow.check_can_edit(signed=note.signed, is_author=note.author_id == actor.id)
    _check_version(note.version, expected_version, "This note")
    if body != note.body:
        note.body = body
        audit.record(actor, "case.note.updated", note)
        db.session.flush()
    return note


def discard_draft(note: Note, *, actor, expected_version: int | None) -> None:
    """Delete a draft its author no longer wants (started by mistake, or written twice). A
    draft changed since the page was opened (autosave from another tab) is not discarded:
    the author sees the newer text first. Signed notes are never deleted (the database
    refuses too)."""
    workflow.check_can_edit(signed=note.signed, is_author=note.author_id == actor.id)
    _check_version(note.version, expected_version, "This note")
    audit.record(actor, "case.note.discarded", note, detail=note.kind)
    db.session.delete(note)
    db.session.flush()


def sign_note(note: Note, *, actor, expected_version: int | None, body: str | None = None) -> Note:
    """Sign the draft (saving `body` first, if given): from now on it never changes."""
    body = note.body if body is None else body
    workflow.check_can_sign(signed=note.signed, is_author=note.author_id == actor.id, body=body)
    _check_version(note.version, expected_version, "This note")
    note.body = body
    note.signed_at = utcnow()
    note.signed_by_id = actor.id
    audit.record(actor, "case.note.signed", note, detail=note.kind)
    db.session.flush()
    return note


def add_addendum(note: Note, *, actor, reason: str, body: str) -> NoteAddendum:
    workflow.check_addendum(signed=note.signed, reason=reason, body=body)
    addendum = NoteAddendum(note=note, author_id=actor.id, reason=reason.strip(), body=body.strip())
    db.session.add(addendum)
    db.session.flush()
    audit.record(actor, "case.note.addendum", note, detail=f"addendum={addendum.public_id}")
    return addendum


# --- Assignment ----------------------------------------------------------------------------

def reassign_case(case: Case, clinician, *, actor, expected_version: int | None) -> Case:
    """Hand the case to another clinician (an admin action: it reads no clinical text)."""
    _check_version(case.version, expected_version, "The case")
    if not (clinician.is_clinician and clinician.active):
        raise DomainError("Choose an active clinician.")
    if clinician.id == case.clinician_id:
        raise DomainError("The case is already assigned to that clinician.")
    previous = case.clinician
    db.session.add(CaseHandover(case_id=case.id, from_clinician_id=previous.id,
                                to_clinician_id=clinician.id, actor_id=actor.id))
    case.clinician_id = clinician.id
    case.clinician = clinician
    audit.record(actor, "case.reassigned", case,
                 detail=f"user:{previous.public_id}->user:{clinician.public_id}")
    db.session.flush()
    return case
