"""Real threads against the real database (SQLite here, PostgreSQL with INTAKE_TEST_DATABASE_URL):
each thread is its own browser, with its own app context and database session."""
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from intake.audit.models import AuditEvent
from intake.triage.models import ConsultationRequest
from tests.factories import make_slot
from tests.public.conftest import form_tokens, valid_answers

THREADS = 24


def race(app, posts: list[dict]) -> list:
    """Send every form at once (a barrier releases them together); returns the responses."""
    barrier = threading.Barrier(len(posts))

    def send(data):
        client = data.pop("_client")
        barrier.wait()
        return client.post("/consultation", data=data)

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        return list(pool.map(send, posts))


def browser_with_form(app, **answers) -> dict:
    client = app.test_client()
    return {"_client": client, **form_tokens(client), **valid_answers(**answers)}


def test_many_people_racing_for_one_slot_exactly_one_books_it(app, db):
    slot = make_slot()
    posts = [browser_with_form(app, name=f"Person {i}", slot=slot.public_id) for i in range(THREADS)]
    db.session.commit()
    statuses = sorted(response.status_code for response in race(app, posts))
    assert statuses == [303] + [409] * (THREADS - 1)
    db.session.expire_all()
    booked = db.session.scalars(select(ConsultationRequest)).all()
    assert [r.slot_id for r in booked] == [slot.id]


def test_concurrent_replays_of_one_form_make_one_request(app, db):
    client = app.test_client()
    tokens = form_tokens(client)
    posts = [{"_client": client_with_cookies(app, client), **tokens, **valid_answers()}
             for _ in range(THREADS)]
    db.session.commit()
    responses = race(app, posts)
    assert {r.status_code for r in responses} == {303}
    assert len({r.headers["Location"] for r in responses}) == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ConsultationRequest.id))) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id))
                             .where(AuditEvent.action == "request.submitted")) == 1


def client_with_cookies(app, source):
    """Another tab of the same browser: the same session cookie (and so the same CSRF token)."""
    client = app.test_client()
    name = app.config["SESSION_COOKIE_NAME"]
    client.set_cookie(name, source.get_cookie(name).value)
    return client
