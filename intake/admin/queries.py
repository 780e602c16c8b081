"""Read-only selects for the admin screens: the staff list and the audit log."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from intake import audit
from intake.audit.models import AuditEvent
from intake.auth.models import User
from intake.clock import utcnow
from intake.extensions import db

PAGE_SIZE = 50
ACTOR_LABELS = {audit.SYSTEM: "System", audit.PUBLIC: "Public form"}


def staff() -> list[User]:
    """Everyone, active first, then by name."""
    return list(db.session.scalars(
        select(User).order_by(User.active.desc(), User.display_name, User.id)))


def find_staff(public_id: str) -> User | None:
    return db.session.scalar(select(User).where(User.public_id == public_id))


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""          # a user's public id, "system", "public", or "" for anyone
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: datetime | None = None   # UTC, inclusive
    until: datetime | None = None   # UTC, exclusive


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor_name: str
    target_name: str | None = None  # a staff account's display name, when the record is one


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older_than: int | None   # cursor for the next (older) page, if there is one
    newer_than: int | None   # cursor for the previous (newer) page, if there is one


def _conditions(filters: AuditFilters) -> list:
    conditions = []
    if filters.actor in ACTOR_LABELS:
        conditions.append(AuditEvent.actor_label == filters.actor)
    elif filters.actor:
        conditions.append(AuditEvent.actor_id == select(User.id).where(
            User.public_id == filters.actor).scalar_subquery())
    for column, value in ((AuditEvent.action, filters.action),
                          (AuditEvent.target_type, filters.target_type),
                          (AuditEvent.target_id, filters.target_id)):
        if value:
            conditions.append(column == value)
    if filters.since:
        conditions.append(AuditEvent.occurred_at >= filters.since)
    if filters.until:
        conditions.append(AuditEvent.occurred_at < filters.until)
    return conditions


def _any(conditions) -> bool:
    return bool(db.session.scalar(select(exists().where(*conditions))))


def audit_page(filters: AuditFilters, *, before: int | None = None, after: int | None = None,
               size: int = PAGE_SIZE) -> AuditPage:
    """One page of events, newest first, by keyset on id (no OFFSET: deep pages stay cheap)."""
    conditions = _conditions(filters)
    target = aliased(User)
    query = (select(AuditEvent, User.display_name, target.display_name)
             .outerjoin(User, User.id == AuditEvent.actor_id)
             .outerjoin(target, and_(AuditEvent.target_type == User.__tablename__,
                                     target.public_id == AuditEvent.target_id))
             .where(*conditions))
    if after is not None:
        found = list(db.session.execute(
            query.where(AuditEvent.id > after).order_by(AuditEvent.id).limit(size)))[::-1]
    else:
        if before is not None:
            query = query.where(AuditEvent.id < before)
        found = list(db.session.execute(query.order_by(AuditEvent.id.desc()).limit(size)))
    rows = [AuditRow(event, name or ACTOR_LABELS.get(event.actor_label, "Former account"), staff)
            for event, name, staff in found]
    if not rows:
        return AuditPage([], None, None)
    first, last = rows[0].event.id, rows[-1].event.id
    older = last if _any(conditions + [AuditEvent.id < last]) else None
    newer = first if _any(conditions + [AuditEvent.id > first]) else None
    return AuditPage(rows, older, newer)


def audit_choices() -> dict[str, list[str]]:
    """The actions and record types that occur, for the filter lists."""
    return {
        "actions": list(db.session.scalars(select(AuditEvent.action).distinct()
                                           .order_by(AuditEvent.action))),
        "target_types": list(db.session.scalars(
            select(AuditEvent.target_type).distinct().where(AuditEvent.target_type.is_not(None))
            .order_by(AuditEvent.target_type))),
    }


@dataclass(frozen=True)
class Attention:
    """What an admin may want to act on, for the admin home page."""
    active_staff: int
    without_slots: list[User]        # active clinicians with no open slot in the coming days
    temporary_passwords: list[User]  # active accounts still on a password an admin set


def attention(*, days: int = 14) -> Attention:
    from intake.scheduling.models import Slot
    from intake.triage.models import ConsultationRequest
    now = utcnow()
    open_slot = exists().where(
        Slot.clinician_id == User.id, Slot.withdrawn.is_(False), Slot.starts_at > now,
        Slot.starts_at < now + timedelta(days=days),
        ~exists().where(ConsultationRequest.slot_id == Slot.id))
    active = select(User).where(User.active.is_(True)).order_by(User.display_name, User.id)
    return Attention(
        active_staff=db.session.scalar(select(func.count()).select_from(active.subquery())),
        without_slots=list(db.session.scalars(active.where(User.is_clinician.is_(True),
                                                           ~open_slot))),
        temporary_passwords=list(db.session.scalars(
            active.where(User.must_change_password.is_(True)))),
    )
