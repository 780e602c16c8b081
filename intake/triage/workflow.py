"""The consultation request's status machine. Pure Python: no Flask, no SQLAlchemy."""
from enum import StrEnum


class RequestStatus(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    CONTACTED = "contacted"
    SCHEDULED = "scheduled"
    CONSULTED = "consulted"
    CONVERTED = "converted"
    DECLINED = "declined"
    REFERRED_OUT = "referred_out"
    NO_RESPONSE = "no_response"


EXITS = frozenset({RequestStatus.DECLINED, RequestStatus.REFERRED_OUT, RequestStatus.NO_RESPONSE})
OPEN = frozenset({RequestStatus.NEW, RequestStatus.IN_REVIEW, RequestStatus.CONTACTED,
                  RequestStatus.SCHEDULED, RequestStatus.CONSULTED})
# The holder may hand a request back to the queue only before a consultation is booked.
RELEASABLE = frozenset({RequestStatus.IN_REVIEW, RequestStatus.CONTACTED})

_S = RequestStatus
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    _S.NEW: frozenset({_S.IN_REVIEW, *EXITS}),
    _S.IN_REVIEW: frozenset({_S.CONTACTED, _S.SCHEDULED, *EXITS}),
    _S.CONTACTED: frozenset({_S.SCHEDULED, *EXITS}),
    _S.SCHEDULED: frozenset({_S.CONSULTED, _S.CONTACTED, *EXITS}),
    _S.CONSULTED: frozenset({_S.CONVERTED, _S.DECLINED, _S.REFERRED_OUT}),
    _S.CONVERTED: frozenset(),
    # Reopen: a client who went quiet or was declined may come back.
    _S.DECLINED: frozenset({_S.IN_REVIEW}),
    _S.REFERRED_OUT: frozenset({_S.IN_REVIEW}),
    _S.NO_RESPONSE: frozenset({_S.IN_REVIEW}),
}


class InvalidTransition(ValueError):
    def __init__(self, current: RequestStatus, target: RequestStatus):
        super().__init__(f"A request that is {label(current)} cannot become {label(target)}.")
        self.current, self.target = current, target


class ReasonRequired(ValueError):
    pass


LABELS = {
    _S.NEW: "new", _S.IN_REVIEW: "in review", _S.CONTACTED: "contacted",
    _S.SCHEDULED: "scheduled", _S.CONSULTED: "consulted", _S.CONVERTED: "converted to a case",
    _S.DECLINED: "declined", _S.REFERRED_OUT: "referred out", _S.NO_RESPONSE: "no response",
}


def label(status: RequestStatus) -> str:
    return LABELS[RequestStatus(status)]


def allowed(current: RequestStatus, target: RequestStatus) -> bool:
    return RequestStatus(target) in TRANSITIONS[RequestStatus(current)]


def check(current: RequestStatus, target: RequestStatus, *, reason: str | None = None) -> None:
    """Raise unless `current → target` is a listed transition (exits need a reason)."""
    if not allowed(current, target):
        raise InvalidTransition(RequestStatus(current), RequestStatus(target))
    if RequestStatus(target) in EXITS and not (reason and reason.strip()):
        raise ReasonRequired(f"Say why the request is {label(target)}.")
