"""The practice's settings: saved values, else defaults built from configuration."""
from dataclasses import asdict, dataclass, field, fields
from zoneinfo import ZoneInfo

from flask import current_app, g
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from intake import audit
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


SETTING_FIELDS = tuple(f.name for f in fields(Settings))
_CACHE = "practice_settings"


class SettingsConflict(Exception):
    """Someone saved the settings after this form was opened."""


class SettingsError(ValueError):
    """A setting that cannot be saved as given; `field` names the form field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


def _row() -> PracticeSettings | None:
    return db.session.scalar(select(PracticeSettings).order_by(PracticeSettings.id).limit(1))


def _settings_from(row: PracticeSettings) -> Settings:
    return Settings(**{name: getattr(row, name) for name in SETTING_FIELDS})


def current_settings() -> Settings:
    """What the practice has saved, or the configured defaults (reading never writes)."""
    row = _row()
    return _from_config() if row is None else _settings_from(row)


def request_settings() -> Settings:
    """current_settings(), read once per app context (each request has its own)."""
    if _CACHE not in g:
        g.practice_settings = current_settings()
    return g.practice_settings


def settings_version() -> int:
    """The saved row's version; 0 while only the configured defaults apply."""
    row = _row()
    return row.version if row is not None else 0


def changed_settings(before: Settings, after: Settings) -> list[str]:
    return [name for name in SETTING_FIELDS if getattr(before, name) != getattr(after, name)]


def save_settings(new: Settings, *, expected_version: int, actor) -> list[str]:
    """Store `new` as the practice's settings; returns the names of the settings changed.

    `expected_version` is the version the form was opened on: a save in between raises
    SettingsConflict rather than silently overwriting it."""
    row = _row()
    if (row.version if row is not None else 0) != expected_version:
        raise SettingsConflict
    changed = changed_settings(_from_config() if row is None else _settings_from(row), new)
    if "privacy_notice_text" in changed and "privacy_notice_version" not in changed:
        raise SettingsError("privacy_notice_version", "The notice text changed: give it a new "
                                                      "version so consents stay traceable.")
    to_write = changed
    if row is None:
        # The first save stores every value, so the row never depends on configuration again.
        # A fixed id: of two first saves at once, the primary key lets only one in.
        row, to_write = PracticeSettings(id=1), SETTING_FIELDS
        db.session.add(row)
        changed = changed or ["defaults"]
    values = asdict(new)
    for name in to_write:
        setattr(row, name, values[name])
    try:
        with db.session.begin_nested():
            db.session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise SettingsConflict from exc
    if changed:
        audit.record(actor, "settings.update", target_type="practice_settings",
                     target_id="practice", detail="changed=" + ",".join(changed))
    g.pop(_CACHE, None)
    return changed
