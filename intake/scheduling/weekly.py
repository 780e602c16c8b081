"""Turning weekly wall-clock hours into slot start times. Pure: no Flask, no database.

Hours are local times in the practice zone; a slot at 9:00 stays at 9:00 local across a DST
change, so its UTC time shifts by the hour. A local time that does not exist (the hour
skipped in spring) yields no slot; one that happens twice (the hour repeated in autumn) yields
one slot, at its first occurrence."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

SLOT = timedelta(minutes=20)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Hours:
    weekday: int  # 0 = Monday, as date.weekday()
    start: time
    end: time


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def hours_problem(start: time, end: time) -> str | None:
    """Why a start and end cannot be weekly hours, or None."""
    if _minutes(end) - _minutes(start) < SLOT.seconds // 60:
        return "The end must be at least 20 minutes after the start."
    return None


def overlapping(new: Hours, existing: list[Hours]) -> Hours | None:
    """An existing block on the same weekday that overlaps `new`, if any."""
    return next((h for h in existing if h.weekday == new.weekday
                 and _minutes(new.start) < _minutes(h.end)
                 and _minutes(h.start) < _minutes(new.end)), None)


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall-clock time, or None if the clocks skip it that day."""
    local = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first of a repeated hour
    instant = local.astimezone(timezone.utc)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def _slot_times(block: Hours):
    minute, end = _minutes(block.start), _minutes(block.end)
    while minute + SLOT.seconds // 60 <= end:
        yield time(minute // 60, minute % 60)
        minute += SLOT.seconds // 60


def starts_on(day: date, hours: list[Hours], zone: ZoneInfo) -> set[datetime]:
    """UTC start times of the slots `hours` give on local date `day`."""
    starts = set()
    for block in hours:
        if block.weekday != day.weekday():
            continue
        for at in _slot_times(block):
            instant = local_to_utc(day, at, zone)
            if instant is not None:
                starts.add(instant)
    return starts


def starts_between(first: date, days: int, hours: list[Hours], zone: ZoneInfo,
                   blocked: set[date]) -> set[datetime]:
    """UTC slot starts for `days` local dates from `first`, leaving out blocked dates."""
    starts = set()
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day not in blocked:
            starts |= starts_on(day, hours, zone)
    return starts
