"""Imports every feature's models so metadata (and Alembic) sees all tables."""
import intake.admin.models  # noqa: F401  (admin-owned tables, if any)
from intake.audit.models import AuditEvent
from intake.auth.models import StaffSession, User
from intake.cases.models import Case, PhaseChange
from intake.notifications.models import Notification
from intake.practice.models import PracticeSettings
from intake.scheduling.models import BlockedDate, Slot, WeeklyHours
from intake.triage.models import ContactAttempt, ConsultationRequest, RequestStatusChange

__all__ = ["AuditEvent", "Case", "ConsultationRequest", "ContactAttempt", "Notification",
           "PhaseChange", "PracticeSettings", "RequestStatusChange", "Slot", "StaffSession", "User"]
__all__ += ["BlockedDate", "WeeklyHours"]  # availability (issue 6)
