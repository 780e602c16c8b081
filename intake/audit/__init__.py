"""Append-only, hash-chained audit trail."""
from intake.audit.services import PUBLIC, SYSTEM, record, verify

__all__ = ["PUBLIC", "SYSTEM", "record", "verify"]
