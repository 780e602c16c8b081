"""Writing and verifying the audit chain. record() joins the caller's transaction."""
import hashlib
import hmac
import json
from dataclasses import dataclass

from flask import current_app, has_request_context, request
from sqlalchemy import select, text

from intake.audit.models import AuditEvent
from intake.clock import utcnow
from intake.extensions import db

GENESIS = "0" * 64
PUBLIC = "public"
SYSTEM = "system"
# Any constant works; it names the one lock every audit append takes on PostgreSQL.
_PG_CHAIN_LOCK = 0x1A7A_4E0


def _key() -> bytes:
    return current_app.config["AUDIT_KEY"].encode("utf-8")


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.id,
            event.occurred_at.isoformat(),
            event.actor_id,
            event.actor_label,
            event.action,
            event.target_type,
            event.target_id,
            event.detail,
            event.ip,
            event.prev_hash,
        ],
        separators=(",", ":"),
    )
    return hmac.new(_key(), payload.encode("utf-8"), hashlib.sha256).hexdigest()


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None or actor == PUBLIC:
        return None, PUBLIC
    if actor == SYSTEM:
        return None, SYSTEM
    return actor.id, f"user:{actor.public_id}"


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def _last_event() -> AuditEvent | None:
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends so two transactions never chain onto the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()


def record(actor, action: str, target=None, *, detail: str | None = None,
           target_type: str | None = None, target_id: str | None = None) -> AuditEvent:
    """Append one event in the caller's transaction (the caller commits).

    `target` is any model with a public_id; its table name becomes the target type.
    """
    if target is not None:
        target_type = target_type or target.__tablename__
        target_id = target_id or target.public_id
    actor_id, actor_label = _actor_fields(actor)
    previous = _last_event()
    event = AuditEvent(
        id=(previous.id + 1) if previous else 1,
        occurred_at=utcnow(),
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
        ip=_client_ip(),
        prev_hash=previous.hash if previous else GENESIS,
    )
    event.hash = _digest(event)
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify(batch_size: int = 5000) -> ChainReport:
    """Walk the whole chain; name the first event whose link or HMAC does not hold."""
    query = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=batch_size)
    events = db.session.scalars(query)
    try:
        return _walk(events)
    finally:
        events.close()  # a server-side cursor on PostgreSQL; release it even on an early return


def _walk(events) -> ChainReport:
    expected_prev, expected_id, checked = GENESIS, 1, 0
    for event in events:
        if event.id != expected_id:
            return ChainReport(checked, event.id, f"event {expected_id} is missing")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.id, "does not link to the event before it")
        if not hmac.compare_digest(event.hash, _digest(event)):
            return ChainReport(checked, event.id, "contents do not match their hash")
        expected_prev, expected_id, checked = event.hash, event.id + 1, checked + 1
    return ChainReport(checked, None, None)
