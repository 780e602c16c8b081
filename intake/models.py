"""Imports every feature's models so metadata (and Alembic) sees all tables."""
from intake.audit.models import AuditEvent
from intake.auth.models import StaffSession, User

__all__ = ["AuditEvent", "StaffSession", "User"]
