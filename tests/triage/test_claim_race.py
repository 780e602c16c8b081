"""Two clinicians claiming one request at the same moment, on real threads and connections:
exactly one wins, whichever database decides (SQLite's write lock or PostgreSQL's row lock
and the version check)."""
import threading

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from intake.audit.models import AuditEvent
from intake.auth.models import Role, User
from intake.extensions import db
from intake.triage import services
from intake.triage.models import ConsultationRequest
from tests.conftest import make_user
from tests.factories import make_request

RACERS = 4


def test_exactly_one_of_several_simultaneous_claims_wins(app):
    clinician_ids = [make_user(Role.CLINICIAN).id for _ in range(RACERS)]
    request = make_request()
    public_id, rendered_version = request.public_id, request.version
    db.session.commit()  # the test holds no transaction (and so no SQLite lock) while they race
    on_postgres = db.engine.dialect.name == "postgresql"
    barrier = threading.Barrier(RACERS, timeout=30)
    outcomes = {}

    def claim(clinician_id):
        with app.app_context():
            try:
                if not on_postgres:
                    barrier.wait()  # SQLite: a reader waits for the writer, so line up first
                target = db.session.scalar(select(ConsultationRequest)
                                           .where(ConsultationRequest.public_id == public_id))
                actor = db.session.get(User, clinician_id)
                if on_postgres:
                    barrier.wait()  # everyone has read the same unclaimed version
                services.claim_request(target, actor=actor, version=rendered_version)
                db.session.commit()
                outcomes[clinician_id] = "won"
            except (services.RequestChanged, StaleDataError):
                db.session.rollback()
                outcomes[clinician_id] = "lost"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=claim, args=(cid,)) for cid in clinician_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["lost"] * (RACERS - 1) + ["won"]
    winner = next(cid for cid, outcome in outcomes.items() if outcome == "won")
    db.session.expire_all()
    claimed = db.session.scalar(select(ConsultationRequest)
                                .where(ConsultationRequest.public_id == public_id))
    assert claimed.assigned_to_id == winner
    claims = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request.claimed"))
    assert len(list(claims)) == 1
