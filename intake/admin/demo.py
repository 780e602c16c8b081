"""Demo records for the admin feature: saved settings, weekly hours and their slots, and a
few admin actions in the audit log. Safe to run again: each step checks first."""
import secrets
from datetime import time, timedelta

from intake.admin import services as staff_services
from intake.auth import services as accounts
from intake.auth.models import Role
from intake.practice import services as practice
from intake.scheduling import services as availability

# (weekday, from, until) in the practice time zone; 0 = Monday.
DEMO_HOURS = {
    "clinician@example.org": [(0, time(9), time(12)), (2, time(13), time(16)),
                              (3, time(9), time(11))],
    "clinician2@example.org": [(1, time(10), time(13)), (3, time(16), time(19)),
                               (4, time(9), time(11, 20))],
}
FORMER_STAFF = ("morgan.former@example.org", "Morgan Former (left 2026)")


def seed(staff: dict, options: dict) -> None:
    """staff maps the demo emails to their User rows; options holds CLI options."""
    admin = staff["admin@example.org"]
    _save_settings(admin)
    for email, blocks in DEMO_HOURS.items():
        _set_hours(staff[email], blocks, actor=admin)
    _block_a_training_day(staff["clinician2@example.org"], actor=admin)
    _former_colleague(actor=admin)


def _save_settings(admin) -> None:
    """Store the defaults as the practice's own row, once (as an admin's first save would)."""
    if practice.settings_version() == 0:
        practice.save_settings(practice.current_settings(), expected_version=0, actor=admin)


def _set_hours(clinician, blocks, *, actor) -> None:
    """Weekly hours the first time; after that only extend the slots (existing ones kept)."""
    if availability.weekly_hours(clinician):
        availability.generate_slots(clinician, actor=actor)
        return
    for weekday, start, end in blocks:
        availability.add_weekly_hours(clinician, weekday=weekday, start=start, end=end,
                                      actor=actor)


def _block_a_training_day(clinician, *, actor) -> None:
    if availability.blocked_dates(clinician):
        return
    day = availability.local_today() + timedelta(days=17)
    availability.block_date(clinician, day=day, actor=actor)


def _former_colleague(*, actor) -> None:
    """A deactivated account: history stays attributable to someone who has left."""
    email, name = FORMER_STAFF
    if accounts.find_user_by_email(email):
        return
    person = staff_services.add_staff(email=email, display_name=name, roles={Role.CLINICIAN},
                                      temporary_password=secrets.token_urlsafe(18), actor=actor)
    staff_services.deactivate_staff(person, expected_version=person.version, actor=actor)
