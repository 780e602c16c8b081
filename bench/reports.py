"""The reports page on a year of history, against the same SQL aggregates run bare, and
what bringing the roll-ups up to date after a change costs."""
import re
from datetime import timedelta

from bench import Ratio, benchmark, measure
from bench.database import ADMIN_EMAIL, PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def signed_in_client(app, email: str = ADMIN_EMAIL):
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 303, f"the benchmark user {email} could not sign in"
    return client


@benchmark("reports")
def reports_page(app, repeat: int):
    from intake.clock import utcnow
    from intake.extensions import db
    from intake.practice.services import current_settings
    from intake.reports import queries, rollups
    from intake.reports.models import DirtyDay
    from intake.reports.periods import custom

    with app.app_context():
        zone = current_settings().zone
        today = utcnow().astimezone(zone).date()
        period = custom(today - timedelta(days=364), today, zone)
    url = f"/reports/?preset=custom&start={period.first}&end={period.last}"
    client = signed_in_client(app)

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def bare():
        with app.app_context():
            queries.run_all(db.session, period, period.as_of(utcnow()))
            db.session.rollback()

    def refresh_one_day():
        """What the first report after a clinician's change pays: one stale day recomputed."""
        with app.app_context():
            db.session.add(DirtyDay(utc_day=utcnow().date()))
            db.session.flush()
            assert rollups.refresh(db.session) >= 1
            db.session.rollback()

    whole = measure("reports page (HTTP, signed in, a year)", page, repeat)
    sql = measure("the same SQL aggregates, bare", bare, repeat)
    stale = measure("refresh after a change (one day recomputed)", refresh_one_day, repeat)
    per_query = []
    with app.app_context():
        as_of = period.as_of(utcnow())
        for name, figure in queries.FIGURES.items():
            per_query.append(measure(f"  {name}", lambda f=figure: f(db.session, period, as_of),
                                     max(1, repeat // 2), warmup=0))
        db.session.rollback()
    return [whole, sql, stale, *per_query], [Ratio("page / bare SQL", whole, sql, aim=1.5)]
