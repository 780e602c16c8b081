"""Daily roll-ups the reports read instead of scanning every request.

A roll-up row counts records of one local day (in the practice's time zone) that share a
combination of coded values; a report sums the rows of its period's days. `day` is the local
date as its proleptic Gregorian ordinal (`date.toordinal()`): an integer, so ranges and week
numbers are the same arithmetic on SQLite and PostgreSQL. Text columns hold '' for "none"
because a key column must never be NULL. Nothing here holds a name, a reference or free text.

`rollups.py` keeps the rows current: every flush that touches a request, a status change, a
case or a phase change marks the days it affects (`DirtyDay`), and the next report recomputes
just those days from the source tables.
"""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.database import UTCDateTime
from intake.extensions import db

NONE = ""


class RequestDay(db.Model):
    """Requests received on a day, by source, urgency, whether contacted, the furthest
    funnel stage reached (0 = none, 4 = became a client) and, for closed requests, the
    status they left from and the exit."""

    __tablename__ = "report_request_days"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_source: Mapped[str] = mapped_column(String(40), primary_key=True)
    urgent: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    contacted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    reached: Mapped[int] = mapped_column(Integer, primary_key=True)
    left_from: Mapped[str] = mapped_column(String(20), primary_key=True)
    exit_status: Mapped[str] = mapped_column(String(20), primary_key=True)
    requests: Mapped[int] = mapped_column(Integer)


class ConversionDay(db.Model):
    """Requests that became clients on a day (the day of the move, not of the request)."""

    __tablename__ = "report_conversion_days"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversions: Mapped[int] = mapped_column(Integer)


class CaseCohortDay(db.Model):
    """Cases opened on a day, by whether they ever moved to processing and whether any
    came back to stabilization."""

    __tablename__ = "report_case_cohort_days"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    moved: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    returned: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)


class CaseloadChange(db.Model):
    """How a day changed each clinician's open cases in each phase: +1 into a phase, -1 out
    of one (a move, or a discharge). The caseload on a day is the sum of every change up to it."""

    __tablename__ = "report_caseload_changes"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinician_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(20), primary_key=True)
    change: Mapped[int] = mapped_column(Integer)


class DischargeDay(db.Model):
    __tablename__ = "report_discharge_days"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(String(40), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)


class Duration(db.Model):
    """One measured wait (hours to first contact, days in stabilization before processing),
    filed under the day it started and a logarithmic bucket: a percentile finds its bucket
    from `DurationBucket` counts and then reads only that bucket's values, in order."""

    __tablename__ = "report_durations"

    measure: Mapped[str] = mapped_column(String(30), primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        Index("ix_report_durations_bucket", "measure", "bucket", "value", "day"),
        Index("ix_report_durations_day", "day"),
    )


class DurationBucket(db.Model):
    __tablename__ = "report_duration_buckets"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(30), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    durations: Mapped[int] = mapped_column(Integer)


class DirtyDay(db.Model):
    """A UTC date whose records changed since the roll-ups were last brought up to date.
    Never de-duplicated on insert: a refresh deletes exactly the rows it read, so a mark
    written while it runs survives for the next one."""

    __tablename__ = "report_dirty_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    utc_day: Mapped[date] = mapped_column(Date)


class RollupState(db.Model):
    """The single row (id 1) saying which time zone the days were cut in; a refresh locks it,
    and a different zone from the practice's means every day is rebuilt."""

    __tablename__ = "report_rollup_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone: Mapped[str | None] = mapped_column(String(64))
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
