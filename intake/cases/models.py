from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.auth.models import User
from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.security.crypto import EncryptedJSON, EncryptedText
from intake.cases import integrity  # noqa: F401  (registers the SQLite function the triggers call)
from intake.cases.workflow import CaseStatus, Phase


class Case(PublicIdMixin, TimestampMixin, db.Model):
    """An intake record, opened from a consulted request. Its phase is not a column anyone
    sets: it is the latest PhaseChange."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("consultation_requests.id"), unique=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.ACTIVE)
    client_name: Mapped[str] = mapped_column(EncryptedText)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    discharged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A code from a fixed list (for reports); the narrative lives in the discharge summary note.
    discharge_reason: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    clinician: Mapped[User] = relationship()
    request = relationship("ConsultationRequest", backref="case", uselist=False)
    phase_changes: Mapped[list["PhaseChange"]] = relationship(
        back_populates="case", order_by="PhaseChange.id")
    status_changes: Mapped[list["CaseStatusChange"]] = relationship(
        back_populates="case", order_by="CaseStatusChange.id")
    assessments: Mapped[list["AssessmentRevision"]] = relationship(
        back_populates="case", order_by="AssessmentRevision.number")
    notes: Mapped[list["Note"]] = relationship(back_populates="case", order_by="Note.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_clinician_status", "clinician_id", "status"),
        # Reports: cases opened, open at a date, discharged in a period.
        Index("ix_cases_opened", "opened_at", "discharged_at", "clinician_id"),
        Index("ix_cases_discharged", "discharged_at", "discharge_reason"),
    )

    @property
    def current_phase_change(self) -> "PhaseChange | None":
        return self.phase_changes[-1] if self.phase_changes else None

    @property
    def phase(self) -> str:
        """Treatment starts in stabilization, so a case with no change yet is there."""
        latest = self.current_phase_change
        return latest.to_phase if latest else Phase.STABILIZATION

    @property
    def phase_since(self) -> datetime:
        latest = self.current_phase_change
        return latest.created_at if latest else self.opened_at

    @property
    def assessment(self) -> "AssessmentRevision | None":
        return self.assessments[-1] if self.assessments else None


class PhaseChange(PublicIdMixin, TimestampMixin, db.Model):
    """One move between stabilization and processing (the first has no from_phase).
    Never edited: history is the record (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "phase_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    from_phase: Mapped[str | None] = mapped_column(String(20))
    to_phase: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str | None] = mapped_column(EncryptedText)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Moving to processing: [{"code", "met", "comment"}, …] for the five readiness items,
    # and the written override when an item was not met.
    readiness: Mapped[list | None] = mapped_column(EncryptedJSON)
    override: Mapped[str | None] = mapped_column(EncryptedText)
    # Returning to stabilization: a code from workflow.RETURN_REASONS (the text is the rationale).
    return_reason: Mapped[str | None] = mapped_column(String(20))

    case: Mapped[Case] = relationship(back_populates="phase_changes")
    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_phase_changes_case", "case_id", "id"),
        Index("ix_phase_changes_to_time", "to_phase", "created_at"),
        # Reports: a case's phase at a date, its first move, its returns (index only).
        Index("ix_phase_changes_reports", "case_id", "created_at", "to_phase", "from_phase"),
    )


class CaseStatusChange(TimestampMixin, db.Model):
    """Every move between active, on hold and discharged (and reopening). Never edited."""

    __tablename__ = "case_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    # Discharge: a code from vocabulary.DISCHARGE_REASONS.
    reason_code: Mapped[str | None] = mapped_column(String(40))
    comment: Mapped[str | None] = mapped_column(EncryptedText)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="status_changes")
    actor: Mapped[User] = relationship()

    __table_args__ = (Index("ix_case_status_changes_case", "case_id", "id"),
                      Index("ix_case_status_changes_to_time", "to_status", "created_at"))


class AssessmentRevision(TimestampMixin, db.Model):
    """One saved version of the intake assessment; the latest is current, earlier ones stay.

    `number` is the optimistic lock: an edit based on revision n saves revision n + 1, and
    the unique constraint refuses a second edit based on the same revision."""

    __tablename__ = "case_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    presenting_concerns: Mapped[str | None] = mapped_column(EncryptedText)
    patterns: Mapped[list | None] = mapped_column(EncryptedJSON)
    cycle_stage: Mapped[str | None] = mapped_column(EncryptedText)
    contact_status: Mapped[str | None] = mapped_column(EncryptedText)
    support_network: Mapped[str | None] = mapped_column(EncryptedText)
    risk_summary: Mapped[str | None] = mapped_column(EncryptedText)

    case: Mapped[Case] = relationship(back_populates="assessments")
    author: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("case_id", "number"),)


class Note(PublicIdMixin, TimestampMixin, db.Model):
    """A clinical note. A draft is editable by its author; once signed, triggers on both
    databases refuse any UPDATE or DELETE of the row, and corrections become addenda."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(30))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(EncryptedText)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship(back_populates="notes")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    addenda: Mapped[list["NoteAddendum"]] = relationship(
        back_populates="note", order_by="NoteAddendum.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_case_notes_case_kind", "case_id", "kind", "signed_at"),)

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class NoteAddendum(PublicIdMixin, TimestampMixin, db.Model):
    """A correction or addition to a signed note, with its reason. Never edited."""

    __tablename__ = "note_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("case_notes.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(EncryptedText)
    body: Mapped[str] = mapped_column(EncryptedText)

    note: Mapped[Note] = relationship(back_populates="addenda")
    author: Mapped[User] = relationship()

    __table_args__ = (Index("ix_note_addenda_note", "note_id", "id"),)


class CaseHandover(TimestampMixin, db.Model):
    """A case passing from one clinician to another. Never edited (triggers refuse UPDATE and
    DELETE): the reports credit each day of a case to whoever held it then, not to whoever
    holds it now."""

    __tablename__ = "case_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    from_clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    to_clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    from_clinician: Mapped[User] = relationship(foreign_keys=[from_clinician_id])
    to_clinician: Mapped[User] = relationship(foreign_keys=[to_clinician_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    # The holder at a moment is the from_clinician of the first handover after it: one probe.
    __table_args__ = (Index("ix_case_handovers_case_time", "case_id", "created_at",
                            "from_clinician_id"),)
