"""The one source of 'now', so time-based rules can be tested with a controllable clock."""
from datetime import datetime, timedelta, timezone

_frozen: datetime | None = None


def utcnow() -> datetime:
    """Timezone-aware UTC now (or the frozen time under test)."""
    return _frozen if _frozen is not None else datetime.now(timezone.utc)


def freeze(at: datetime) -> None:
    """Stop the clock at `at` (tests only)."""
    global _frozen
    if at.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = at.astimezone(timezone.utc)


def advance(delta: timedelta) -> None:
    """Move a frozen clock forward (tests only)."""
    freeze(utcnow() + delta)


def unfreeze() -> None:
    global _frozen
    _frozen = None
