from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.auth.models import User
from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.security.crypto import EncryptedText
from intake.cases.workflow import CaseStatus


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

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_clinician_status", "clinician_id", "status"),
        # Reports: cases opened, open at a date, discharged in a period.
        Index("ix_cases_opened", "opened_at", "discharged_at", "clinician_id"),
        Index("ix_cases_discharged", "discharged_at", "discharge_reason"),
    )

    @property
    def phase(self) -> str | None:
        return self.phase_changes[-1].to_phase if self.phase_changes else None


class PhaseChange(PublicIdMixin, TimestampMixin, db.Model):
    """One move between stabilization and processing (the first has no from_phase).
    Never edited: history is the record."""

    __tablename__ = "phase_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    from_phase: Mapped[str | None] = mapped_column(String(20))
    to_phase: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str | None] = mapped_column(EncryptedText)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="phase_changes")
    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_phase_changes_case", "case_id", "id"),
        Index("ix_phase_changes_to_time", "to_phase", "created_at"),
        # Reports: a case's phase at a date, its first move, its returns (index only).
        Index("ix_phase_changes_reports", "case_id", "created_at", "to_phase", "from_phase"),
    )
