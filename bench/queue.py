"""The clinicians' queue at scale: the first page, a deep page, and the bare query.

Keyset pagination should make a page deep in the queue cost what the first one does, so the
ratio deep / first is the figure to watch (aim: about 1x); the page / bare-query ratio shows
what rendering and the audit row add."""
from bench import Ratio, benchmark, measure
from bench.database import CLINICIANS
from bench.reports import signed_in_client

DEPTH = 40  # pages walked to reach the deep cursor (1,000 rows at 25 a page)


def _deep_cursor(app, viewer_email: str) -> str:
    from intake.auth import services as accounts
    from intake.extensions import db
    from intake.triage import queries

    with app.app_context():
        viewer = accounts.find_user_by_email(viewer_email)
        filters = queries.QueueFilters(status="all")
        cursor = None
        for _ in range(DEPTH):
            cursor = queries.queue_page(viewer, filters, cursor).next_cursor
        db.session.rollback()
        return cursor


@benchmark("queue")
def queue_pages(app, repeat: int):
    from intake.auth import services as accounts
    from intake.extensions import db
    from intake.triage import queries

    email = CLINICIANS[0][0]
    client = signed_in_client(app, email)
    deep = _deep_cursor(app, email)

    def first_page():
        assert client.get("/requests/?status=all").status_code == 200

    def deep_page():
        assert client.get("/requests/", query_string={"status": "all", "after": deep}).status_code == 200

    def bare():
        with app.app_context():
            viewer = accounts.find_user_by_email(email)
            queries.queue_page(viewer, queries.QueueFilters(status="all"), deep)
            db.session.rollback()

    first = measure("queue, first page (HTTP, clinician)", first_page, repeat)
    far = measure(f"queue, page {DEPTH + 1} (HTTP, keyset cursor)", deep_page, repeat)
    sql = measure("the same queue query, bare", bare, repeat)
    return [first, far, sql], [Ratio("deep page / first page", far, first, aim=1.5),
                               Ratio("deep page / bare query", far, sql)]
