"""Treatment plan tables: an extensible intervention vocabulary, goals (current state plus
every revision as its own row), objectives, and plan reviews."""
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Column, Date, ForeignKey, Index, Integer, String, Table,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.auth.models import User
from intake.cases.plans.workflow import GoalStatus, ObjectiveStatus
from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.security.crypto import EncryptedJSON, EncryptedText

goal_interventions = Table(
    "plan_goal_interventions",
    db.metadata,
    Column("goal_id", ForeignKey("plan_goals.id", ondelete="CASCADE"), primary_key=True),
    Column("intervention_id", ForeignKey("plan_interventions.id"), primary_key=True),
)


class Intervention(PublicIdMixin, TimestampMixin, db.Model):
    """One entry of the practice's intervention vocabulary. The defaults are seeded by the
    migration; clinicians add the practice's own. A label names a method, never a client."""

    __tablename__ = "plan_interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Goal(PublicIdMixin, TimestampMixin, db.Model):
    """A treatment goal's current state. Every change also writes a GoalRevision, so the
    goal's history is rows, never overwritten text."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    title: Mapped[str] = mapped_column(EncryptedText)
    detail: Mapped[str | None] = mapped_column(EncryptedText)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.NOT_STARTED)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case = relationship("Case")
    interventions: Mapped[list[Intervention]] = relationship(
        secondary=goal_interventions, order_by=Intervention.id)
    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="goal", order_by="Objective.id")
    revisions: Mapped[list["GoalRevision"]] = relationship(
        back_populates="goal", order_by="GoalRevision.number")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_plan_goals_case", "case_id", "id"),)


class GoalRevision(PublicIdMixin, TimestampMixin, db.Model):
    """A snapshot of a goal after one change (number 1 is its creation). Never edited."""

    __tablename__ = "plan_goal_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id"))
    number: Mapped[int] = mapped_column(Integer)
    # What changed, as codes ("created", "status", "target_date", "objective_added", …).
    change: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(EncryptedText)
    detail: Mapped[str | None] = mapped_column(EncryptedText)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    intervention_codes: Mapped[list] = mapped_column(JSON)
    # [{"text": …, "status": …}, …] at the time of the revision.
    objectives: Mapped[list] = mapped_column(EncryptedJSON)
    reason: Mapped[str | None] = mapped_column(EncryptedText)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    goal: Mapped[Goal] = relationship(back_populates="revisions")
    actor: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("goal_id", "number"),)


class Objective(PublicIdMixin, TimestampMixin, db.Model):
    """A concrete, observable step towards a goal."""

    __tablename__ = "plan_objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id"), index=True)
    text: Mapped[str] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(20), default=ObjectiveStatus.OPEN)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="objectives")

    __mapper_args__ = {"version_id_col": version}


class PlanReview(PublicIdMixin, TimestampMixin, db.Model):
    """A periodic review of the whole plan, recorded as its own entry. Never edited."""

    __tablename__ = "plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    reviewed_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(EncryptedText)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    reviewer: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_plan_reviews_case_date", "case_id", "reviewed_on"),)
