"""Imports every feature's models so metadata (and Alembic) sees all tables."""
import intake.admin.models  # noqa: F401  (admin-owned tables, if any)
from intake.audit.models import AuditEvent
from intake.auth.models import StaffSession, User
from intake.cases.models import (AssessmentRevision, Case, CaseStatusChange, Note, NoteAddendum,
                                 PhaseChange)
from intake.cases.plans.models import Goal, GoalRevision, Intervention, Objective, PlanReview
from intake.cases.safety.models import SafetyPlan, SafetyPlanRevision
from intake.notifications.models import Notification
from intake.practice.models import PracticeSettings
from intake.reports.models import (CaseCohortDay, CaseloadChange, ConversionDay, DirtyDay,
                                   DischargeDay, Duration, DurationBucket, RequestDay, RollupState)
from intake.scheduling.models import BlockedDate, Slot, WeeklyHours
from intake.triage.models import ContactAttempt, ConsultationRequest, RequestStatusChange

__all__ = ["AssessmentRevision", "AuditEvent", "BlockedDate", "Case", "CaseCohortDay",
           "CaseStatusChange", "CaseloadChange", "ConsultationRequest",
           "ContactAttempt", "ConversionDay", "DirtyDay", "DischargeDay", "Duration",
           "DurationBucket", "Goal", "GoalRevision", "Intervention", "Note",
           "NoteAddendum", "Notification", "Objective", "PhaseChange", "PlanReview",
           "PracticeSettings", "RequestDay", "RequestStatusChange", "RollupState",
           "SafetyPlan", "SafetyPlanRevision", "Slot", "StaffSession", "User",
           "WeeklyHours"]

import intake.reports.tracking  # noqa: E402,F401  (marks the roll-up days a flush makes stale)
