from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from intake.reports.periods import InvalidPeriod, Period, Preset, resolve

NEW_YORK = ZoneInfo("America/New_York")


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("preset, today, first, last", [
    ("last_30_days", date(2026, 12, 1), date(2026, 11, 2), date(2026, 12, 1)),
    ("last_30_days", date(2026, 3, 1), date(2026, 1, 31), date(2026, 3, 1)),
    ("last_quarter", date(2026, 12, 1), date(2026, 7, 1), date(2026, 9, 30)),
    ("last_quarter", date(2026, 10, 1), date(2026, 7, 1), date(2026, 9, 30)),
    ("last_quarter", date(2026, 9, 30), date(2026, 4, 1), date(2026, 6, 30)),
    ("last_quarter", date(2026, 2, 14), date(2025, 10, 1), date(2025, 12, 31)),
    ("this_year", date(2026, 12, 1), date(2026, 1, 1), date(2026, 12, 1)),
    ("this_year", date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 1)),
])
def test_presets(preset, today, first, last):
    period = resolve(preset, today, NEW_YORK)
    assert (period.first, period.last, period.preset) == (first, last, Preset(preset))


@pytest.mark.parametrize("first, last, message", [
    (None, date(2026, 9, 1), "both"),
    (date(2026, 9, 1), None, "both"),
    (date(2026, 9, 2), date(2026, 9, 1), "on or after"),
    (date(2020, 1, 1), date(2026, 1, 1), "three years"),
])
def test_bad_custom_ranges(first, last, message):
    with pytest.raises(InvalidPeriod, match=message):
        resolve("custom", date(2026, 12, 1), NEW_YORK, first=first, last=last)


def test_unknown_preset():
    with pytest.raises(InvalidPeriod):
        resolve("last_decade", date(2026, 12, 1), NEW_YORK)


@pytest.mark.parametrize("day, start, end, hours", [
    (date(2026, 3, 8), utc(2026, 3, 8, 5), utc(2026, 3, 9, 4), 23),    # spring forward
    (date(2026, 11, 1), utc(2026, 11, 1, 4), utc(2026, 11, 2, 5), 25),  # fall back
    (date(2026, 7, 4), utc(2026, 7, 4, 4), utc(2026, 7, 5, 4), 24),
    (date(2026, 1, 15), utc(2026, 1, 15, 5), utc(2026, 1, 16, 5), 24),
])
def test_days_are_local_days_across_dst(day, start, end, hours):
    period = Period(day, day, NEW_YORK)
    assert (period.start, period.end) == (start, end)
    assert (period.end - period.start).total_seconds() == hours * 3600


def test_weeks_start_on_monday_and_are_clipped_to_the_period():
    period = Period(date(2026, 9, 2), date(2026, 9, 15), NEW_YORK)  # Wednesday to Tuesday
    assert period.weeks() == [
        (date(2026, 8, 31), utc(2026, 9, 2, 4), utc(2026, 9, 7, 4)),
        (date(2026, 9, 7), utc(2026, 9, 7, 4), utc(2026, 9, 14, 4)),
        (date(2026, 9, 14), utc(2026, 9, 14, 4), utc(2026, 9, 16, 4)),
    ]


def test_a_week_across_the_autumn_change_is_seven_local_days():
    (monday, start, end), = Period(date(2026, 10, 26), date(2026, 11, 1), NEW_YORK).weeks()
    assert (start, end) == (utc(2026, 10, 26, 4), utc(2026, 11, 2, 5))


def test_as_of_is_the_end_or_now_whichever_is_first():
    period = Period(date(2026, 9, 1), date(2026, 9, 30), NEW_YORK)
    assert period.as_of(utc(2026, 12, 1)) == utc(2026, 10, 1, 4)
    assert period.as_of(utc(2026, 9, 10)) == utc(2026, 9, 10)
