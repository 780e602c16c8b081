"""Weekly hours → slot start times, across the US DST transitions (pure, no app)."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from intake.scheduling import weekly
from intake.scheduling.weekly import Hours

NY = ZoneInfo("America/New_York")
UTC = timezone.utc


def local_times(starts):
    return sorted(s.astimezone(NY).strftime("%a %d %H:%M") for s in starts)


@pytest.mark.parametrize("before, after, utc_before, utc_after", [
    # Spring forward, Sunday 2027-03-14: 9:00 is 14:00 UTC on the Friday before, 13:00 after.
    (date(2027, 3, 12), date(2027, 3, 15), 14, 13),
    # Fall back, Sunday 2026-11-01: 9:00 is 13:00 UTC the Friday before, 14:00 after.
    (date(2026, 10, 30), date(2026, 11, 2), 13, 14),
])
def test_wall_clock_stays_and_utc_shifts_across_dst(before, after, utc_before, utc_after):
    hours = [Hours(before.weekday(), time(9), time(10)), Hours(after.weekday(), time(9), time(10))]
    starts = weekly.starts_between(before, 4, hours, NY, blocked=set())
    assert local_times(starts) == [f"{before:%a %d} 09:00", f"{before:%a %d} 09:20",
                                   f"{before:%a %d} 09:40", f"{after:%a %d} 09:00",
                                   f"{after:%a %d} 09:20", f"{after:%a %d} 09:40"]
    first = min(starts)
    assert first == datetime(before.year, before.month, before.day, utc_before, tzinfo=UTC)
    assert datetime(after.year, after.month, after.day, utc_after, tzinfo=UTC) in starts


def test_the_skipped_spring_hour_gives_no_slots():
    sunday = date(2027, 3, 14)
    starts = weekly.starts_on(sunday, [Hours(6, time(1), time(4))], NY)
    assert local_times(starts) == [f"Sun 14 {t}" for t in
                                   ("01:00", "01:20", "01:40", "03:00", "03:20", "03:40")]


def test_the_repeated_autumn_hour_gives_one_slot_each():
    sunday = date(2026, 11, 1)
    starts = sorted(weekly.starts_on(sunday, [Hours(6, time(1), time(3))], NY))
    assert len(starts) == 6 == len(set(starts))
    # 1:00-1:40 at their first occurrence (EDT, UTC-4), then 2:00 EST (UTC-5).
    assert [s.strftime("%H:%M") for s in starts] == ["05:00", "05:20", "05:40",
                                                     "07:00", "07:20", "07:40"]


@pytest.mark.parametrize("start, end, slots", [
    (time(9), time(9, 20), 1), (time(9), time(9, 59), 2), (time(9), time(12), 9),
    (time(9, 10), time(10), 2),
])
def test_slots_fill_whole_20_minute_steps(start, end, slots):
    day = date(2026, 12, 7)  # a Monday
    assert len(weekly.starts_on(day, [Hours(0, start, end)], NY)) == slots


@pytest.mark.parametrize("start, end, ok", [
    (time(9), time(9, 20), True), (time(9), time(9, 19), False), (time(10), time(9), False),
    (time(9), time(9), False),
])
def test_hours_need_room_for_one_slot(start, end, ok):
    assert (weekly.hours_problem(start, end) is None) is ok


@pytest.mark.parametrize("new, clash", [
    (Hours(0, time(11), time(13)), True), (Hours(0, time(8), time(9, 1)), True),
    (Hours(0, time(12), time(13)), False), (Hours(0, time(7), time(9)), False),
    (Hours(1, time(9), time(12)), False),
])
def test_overlapping_hours_on_the_same_day(new, clash):
    existing = [Hours(0, time(9), time(12))]
    assert (weekly.overlapping(new, existing) is not None) is clash


def test_blocked_dates_are_left_out():
    monday = date(2026, 12, 7)
    hours = [Hours(d, time(9), time(10)) for d in range(7)]
    starts = weekly.starts_between(monday, 7, hours, NY, blocked={date(2026, 12, 9)})
    assert len(starts) == 18 and not any(s.astimezone(NY).day == 9 for s in starts)
