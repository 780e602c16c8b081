"""This feature's contributions to the case timeline: phase changes, status changes,
handovers, notes and intake assessment revisions.

Titles are short and factual; clinical text stays on the pages the entries link to."""
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.cases.models import (AssessmentRevision, CaseHandover, CaseStatusChange, Note,
                                 NoteAddendum, PhaseChange)
from intake.cases.timeline import TimelineEntry, provider
from intake.cases.workflow import (RETURN_REASONS, CaseStatus, Phase, note_kind_label,
                                   status_label)
from intake.extensions import db
from intake.vocabulary import DISCHARGE_REASONS, label


def phase_title(change: PhaseChange) -> str:
    if change.from_phase is None:
        return "Opened in stabilization" if change.to_phase == Phase.STABILIZATION else "Opened in processing"
    if change.to_phase == Phase.PROCESSING:
        unmet = sum(1 for item in change.readiness or [] if item.get("met") is False)
        return ("Moved to processing (readiness review met)" if not unmet
                else f"Moved to processing with an override ({unmet} item{'s' * (unmet > 1)} not met)")
    return f"Returned to stabilization: {label(RETURN_REASONS, change.return_reason).lower()}"


@provider
def phase_changes(case):
    changes = db.session.scalars(select(PhaseChange).where(PhaseChange.case_id == case.id)
                                 .options(selectinload(PhaseChange.actor)))
    url = url_for("cases.detail", public_id=case.public_id, _anchor="phase")
    return [TimelineEntry(at=c.created_at, kind="phase", title=phase_title(c), url=url,
                          actor=c.actor.display_name if c.actor else None) for c in changes]


def status_title(change: CaseStatusChange) -> str:
    if change.to_status == CaseStatus.DISCHARGED:
        return f"Discharged: {label(DISCHARGE_REASONS, change.reason_code)}"
    if change.from_status == CaseStatus.DISCHARGED:
        return "Reopened"
    if change.to_status == CaseStatus.ON_HOLD:
        return "Put on hold"
    return f"Status: {status_label(change.to_status).lower()}"


@provider
def status_changes(case):
    changes = db.session.scalars(select(CaseStatusChange).where(CaseStatusChange.case_id == case.id)
                                 .options(selectinload(CaseStatusChange.actor)))
    return [TimelineEntry(at=c.created_at, kind="status", title=status_title(c),
                          actor=c.actor.display_name) for c in changes]


@provider
def handovers(case):
    found = db.session.scalars(select(CaseHandover).where(CaseHandover.case_id == case.id).options(
        selectinload(CaseHandover.from_clinician), selectinload(CaseHandover.to_clinician),
        selectinload(CaseHandover.actor)))
    return [TimelineEntry(at=h.created_at, kind="handover",
                          title=f"Handed over from {h.from_clinician.display_name} "
                                f"to {h.to_clinician.display_name}",
                          actor=h.actor.display_name if h.actor else None) for h in found]


@provider
def notes(case):
    found = db.session.scalars(select(Note).where(Note.case_id == case.id).options(
        selectinload(Note.author), selectinload(Note.addenda).selectinload(NoteAddendum.author)))
    entries = []
    for note in found:
        url = url_for("cases.note", public_id=case.public_id, note_id=note.public_id)
        kind = note_kind_label(note.kind)
        if note.signed:
            entries.append(TimelineEntry(at=note.signed_at, kind="note", title=f"{kind} signed",
                                         url=url, actor=note.author.display_name))
        else:
            entries.append(TimelineEntry(at=note.created_at, kind="note", title=f"{kind} draft started",
                                         url=url, actor=note.author.display_name))
        entries.extend(TimelineEntry(at=a.created_at, kind="note", title=f"Addendum to {kind.lower()}",
                                     url=url, actor=a.author.display_name) for a in note.addenda)
    return entries


@provider
def assessment_revisions(case):
    revisions = db.session.scalars(select(AssessmentRevision)
                                   .where(AssessmentRevision.case_id == case.id)
                                   .options(selectinload(AssessmentRevision.author)))
    url = url_for("cases.detail", public_id=case.public_id, _anchor="assessment")
    return [TimelineEntry(at=r.created_at, kind="assessment",
                          title="Intake assessment recorded" if r.number == 1
                          else f"Intake assessment updated (revision {r.number})",
                          url=url, actor=r.author.display_name) for r in revisions]
