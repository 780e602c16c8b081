"""Demo data: the three staff accounts, then each feature's realistic fake records."""
import secrets

from intake import audit
from intake.auth import services as accounts
from intake.auth.models import Role

DEMO_STAFF = [
    ("admin@example.org", "Avery Admin", {Role.ADMIN}),
    ("clinician@example.org", "Dr. Casey Rivera", {Role.CLINICIAN}),
    ("clinician2@example.org", "Jordan Lee, LCSW", {Role.CLINICIAN}),
]

# Each feature appends a callable(staff: dict[str, User], options: dict) run after the staff
# accounts exist. Kept as a list so the order is explicit (slots before requests, …).
FEATURE_SEEDERS: list = []


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
