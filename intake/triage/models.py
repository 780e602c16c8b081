from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.auth.models import User
from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.scheduling.models import Slot
from intake.security.crypto import EncryptedJSON, EncryptedText
from intake.triage.workflow import RequestStatus


class ConsultationRequest(PublicIdMixin, TimestampMixin, db.Model):
    """One public request for the free consultation.

    Everything the person wrote, their contact details and their safety answers are
    encrypted. Plain columns are operational only (status, urgency, timing, region, booking,
    referral source) so queues and reports can be SQL without decrypting anything."""

    __tablename__ = "consultation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Shown to the client (e.g. K7QM-4XPD): short, unguessable, never sequential.
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # The form's hidden one-time id: a replayed POST finds the request it already made.
    submission_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.NEW)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[str] = mapped_column(String(40))
    out_of_area: Mapped[bool] = mapped_column(Boolean, default=False)
    session_format: Mapped[str | None] = mapped_column(String(20))  # telehealth | in_person | either
    referral_source: Mapped[str | None] = mapped_column(String(40))

    # Who they are and how to reach them (encrypted).
    name: Mapped[str] = mapped_column(EncryptedText)
    # HMAC of the normalised name: exact-name search without decrypting every row.
    name_index: Mapped[str | None] = mapped_column(String(64), index=True)
    pronouns: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    phone: Mapped[str | None] = mapped_column(EncryptedText)  # E.164

    # Safe-contact rules: the system refuses a method the client did not mark safe.
    ok_call: Mapped[bool] = mapped_column(Boolean, default=False)
    ok_voicemail: Mapped[bool] = mapped_column(Boolean, default=False)
    ok_text: Mapped[bool] = mapped_column(Boolean, default=False)
    ok_email: Mapped[bool] = mapped_column(Boolean, default=False)
    may_name_practice: Mapped[bool] = mapped_column(Boolean, default=False)
    safe_times: Mapped[str | None] = mapped_column(EncryptedText)
    if_someone_else_answers: Mapped[str | None] = mapped_column(EncryptedText)

    # What brings them (encrypted).
    narrative: Mapped[str | None] = mapped_column(EncryptedText)
    patterns: Mapped[list | None] = mapped_column(EncryptedJSON)
    contact_status: Mapped[str | None] = mapped_column(EncryptedText)
    in_danger: Mapped[str | None] = mapped_column(EncryptedText)  # "yes" | "no" | "unsure"
    self_harm: Mapped[str | None] = mapped_column(EncryptedText)

    consent_notice_version: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)

    first_contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exit_reason: Mapped[str | None] = mapped_column(EncryptedText)
    consultation_note: Mapped[str | None] = mapped_column(EncryptedText)
    # When the personal details were erased at the end of the retention period (retention.py).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    slot: Mapped[Slot | None] = relationship()
    contact_attempts: Mapped[list["ContactAttempt"]] = relationship(
        back_populates="request", order_by="ContactAttempt.attempted_at")
    status_changes: Mapped[list["RequestStatusChange"]] = relationship(
        back_populates="request", order_by="RequestStatusChange.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The clinicians' queue: urgent first, then oldest first, filtered by status.
        Index("ix_requests_queue", "urgent", "created_at", "id"),
        Index("ix_requests_status_queue", "status", "urgent", "created_at", "id"),
        Index("ix_requests_assigned_status", "assigned_to_id", "status"),
        # The queue reads, for one status and urgency, in (created_at, id) order: a clinician's
        # own requests, and the unassigned ones. "IS NULL" does not fix an index column for
        # PostgreSQL's ordering, so unassigned requests get a partial index of their own.
        Index("ix_requests_assignee_queue", "assigned_to_id", "status", "urgent", "created_at", "id"),
        Index("ix_requests_unassigned_queue", "status", "urgent", "created_at", "id",
              postgresql_where=text("assigned_to_id IS NULL"),
              sqlite_where=text("assigned_to_id IS NULL")),
        Index("ix_requests_created_at", "created_at"),
        # Reports: every per-request figure of a period reads this index alone.
        Index("ix_requests_reports", "created_at", "status", "urgent", "referral_source",
              "first_contacted_at"),
    )


class RequestStatusChange(TimestampMixin, db.Model):
    """Every move through the status machine, for the request's history and the funnel report."""

    __tablename__ = "request_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("consultation_requests.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    request: Mapped[ConsultationRequest] = relationship(back_populates="status_changes")

    __table_args__ = (
        Index("ix_request_status_changes_request", "request_id", "id"),
        Index("ix_request_status_changes_to_time", "to_status", "created_at"),
        # Reports: how far each request got, and where a closed one left from (index only).
        Index("ix_request_status_changes_reports", "request_id", "to_status", "id", "from_status"),
    )


class ContactAttempt(PublicIdMixin, TimestampMixin, db.Model):
    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("consultation_requests.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    method: Mapped[str] = mapped_column(String(20))  # call | voicemail | text | email
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(EncryptedText)

    request: Mapped[ConsultationRequest] = relationship(back_populates="contact_attempts")
    actor: Mapped[User] = relationship()

    __table_args__ = (Index("ix_contact_attempts_request", "request_id", "attempted_at"),)
