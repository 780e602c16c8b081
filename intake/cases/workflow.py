"""Case status, treatment phase, readiness reviews and notes: pure rules, no Flask or SQLAlchemy."""
from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    STABILIZATION = "stabilization"
    PROCESSING = "processing"


class CaseStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    DISCHARGED = "discharged"


class NoteKind(StrEnum):
    INTAKE_ASSESSMENT = "intake_assessment"
    PROGRESS = "progress"
    PLAN_REVIEW = "plan_review"
    DISCHARGE_SUMMARY = "discharge_summary"


PHASE_LABELS = {Phase.STABILIZATION: "Stabilization", Phase.PROCESSING: "Processing"}
STATUS_LABELS = {CaseStatus.ACTIVE: "Active", CaseStatus.ON_HOLD: "On hold",
                 CaseStatus.DISCHARGED: "Discharged"}
NOTE_KINDS = [
    (NoteKind.INTAKE_ASSESSMENT, "Intake assessment"),
    (NoteKind.PROGRESS, "Progress note"),
    (NoteKind.PLAN_REVIEW, "Plan review"),
    (NoteKind.DISCHARGE_SUMMARY, "Discharge summary"),
]

# The readiness review before processing: the practice's five conditions, in order.
READINESS_ITEMS = [
    ("safety_plan", "A safety plan is in place"),
    ("contact_reduced", "Contact with the other person is reduced where possible"),
    ("support", "Reliable support is identified"),
    ("regulation", "Regulation skills are in use"),
    ("no_recent_crisis", "No acute crisis in the last 4 weeks"),
]

SAFETY_PLAN_ITEM = "safety_plan"

# Why a client returns to stabilization; codes are stored (reports may count them).
RETURN_REASONS = [
    ("re_escalation", "The cycle re-escalated"),
    ("crisis", "A crisis"),
    ("other", "Another reason"),
]


class DomainError(ValueError):
    """A rule of the record was not met; the message is written for the clinician."""


class InvalidTransition(DomainError):
    pass


class ReadinessIncomplete(DomainError):
    pass


class ReasonRequired(DomainError):
    pass


class NoteLocked(DomainError):
    pass


def phase_label(phase: str | None) -> str:
    return PHASE_LABELS.get(phase, "") if phase else ""


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status, status or "")


def note_kind_label(kind: str) -> str:
    return dict(NOTE_KINDS).get(kind, kind)


def _blank(text: str | None) -> bool:
    return not (text and text.strip())


# --- Phase ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewItem:
    code: str
    met: bool | None  # None: not answered
    comment: str = ""


@dataclass(frozen=True)
class ReadinessReview:
    items: tuple[ReviewItem, ...]
    override: str = ""

    @property
    def unanswered(self) -> list[str]:
        answered = {item.code for item in self.items if item.met is not None}
        return [code for code, _ in READINESS_ITEMS if code not in answered]

    @property
    def unmet(self) -> list[str]:
        return [item.code for item in self.items if item.met is False]

    @property
    def uncommented(self) -> list[str]:
        return [item.code for item in self.items if _blank(item.comment)]

    @property
    def all_met(self) -> bool:
        return not self.unanswered and not self.unmet

    def as_record(self) -> list[dict]:
        return [{"code": i.code, "met": i.met, "comment": i.comment.strip()} for i in self.items]


def check_move_to_processing(phase: str | None, status: str, review: ReadinessReview,
                             rationale: str | None, *, safety_plan_saved: bool) -> None:
    """Raise unless the case may move to processing with this review and rationale.

    "A safety plan is in place" may be marked met only when the record holds one: a plan
    that exists only in someone's memory is not there when the client needs it."""
    if status == CaseStatus.DISCHARGED:
        raise InvalidTransition("A discharged case has no treatment phase to change. Reopen it first.")
    if phase != Phase.STABILIZATION:
        raise InvalidTransition("The case is already in processing.")
    if review.unanswered:
        raise ReadinessIncomplete("Say whether each readiness item is met.")
    if review.uncommented:
        raise ReadinessIncomplete("Add a comment to each readiness item.")
    if review.unmet and _blank(review.override):
        raise ReadinessIncomplete(
            "An item is not met: write why processing should begin anyway (override).")
    if SAFETY_PLAN_ITEM not in review.unmet and not safety_plan_saved:
        raise ReadinessIncomplete(
            "“A safety plan is in place” is marked met, but no safety plan is saved in this "
            "record. Save the safety plan first, or mark the item not met and write the override.")
    if _blank(rationale):
        raise ReasonRequired("Write the rationale for moving to processing.")


def check_return_to_stabilization(phase: str | None, status: str, reason: str | None,
                                  text: str | None) -> None:
    """Raise unless the case may return to stabilization for this reason."""
    if status == CaseStatus.DISCHARGED:
        raise InvalidTransition("A discharged case has no treatment phase to change. Reopen it first.")
    if phase != Phase.PROCESSING:
        raise InvalidTransition("The case is already in stabilization.")
    if reason not in dict(RETURN_REASONS):
        raise ReasonRequired("Choose why the client is returning to stabilization.")
    if reason == "other" and _blank(text):
        raise ReasonRequired("Describe the reason for returning to stabilization.")


# --- Status --------------------------------------------------------------------------------

_C = CaseStatus
STATUS_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    _C.ACTIVE: frozenset({_C.ON_HOLD, _C.DISCHARGED}),
    _C.ON_HOLD: frozenset({_C.ACTIVE, _C.DISCHARGED}),
    _C.DISCHARGED: frozenset({_C.ACTIVE}),  # reopen
}


def status_allowed(current: str, target: str) -> bool:
    return CaseStatus(target) in STATUS_TRANSITIONS[CaseStatus(current)]


def check_status_change(current: str, target: str, *, discharge_reason: str | None = None,
                        discharge_reasons: list[str] = (), summary: str | None = None) -> None:
    """Raise unless `current → target` is allowed; discharge needs a coded reason and a summary."""
    if not status_allowed(current, target):
        raise InvalidTransition(
            f"A case that is {status_label(current).lower()} cannot become {status_label(target).lower()}.")
    if target == CaseStatus.DISCHARGED:
        if discharge_reason not in discharge_reasons:
            raise ReasonRequired("Choose the reason for discharge.")
        if _blank(summary):
            raise ReasonRequired("Write the discharge summary.")


# --- Notes ---------------------------------------------------------------------------------

def check_can_write_note(status: str) -> None:
    if status == CaseStatus.DISCHARGED:
        raise InvalidTransition("The case is discharged: reopen it to write new notes.")


def check_can_edit(*, signed: bool, is_author: bool) -> None:
    """Only the author edits a note, and only while it is a draft."""
    if signed:
        raise NoteLocked("This note is signed and can no longer change. Add an addendum instead.")
    if not is_author:
        raise NoteLocked("Only the note's author can change a draft.")


def check_can_sign(*, signed: bool, is_author: bool, body: str | None) -> None:
    check_can_edit(signed=signed, is_author=is_author)
    if _blank(body):
        raise ReasonRequired("An empty note cannot be signed.")


def check_addendum(*, signed: bool, reason: str | None, body: str | None) -> None:
    if not signed:
        raise NoteLocked("A draft can still be edited; addenda are for signed notes.")
    if _blank(reason):
        raise ReasonRequired("Say why the note needs an addendum.")
    if _blank(body):
        raise ReasonRequired("Write the addendum.")
