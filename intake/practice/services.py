"""The practice's settings: saved values, else defaults built from configuration."""
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from intake.extensions import db
from intake.practice.models import PracticeSettings

DEFAULT_REGIONS = [
    {"code": "NY", "name": "New York"},
    {"code": "NJ", "name": "New Jersey"},
    {"code": "CT", "name": "Connecticut"},
]

DEFAULT_CRISIS_RESOURCES = {
    "default": [
        {"label": "In an emergency", "contact": "Call 911"},
        {"label": "988 Suicide & Crisis Lifeline", "contact": "Call or text 988"},
        {"label": "National Domestic Violence Hotline",
         "contact": "Call 1-800-799-7233 or text START to 88788"},
    ],
}

DEFAULT_NOTICE_VERSION = "2026-11"
DEFAULT_NOTICE = (
    "We use what you tell us only to arrange your free consultation and, if you become a "
    "client, to provide your care. It is stored encrypted, seen only by the practice's "
    "clinicians, and never shared, sold or used for marketing. We contact you only in the "
    "ways you mark as safe. You may ask us to delete a request that did not lead to care."
)


@dataclass(frozen=True)
class Settings:
    practice_name: str
    timezone: str
    served_regions: list = field(default_factory=list)
    crisis_resources: dict = field(default_factory=dict)
    quick_exit_url: str = ""
    privacy_notice_text: str = DEFAULT_NOTICE
    privacy_notice_version: str = DEFAULT_NOTICE_VERSION
    plan_review_days: int = 90
    declined_retention_days: int = 365

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def region_name(self, code: str) -> str | None:
        return next((r["name"] for r in self.served_regions if r["code"] == code), None)

    def crisis_resources_for(self, region: str | None) -> list[dict]:
        resources = self.crisis_resources or DEFAULT_CRISIS_RESOURCES
        return resources.get(region or "", resources.get("default", []))


def _from_config() -> Settings:
    config = current_app.config
    return Settings(
        practice_name=config["PRACTICE_NAME"],
        timezone=config["PRACTICE_TIMEZONE"],
        served_regions=list(DEFAULT_REGIONS),
        crisis_resources=dict(DEFAULT_CRISIS_RESOURCES),
        quick_exit_url=config["QUICK_EXIT_URL"],
    )


def current_settings() -> Settings:
    """What the practice has saved, or the configured defaults (reading never writes)."""
    row = db.session.scalar(select(PracticeSettings).limit(1))
    if row is None:
        return _from_config()
    return Settings(
        practice_name=row.practice_name,
        timezone=row.timezone,
        served_regions=row.served_regions,
        crisis_resources=row.crisis_resources,
        quick_exit_url=row.quick_exit_url,
        privacy_notice_text=row.privacy_notice_text,
        privacy_notice_version=row.privacy_notice_version,
        plan_review_days=row.plan_review_days,
        declined_retention_days=row.declined_retention_days,
    )
