"""The reports page on a year of history, against the same SQL aggregates run bare."""
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
    from intake.reports import queries
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

    whole = measure("reports page (HTTP, signed in, a year)", page, repeat)
    sql = measure("the same SQL aggregates, bare", bare, repeat)
    per_query = []
    with app.app_context():
        for name, build in queries.STATEMENTS.items():
            statement = build(period, period.as_of(utcnow()))
            per_query.append(measure(f"  {name}", lambda s=statement: db.session.execute(s).all(),
                                     max(1, repeat // 2), warmup=0))
        db.session.rollback()
    return [whole, sql, *per_query], [Ratio("page / bare SQL", whole, sql, aim=1.5)]
