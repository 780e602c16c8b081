from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.auth.models import User
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db

SLOT_MINUTES = 20


class Slot(PublicIdMixin, TimestampMixin, db.Model):
    """One bookable 20-minute consultation time of one clinician (stored in UTC).

    A slot is booked by at most one request: consultation_requests.slot_id is UNIQUE, so
    the database, not Python, decides who got it."""

    __tablename__ = "slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "weekly" (generated from recurring hours) or "one_off"; withdrawn slots stay for history.
    source: Mapped[str] = mapped_column(String(20), default="one_off")
    withdrawn: Mapped[bool] = mapped_column(default=False)

    clinician: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("clinician_id", "starts_at", name="uq_slots_clinician_start"),
        Index("ix_slots_starts_at", "starts_at"),
    )
