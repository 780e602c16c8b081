"""Report periods: presets and custom ranges of local dates, turned into UTC instants.

Pure Python (no Flask, no SQLAlchemy). A period covers whole days in the practice's time zone:
from local midnight of the first day to local midnight after the last, so a day that gains or
loses an hour at a DST change is still exactly one calendar day.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo


class Preset(StrEnum):
    LAST_30_DAYS = "last_30_days"
    LAST_QUARTER = "last_quarter"
    THIS_YEAR = "this_year"
    CUSTOM = "custom"


PRESET_LABELS = {
    Preset.LAST_30_DAYS: "Last 30 days",
    Preset.LAST_QUARTER: "Last quarter",
    Preset.THIS_YEAR: "This year",
    Preset.CUSTOM: "Custom dates",
}

DEFAULT_PRESET = Preset.LAST_QUARTER
MAX_DAYS = 3 * 366  # a longer range is a mistake more often than a wish


class InvalidPeriod(ValueError):
    pass


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which `day` begins in `zone` (DST-correct)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)


@dataclass(frozen=True)
class Period:
    """Whole local days first..last (inclusive) in `zone`."""

    first: date
    last: date
    zone: ZoneInfo
    preset: Preset = Preset.CUSTOM

    @property
    def start(self) -> datetime:
        return local_midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """Exclusive: the instant the day after `last` begins."""
        return local_midnight(self.last + timedelta(days=1), self.zone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        return f"{_long_date(self.first)} – {_long_date(self.last)}"

    def as_of(self, now: datetime) -> datetime:
        """The instant a point-in-time figure (caseload) is measured: the end, or now."""
        return min(self.end, now)

    def weeks(self) -> list[tuple[date, datetime, datetime]]:
        """(local Monday, UTC start, UTC end) for each week touching the period, clipped."""
        monday = self.first - timedelta(days=self.first.weekday())
        weeks = []
        while monday <= self.last:
            begin = max(monday, self.first)
            stop = min(monday + timedelta(days=7), self.last + timedelta(days=1))
            weeks.append((monday, local_midnight(begin, self.zone), local_midnight(stop, self.zone)))
            monday += timedelta(days=7)
        return weeks


def _long_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def resolve(preset: str, today: date, zone: ZoneInfo, *, first: date | None = None,
            last: date | None = None) -> Period:
    """The period a preset names on `today` (a local date), or a checked custom range."""
    try:
        preset = Preset(preset)
    except ValueError:
        raise InvalidPeriod("Choose one of the listed periods.") from None
    if preset is Preset.LAST_30_DAYS:
        return Period(today - timedelta(days=29), today, zone, preset)
    if preset is Preset.LAST_QUARTER:
        this_quarter = quarter_start(today)
        previous = quarter_start(this_quarter - timedelta(days=1))
        return Period(previous, this_quarter - timedelta(days=1), zone, preset)
    if preset is Preset.THIS_YEAR:
        return Period(date(today.year, 1, 1), today, zone, preset)
    return custom(first, last, zone)


def custom(first: date | None, last: date | None, zone: ZoneInfo) -> Period:
    if first is None or last is None:
        raise InvalidPeriod("Enter both a start date and an end date.")
    if last < first:
        raise InvalidPeriod("The end date must be on or after the start date.")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidPeriod("Choose a period of at most three years.")
    return Period(first, last, zone, Preset.CUSTOM)
