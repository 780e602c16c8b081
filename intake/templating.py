"""Template globals: the practice's name, role-aware navigation."""
from flask import current_app
from flask_login import current_user

from intake.auth.models import Role

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


def init_app(app) -> None:
    app.add_template_global(described_by)
    @app.context_processor
    def inject_globals():
        return {"practice_name": current_app.config["PRACTICE_NAME"], "staff_nav": _nav_items}
