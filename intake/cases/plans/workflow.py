"""Goal statuses and the rules for changing a goal: pure, no Flask or SQLAlchemy."""
import re
from enum import StrEnum


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"
    REVISED = "revised"
    DISCONTINUED = "discontinued"


GOAL_STATUS_LABELS = {
    GoalStatus.NOT_STARTED: "Not started",
    GoalStatus.IN_PROGRESS: "In progress",
    GoalStatus.MET: "Met",
    GoalStatus.REVISED: "Revised",
    GoalStatus.DISCONTINUED: "Discontinued",
}

# A goal closed as revised or discontinued leaves the plan's open work: say why, so a later
# reader (or a review) understands the change without asking.
NEEDS_REASON = {GoalStatus.REVISED, GoalStatus.DISCONTINUED}


class ObjectiveStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    DROPPED = "dropped"


# The practice's starting vocabulary (the migration seeds a frozen copy of this list).
DEFAULT_INTERVENTIONS = [
    ("psychoeducation_trauma_bonding", "Psychoeducation on trauma bonding"),
    ("body_based_regulation", "Body-based regulation"),
    ("memory_processing", "Memory processing"),
    ("support_network_building", "Support-network building"),
    ("communication_boundary_planning", "Communication and boundary planning"),
    ("relapse_prevention", "Relapse prevention"),
]

OBJECTIVE_STATUS_LABELS = {
    ObjectiveStatus.OPEN: "Open",
    ObjectiveStatus.MET: "Met",
    ObjectiveStatus.DROPPED: "Dropped",
}


def record_is_editable(case_status: str) -> bool:
    """A discharged case's plans are the record of the care given: reopen it to change them."""
    return case_status != "discharged"


def reason_required(old: str | None, new: str) -> bool:
    """A change into revised or discontinued needs a written reason; staying there does not."""
    return new in NEEDS_REASON and old != new


def is_open(status: str) -> bool:
    return status in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)


def intervention_code(label: str) -> str:
    """A stable code from a practice-chosen label ('EMDR (adapted)' → 'emdr_adapted')."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
