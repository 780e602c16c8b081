from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Time, UniqueConstraint
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


class WeeklyHours(PublicIdMixin, TimestampMixin, db.Model):
    """A clinician's recurring consultation hours on one weekday, as local wall-clock times
    in the practice time zone (so 9:00 stays 9:00 across a DST change)."""

    __tablename__ = "weekly_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday … 6 = Sunday, as date.weekday()
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    __table_args__ = (
        UniqueConstraint("clinician_id", "weekday", "starts_at", name="uq_weekly_hours_start"),
    )


class BlockedDate(PublicIdMixin, TimestampMixin, db.Model):
    """A local date on which a clinician offers no consultations (holiday, training, leave)."""

    __tablename__ = "blocked_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("clinician_id", "day", name="uq_blocked_dates_clinician_day"),
    )
