"""Read-only selects for the clinicians' queue, the request page and the staff home.

The queue is keyset-paginated on (urgent, created_at, id) so a deep page costs what the first
does, and it is one SELECT whatever the page size: a UNION ALL of small index range scans, one
per (status, urgency, assignee) — each walks ix_requests_assignee_queue or
ix_requests_status_queue in order and stops after `limit` rows — merged and joined to the
requests, their clinician and their slot."""
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from cryptography.fernet import InvalidToken
from sqlalchemy import func, or_, select, true, tuple_, union_all
from sqlalchemy.orm import joinedload, load_only

from intake.auth.models import User
from intake.clock import utcnow
from intake.extensions import db
from intake.scheduling.models import Slot
from intake.security import crypto
from intake.security.blind_index import blind_index
from intake.triage.models import ConsultationRequest, ContactAttempt, RequestStatusChange
from intake.triage.workflow import EXITS, OPEN, RequestStatus

R = ConsultationRequest
C = ConsultationRequest.__table__.c  # the queue's scans are Core: cheaper to build per page
_S = RequestStatus
STATUS_GROUPS = {"open": sorted(OPEN), "closed": sorted(EXITS | {_S.CONVERTED}),
                 "all": sorted(RequestStatus)}
ASSIGNMENT_CHOICES = ("anyone", "mine", "unassigned")
PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
_ANYONE = object()
# What a queue row shows. Everything else (the narrative, contact details, answers) stays
# unread and undecrypted; touching it raises rather than quietly costing a query per row.
QUEUE_COLUMNS = load_only(R.id, R.public_id, R.reference, R.name, R.status, R.urgent,
                          R.created_at, R.status_changed_at, R.region, R.assigned_to_id,
                          R.slot_id, R.first_contacted_at, R.version, raiseload=True)


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"           # a status group above, or one status code
    assigned: str = "anyone"       # anyone | mine | unassigned
    urgent_only: bool = False
    region: str | None = None
    created_from: date | None = None   # practice-local dates, inclusive
    created_to: date | None = None
    search: str | None = None          # a reference, or a name matched exactly


@dataclass(frozen=True)
class Cursor:
    urgent: bool
    created_at: datetime
    id: int


@dataclass
class QueuePage:
    rows: list = field(default_factory=list)
    next_cursor: str | None = None


# -- who may see what ------------------------------------------------------------------------

def sees_clinical(viewer: User, request: ConsultationRequest) -> bool:
    """Clinicians read what a client wrote on requests that are unassigned or theirs."""
    return viewer.is_clinician and request.assigned_to_id in (None, viewer.id)


def may_see(viewer: User, request: ConsultationRequest) -> bool:
    """Admins see every request's status and timing; clinicians only their own or unassigned."""
    return viewer.is_admin or sees_clinical(viewer, request)


def _visible_to(viewer: User):
    if viewer.is_admin:
        return true()
    return or_(R.assigned_to_id.is_(None), R.assigned_to_id == viewer.id)


def request_for(public_id: str, viewer: User) -> ConsultationRequest | None:
    """The request if `viewer` may see it at all (callers answer 404 otherwise)."""
    request = db.session.scalar(select(R).where(R.public_id == public_id))
    if request is None or not may_see(viewer, request):
        return None
    return request


# -- the queue -------------------------------------------------------------------------------

def encode_cursor(cursor: Cursor) -> str:
    """Opaque (encrypted) so the integer id never leaves the server."""
    payload = json.dumps([cursor.urgent, cursor.created_at.isoformat(), cursor.id])
    return crypto.cipher().encrypt(payload.encode()).decode("ascii")


def decode_cursor(token: str | None) -> Cursor | None:
    """The cursor in `token`, or None (start at the top) if it is missing or not ours."""
    if not token:
        return None
    try:
        urgent, created_at, row_id = json.loads(crypto.cipher().decrypt(token.encode("ascii")))
        return Cursor(bool(urgent), datetime.fromisoformat(created_at), int(row_id))
    except (InvalidToken, ValueError, TypeError, UnicodeEncodeError):
        return None


def _statuses(filters: QueueFilters) -> list[str]:
    if filters.status in STATUS_GROUPS:
        return STATUS_GROUPS[filters.status]
    return [filters.status] if filters.status in set(RequestStatus) else STATUS_GROUPS["open"]


def _assignees(viewer: User, filters: QueueFilters) -> list:
    if filters.assigned == "mine":
        return [viewer.id]
    if filters.assigned == "unassigned":
        return [None]
    return [_ANYONE] if viewer.is_admin else [None, viewer.id]


def _urgencies(filters: QueueFilters, cursor: Cursor | None) -> list[bool]:
    wanted = [True] if filters.urgent_only else [True, False]
    # Urgent rows come first: once past them, only non-urgent rows remain.
    return [u for u in wanted if cursor is None or u <= cursor.urgent]


def local_day_start(day: date, zone) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(timezone.utc)


def _common_conditions(filters: QueueFilters, zone) -> list:
    conditions = []
    if filters.region:
        conditions.append(C.region == filters.region)
    if filters.created_from:
        conditions.append(C.created_at >= local_day_start(filters.created_from, zone))
    if filters.created_to:
        conditions.append(C.created_at < local_day_start(filters.created_to + timedelta(days=1), zone))
    if filters.search and filters.search.strip():
        term = filters.search.strip()
        conditions.append(or_(C.reference == term.upper(), C.name_index == blind_index(term)))
    return conditions


def _branch(status, urgent, assignee, conditions, cursor, limit):
    """One index range scan: ids of one status and urgency (and assignee), oldest first."""
    where = [C.status == status, C.urgent == urgent, *conditions]  # "=" (not IS) so it is an index key
    if assignee is None:
        where.append(C.assigned_to_id.is_(None))
    elif assignee is not _ANYONE:
        where.append(C.assigned_to_id == assignee)
    if cursor is not None and cursor.urgent == urgent:
        where.append(tuple_(C.created_at, C.id) > tuple_(cursor.created_at, cursor.id))
    scan = (select(C.id).where(*where).order_by(C.created_at, C.id).limit(limit)
            .subquery())
    return select(scan.c.id)


def queue_page(viewer: User, filters: QueueFilters, cursor: str | None = None,
               limit: int = PAGE_SIZE, *, zone=timezone.utc) -> QueuePage:
    """One page of the queue as `viewer` may see it: urgent first, then oldest first."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    after = decode_cursor(cursor)
    conditions = _common_conditions(filters, zone)
    branches = [_branch(s, u, a, conditions, after, limit + 1)
                for s in _statuses(filters) for u in _urgencies(filters, after)
                for a in _assignees(viewer, filters)]
    if not branches:
        return QueuePage()
    ids = union_all(*branches).subquery() if len(branches) > 1 else branches[0].subquery()
    query = (select(R).join(ids, R.id == ids.c.id)
             .options(QUEUE_COLUMNS, joinedload(R.assigned_to), joinedload(R.slot))
             .order_by(R.urgent.desc(), R.created_at, R.id).limit(limit + 1))
    rows = list(db.session.scalars(query))
    page = QueuePage(rows=rows[:limit])
    if len(rows) > limit:
        last = rows[limit - 1]
        page.next_cursor = encode_cursor(Cursor(last.urgent, last.created_at, last.id))
    return page


# -- the request page ------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str
    who: str | None


def history(request: ConsultationRequest) -> list[HistoryEntry]:
    """Status changes and contact attempts, newest first (no clinical text)."""
    from intake.triage.workflow import label
    from intake.vocabulary import CONTACT_METHODS, CONTACT_OUTCOMES
    from intake.vocabulary import label as vocab_label

    changes = db.session.execute(
        select(RequestStatusChange, User.display_name)
        .outerjoin(User, User.id == RequestStatusChange.actor_id)
        .where(RequestStatusChange.request_id == request.id)).all()
    entries = [HistoryEntry(c.created_at, f"Became {label(c.to_status)}" if c.from_status
                            else "Request received", name) for c, name in changes]
    attempts = db.session.execute(
        select(ContactAttempt, User.display_name).join(User, User.id == ContactAttempt.actor_id)
        .where(ContactAttempt.request_id == request.id)).all()
    entries += [HistoryEntry(a.attempted_at, f"{vocab_label(CONTACT_METHODS, a.method)}: "
                             f"{vocab_label(CONTACT_OUTCOMES, a.outcome).lower()}", name)
                for a, name in attempts]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def active_clinicians() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.is_clinician.is_(True), User.active.is_(True))
        .order_by(User.display_name)))


def case_for(request: ConsultationRequest):
    from intake.cases.models import Case
    return db.session.scalar(select(Case).where(Case.request_id == request.id))


# -- the staff home --------------------------------------------------------------------------

@dataclass(frozen=True)
class AtAGlance:
    urgent_waiting: int
    urgent_oldest: datetime | None
    unassigned: int
    mine_awaiting_contact: int | None
    today: list
    tomorrow: list


def _urgent_waiting(viewer: User):
    return db.session.execute(
        select(func.count(), func.min(R.created_at))
        .where(R.urgent.is_(True), R.first_contacted_at.is_(None),
               R.status.in_([_S.NEW, _S.IN_REVIEW]), _visible_to(viewer))).one()


def _count(*where) -> int:
    return db.session.scalar(select(func.count()).select_from(R).where(*where))


def consultations_between(viewer: User, start: datetime, end: datetime) -> list[ConsultationRequest]:
    """Booked consultations starting in [start, end): a clinician's own, or all for an admin."""
    mine = true() if viewer.is_admin else or_(R.assigned_to_id == viewer.id,
                                              Slot.clinician_id == viewer.id)
    return list(db.session.scalars(
        select(R).join(Slot, Slot.id == R.slot_id)
        .options(joinedload(R.slot).joinedload(Slot.clinician), joinedload(R.assigned_to))
        .where(R.status == _S.SCHEDULED, Slot.starts_at >= start, Slot.starts_at < end, mine)
        .order_by(Slot.starts_at)))


def at_a_glance(viewer: User, zone) -> AtAGlance:
    urgent_count, urgent_oldest = _urgent_waiting(viewer)
    today = utcnow().astimezone(zone).date()
    starts = [local_day_start(today + timedelta(days=n), zone) for n in range(3)]
    mine = (_count(R.assigned_to_id == viewer.id, R.status == _S.IN_REVIEW)
            if viewer.is_clinician else None)
    return AtAGlance(
        urgent_waiting=urgent_count, urgent_oldest=urgent_oldest,
        # New ones and any handed back to the queue: open, and nobody's yet.
        unassigned=_count(R.status.in_(OPEN), R.assigned_to_id.is_(None)),
        mine_awaiting_contact=mine,
        today=consultations_between(viewer, starts[0], starts[1]),
        tomorrow=consultations_between(viewer, starts[1], starts[2]),
    )

