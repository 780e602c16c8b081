"""Demo data: the three staff accounts, then each feature's realistic fake records."""
import secrets

from intake import audit
from intake.auth import services as accounts
from intake.admin import demo as admin_demo
from intake.auth.models import Role
from intake.cases import demo as cases_demo
from intake.cases.plans import demo as records_demo
from intake.public import demo as public_demo
from intake.reports import demo as reports_demo
from intake.triage import demo as triage_demo

DEMO_STAFF = [
    ("admin@example.org", "Avery Admin", {Role.ADMIN}),
    ("clinician@example.org", "Dr. Casey Rivera", {Role.CLINICIAN}),
    ("clinician2@example.org", "Jordan Lee, LCSW", {Role.CLINICIAN}),
]

# Run in this order after the staff accounts exist: slots before the requests that book
# them, requests before the cases opened from them, plans and safety plans for those cases,
# the admin's history, then a year of bulk history for the reports (and --requests N) last.
FEATURE_SEEDERS = [public_demo.seed, triage_demo.seed, cases_demo.seed, records_demo.seed,
                   admin_demo.seed, reports_demo.seed]


def generate_password() -> str:
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


def seed_staff(password: str) -> tuple[dict, list[str]]:
    """Create the demo staff accounts that do not exist yet; returns (by email, created)."""
    staff, created = {}, []
    for email, name, roles in DEMO_STAFF:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.create_user(email=email, roles=roles, password=password,
                                        display_name=name, actor=audit.SYSTEM)
            created.append(email)
        staff[email] = user
    return staff, created


def seed(password: str, options: dict | None = None) -> list[str]:
    staff, created = seed_staff(password)
    for seeder in FEATURE_SEEDERS:
        seeder(staff, options or {})
    return created
