"""Safety plan tables: one plan per case (the lockable row) and every saved revision."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.auth.models import User
from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.security.crypto import EncryptedJSON


class SafetyPlan(PublicIdMixin, TimestampMixin, db.Model):
    """A case's safety plan. Its content lives in revisions; this row carries the version
    that turns a concurrent save into a clear message instead of a silent overwrite."""

    __tablename__ = "safety_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    revisions: Mapped[list["SafetyPlanRevision"]] = relationship(
        back_populates="plan", order_by="SafetyPlanRevision.number")

    __mapper_args__ = {"version_id_col": version}

    @property
    def current(self) -> "SafetyPlanRevision | None":
        return self.revisions[-1] if self.revisions else None


class SafetyPlanRevision(PublicIdMixin, TimestampMixin, db.Model):
    """The whole plan as saved once (sections as an encrypted JSON object). Never edited."""

    __tablename__ = "safety_plan_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plans.id"))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(EncryptedJSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[SafetyPlan] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("plan_id", "number"),)
