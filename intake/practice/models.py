from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.clock import utcnow
from intake.database import UTCDateTime
from intake.extensions import db


class PracticeSettings(db.Model):
    """The practice's own settings (one row). Until an admin saves them, defaults from
    configuration apply (see practice.services.current_settings)."""

    __tablename__ = "practice_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    # [{"code": "NY", "name": "New York"}, …]: where the practice's clinicians are licensed.
    served_regions: Mapped[list] = mapped_column(JSON)
    # {"default": [{"label": …, "contact": …}, …], "NY": [...]}: shown when a safety answer is yes.
    crisis_resources: Mapped[dict] = mapped_column(JSON)
    quick_exit_url: Mapped[str] = mapped_column(String(500))
    privacy_notice_text: Mapped[str] = mapped_column(Text)
    privacy_notice_version: Mapped[str] = mapped_column(String(20))
    plan_review_days: Mapped[int] = mapped_column(Integer, default=90)
    declined_retention_days: Mapped[int] = mapped_column(Integer, default=365)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
