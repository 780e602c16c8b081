from datetime import datetime, timedelta, timezone

from intake import clock
from intake.templating import local_datetime, local_time, time_ago


def test_local_times_follow_the_practice_zone_across_dst(app):
    with app.test_request_context():
        # 2026-11-01 is the end of US daylight time: 13:30 UTC is 9:30 before, 8:30 after.
        assert local_time(datetime(2026, 10, 31, 13, 30, tzinfo=timezone.utc)) == "9:30 am"
        assert local_time(datetime(2026, 11, 2, 13, 30, tzinfo=timezone.utc)) == "8:30 am"
        assert local_datetime(datetime(2026, 12, 1, 19, 5, tzinfo=timezone.utc)) == \
            "Tue 1 Dec 2026, 2:05 pm"


def test_time_ago_counts_the_largest_unit(app):
    clock.freeze(datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc))
    assert time_ago(clock.utcnow() - timedelta(days=3, hours=5)) == "3 days"
    assert time_ago(clock.utcnow() - timedelta(hours=1)) == "1 hour"
    assert time_ago(clock.utcnow() - timedelta(seconds=20)) == "under a minute"
