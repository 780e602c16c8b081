"""Template globals and filters: the practice's name, role-aware navigation, local times."""
from datetime import datetime

from flask import current_app
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from intake.auth.models import Role
from intake.clock import utcnow
from intake.extensions import db

# (endpoint, label, roles that see it); later features add their sections here.
STAFF_NAV = [
    ("staff.home", "Home", Role.ALL),
    ("triage.queue", "Requests", Role.ALL),
    ("cases.caseload", "Cases", (Role.CLINICIAN,)),
    ("scheduling.index", "Availability", Role.ALL),
    ("reports.index", "Reports", (Role.ADMIN,)),
    ("admin.index", "Admin", (Role.ADMIN,)),
]


def _nav_items():
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, roles in STAFF_NAV
            if endpoint in current_app.view_functions and current_user.has_role(*roles)]


def described_by(field):
    """The ids of a field's hint and error, for aria-describedby; False renders nothing."""
    ids = [f"{field.id}-hint"] * bool(field.description) + [f"{field.id}-error"] * bool(field.errors)
    return " ".join(ids) or False


def has_endpoint(endpoint: str) -> bool:
    """Whether a view exists, so shared templates can link to features that may be absent."""
    return endpoint in current_app.view_functions


def _settings():
    from intake.practice.services import request_settings
    return request_settings()


def practice_zone():
    """The practice's time zone, read once per request (settings live in the database)."""
    return _settings().zone


def practice_name() -> str:
    """The saved practice name; the configured one if the database cannot answer (an error
    page must still render when the database is down)."""
    try:
        return _settings().practice_name
    except SQLAlchemyError:
        db.session.rollback()
        return current_app.config["PRACTICE_NAME"]


def to_local(value: datetime | None) -> datetime | None:
    return value.astimezone(practice_zone()) if value is not None else None


def local_datetime(value: datetime | None) -> str:
    """'Tue 1 Dec 2026, 2:40 pm' in the practice's time zone."""
    local = to_local(value)
    if local is None:
        return ""
    return f"{local:%a} {local.day} {local:%b %Y}, {local_time(value)}"


def local_date(value: datetime | None) -> str:
    local = to_local(value)
    return f"{local:%a} {local.day} {local:%b %Y}" if local is not None else ""


def local_time(value: datetime | None) -> str:
    local = to_local(value)
    if local is None:
        return ""
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M} {'am' if local.hour < 12 else 'pm'}"


def time_ago(value: datetime | None) -> str:
    """'3 days', '5 hours', '12 minutes': how long ago, for waiting times."""
    if value is None:
        return ""
    seconds = max(0, int((utcnow() - value).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "under a minute"


def init_app(app) -> None:
    app.add_template_global(described_by)
    app.add_template_global(has_endpoint)
    for name, fn in [("local_datetime", local_datetime), ("local_date", local_date),
                     ("local_time", local_time), ("time_ago", time_ago)]:
        app.add_template_filter(fn, name)

    @app.context_processor
    def inject_globals():
        return {"practice_name": practice_name(), "staff_nav": _nav_items}
