"""Case status and treatment phase: pure rules, no Flask or SQLAlchemy."""
from enum import StrEnum


class Phase(StrEnum):
    STABILIZATION = "stabilization"
    PROCESSING = "processing"


class CaseStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    DISCHARGED = "discharged"
