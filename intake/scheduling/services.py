"""Clinicians' availability: weekly hours, one-off slots and blocked dates. Callers commit.

Slots are never deleted. A booked slot (a request holds its id) is never withdrawn by a
change of hours or a blocked date: it is kept and reported back as a conflict."""
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from intake import audit
from intake.clock import utcnow
from intake.database import new_public_id
from intake.extensions import db
from intake.practice.services import current_settings
from intake.scheduling import weekly
from intake.scheduling.models import BlockedDate, Slot, WeeklyHours

DEFAULT_WEEKS = 4
MAX_WEEKS = 26


class AvailabilityError(ValueError):
    """A change of availability that cannot be made, with a message for the person."""


@dataclass(frozen=True)
class Outcome:
    """What a change did to the clinician's slots."""
    created: int = 0
    reinstated: int = 0
    withdrawn: int = 0
    conflicts: tuple[datetime, ...] = ()  # starts of booked slots kept despite the change

    def __bool__(self) -> bool:
        """Whether the change touched any slot (or kept a booking against it)."""
        return bool(self.created or self.reinstated or self.withdrawn or self.conflicts)

    def __add__(self, other: "Outcome") -> "Outcome":
        return Outcome(self.created + other.created, self.reinstated + other.reinstated,
                       self.withdrawn + other.withdrawn,
                       tuple(sorted(set(self.conflicts) | set(other.conflicts))))


def _booked():
    from intake.triage.models import ConsultationRequest
    return exists().where(ConsultationRequest.slot_id == Slot.id)


def _zone():
    return current_settings().zone


def local_today() -> date:
    return utcnow().astimezone(_zone()).date()


def weekly_hours(clinician) -> list[WeeklyHours]:
    return list(db.session.scalars(
        select(WeeklyHours).where(WeeklyHours.clinician_id == clinician.id)
        .order_by(WeeklyHours.weekday, WeeklyHours.starts_at)))


def _hours(clinician) -> list[weekly.Hours]:
    return [weekly.Hours(h.weekday, h.starts_at, h.ends_at) for h in weekly_hours(clinician)]


def blocked_dates(clinician, *, since: date | None = None) -> list[BlockedDate]:
    query = select(BlockedDate).where(BlockedDate.clinician_id == clinician.id)
    if since is not None:
        query = query.where(BlockedDate.day >= since)
    return list(db.session.scalars(query.order_by(BlockedDate.day)))


def _blocked_days(clinician) -> set[date]:
    return {b.day for b in blocked_dates(clinician, since=local_today())}


# -- weekly hours -----------------------------------------------------------------------

def _offering(clinician) -> None:
    if not (clinician.active and clinician.is_clinician):
        raise AvailabilityError("This account is deactivated or no longer a clinician's, so it "
                                "offers no consultations.")


def add_weekly_hours(clinician, *, weekday: int, start: time, end: time, actor,
                     weeks: int = DEFAULT_WEEKS) -> Outcome:
    """Add a block of weekly hours and generate its slots for the coming weeks."""
    _offering(clinician)
    problem = weekly.hours_problem(start, end)
    if problem:
        raise AvailabilityError(problem)
    clash = weekly.overlapping(weekly.Hours(weekday, start, end), _hours(clinician))
    if clash:
        raise AvailabilityError(
            f"That overlaps the {weekly.WEEKDAYS[clash.weekday]} hours "
            f"{clash.start:%H:%M}–{clash.end:%H:%M}; remove those first or choose other times.")
    db.session.add(WeeklyHours(clinician_id=clinician.id, weekday=weekday,
                               starts_at=start, ends_at=end))
    db.session.flush()
    audit.record(actor, "availability.hours.add", clinician,
                 detail=f"weekday={weekday},{start:%H:%M}-{end:%H:%M}")
    return generate_slots(clinician, weeks=weeks, actor=actor)


def remove_weekly_hours(hours: WeeklyHours, clinician, *, actor) -> Outcome:
    """Remove a block of hours; its open future slots are withdrawn, booked ones kept."""
    detail = f"weekday={hours.weekday},{hours.starts_at:%H:%M}-{hours.ends_at:%H:%M}"
    db.session.delete(hours)
    db.session.flush()
    outcome = reconcile(clinician)
    audit.record(actor, "availability.hours.remove", clinician,
                 detail=f"{detail},withdrawn={outcome.withdrawn},conflicts={len(outcome.conflicts)}")
    return outcome


# -- generation -------------------------------------------------------------------------

def generate_slots(clinician, *, weeks: int = DEFAULT_WEEKS, actor,
                   first: date | None = None, days: int | None = None) -> Outcome:
    """Create the slots the weekly hours give for the coming weeks (idempotent).

    Existing slots are kept as they are; a slot withdrawn earlier at a time the hours give
    again is reinstated; a new time that would overlap another open slot is skipped."""
    zone = _zone()
    first = first or local_today()
    starts = weekly.starts_between(first, days or weeks * 7, _hours(clinician), zone,
                                   _blocked_days(clinician))
    now = utcnow()
    starts = {s for s in starts if s > now}
    if not starts:
        return Outcome()
    existing = _slots_between(clinician, min(starts) - weekly.SLOT, max(starts) + weekly.SLOT)
    by_start = {s.starts_at: s for s in existing}
    open_starts = sorted(s.starts_at for s in existing if not s.withdrawn)
    new = sorted(s for s in starts if s not in by_start and not _overlaps(s, open_starts))
    revived = [by_start[s] for s in starts if s in by_start and by_start[s].withdrawn]
    _insert_weekly_slots(clinician, new)
    for slot in revived:
        slot.withdrawn = False
    db.session.flush()
    outcome = Outcome(created=len(new), reinstated=len(revived))
    if new or revived:
        audit.record(actor, "availability.generate", clinician,
                     detail=f"days={days or weeks * 7},created={len(new)},reinstated={len(revived)}")
    return outcome


def _overlaps(start: datetime, open_starts: list[datetime]) -> bool:
    return any(abs(start - other) < weekly.SLOT for other in open_starts if other != start)


def _slots_between(clinician, start: datetime, end: datetime) -> list[Slot]:
    return list(db.session.scalars(
        select(Slot).where(Slot.clinician_id == clinician.id, Slot.starts_at >= start,
                           Slot.starts_at <= end)))


def _insert_weekly_slots(clinician, starts: list[datetime]) -> None:
    """Insert, letting the database skip any (clinician, start) another transaction just made."""
    if not starts:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    rows = [dict(public_id=new_public_id(), clinician_id=clinician.id, starts_at=start,
                 ends_at=start + weekly.SLOT, source="weekly", withdrawn=False, created_at=now)
            for start in starts]
    db.session.execute(
        insert(Slot).on_conflict_do_nothing(index_elements=["clinician_id", "starts_at"]), rows)


# -- withdrawing what no longer fits ----------------------------------------------------

def reconcile(clinician) -> Outcome:
    """Withdraw open future slots that the hours and blocked dates no longer give.

    A weekly slot fits if the hours give its exact start on its local date; a one-off slot
    fits unless its date is blocked. Booked slots that do not fit are kept and reported."""
    zone, hours, blocked = _zone(), _hours(clinician), _blocked_days(clinician)
    given: dict[date, set[datetime]] = {}

    def fits(slot: Slot) -> bool:
        day = slot.starts_at.astimezone(zone).date()
        if day in blocked:
            return False
        if slot.source != "weekly":
            return True
        if day not in given:
            given[day] = weekly.starts_on(day, hours, zone)
        return slot.starts_at in given[day]

    misfits = [s for s in _future_open_slots(clinician) if not fits(s)]
    return _withdraw_unbooked(misfits)


def _future_open_slots(clinician) -> list[Slot]:
    return list(db.session.scalars(
        select(Slot).where(Slot.clinician_id == clinician.id, Slot.withdrawn.is_(False),
                           Slot.starts_at > utcnow()).order_by(Slot.starts_at)))


def _withdraw_unbooked(slots: list[Slot]) -> Outcome:
    """Withdraw the unbooked ones among `slots`; the booked ones come back as conflicts."""
    if not slots:
        return Outcome()
    ids = [s.id for s in slots]
    locked = select(Slot.id).where(Slot.id.in_(ids))
    if db.session.get_bind().dialect.name == "postgresql":
        # A booking that has already referenced one of these rows holds a key-share lock;
        # waiting for it here means the NOT EXISTS below sees that booking.
        db.session.execute(locked.with_for_update())
    db.session.execute(
        update(Slot).where(Slot.id.in_(ids), ~_booked()).values(withdrawn=True)
        .execution_options(synchronize_session=False))
    booked = set(db.session.scalars(select(Slot.id).where(Slot.id.in_(ids), _booked())))
    for slot in slots:
        db.session.expire(slot, ["withdrawn"])
    return Outcome(withdrawn=len(ids) - len(booked),
                   conflicts=tuple(sorted(s.starts_at for s in slots if s.id in booked)))


def withdraw_open_slots(clinician, *, actor) -> Outcome:
    """Withdraw every open future slot (e.g. on deactivation); booked ones are reported."""
    outcome = _withdraw_unbooked(_future_open_slots(clinician))
    if outcome.withdrawn or outcome.conflicts:
        audit.record(actor, "availability.withdraw_all", clinician,
                     detail=f"withdrawn={outcome.withdrawn},conflicts={len(outcome.conflicts)}")
    return outcome


# -- one-off slots ----------------------------------------------------------------------

def add_one_off_slot(clinician, *, day: date, at: time, actor) -> Slot:
    """An extra 20-minute slot outside the weekly hours."""
    _offering(clinician)
    start = weekly.local_to_utc(day, at, _zone())
    if start is None:
        raise AvailabilityError("That time does not exist on that day: the clocks go forward.")
    if start <= utcnow():
        raise AvailabilityError("That time has already passed.")
    if day in _blocked_days(clinician):
        raise AvailabilityError("That date is blocked; unblock it first.")
    nearby = _slots_between(clinician, start - weekly.SLOT, start + weekly.SLOT)
    same = next((s for s in nearby if s.starts_at == start), None)
    if any(not s.withdrawn and abs(s.starts_at - start) < weekly.SLOT for s in nearby):
        raise AvailabilityError("There is already a slot at or overlapping that time.")
    if same is not None:  # withdrawn earlier: the row (unique on clinician and start) returns
        same.withdrawn, same.source, slot = False, "one_off", same
    else:
        slot = Slot(clinician_id=clinician.id, starts_at=start, ends_at=start + weekly.SLOT,
                    source="one_off")
        db.session.add(slot)
    db.session.flush()
    audit.record(actor, "slot.create", slot, detail="one_off")
    return slot


def withdraw_one_off_slot(slot: Slot, *, actor) -> None:
    """Withdraw a one-off slot nobody has booked. Weekly slots follow the hours instead."""
    if slot.source == "weekly":
        raise AvailabilityError("This slot comes from the weekly hours: change the hours or "
                                "block the date instead.")
    outcome = _withdraw_unbooked([slot])
    if outcome.conflicts:
        raise AvailabilityError("This slot is booked, so it stays. Contact the client through "
                                "the request to rearrange.")
    audit.record(actor, "slot.withdraw", slot, detail="one_off")


# -- blocked dates ----------------------------------------------------------------------

def block_date(clinician, *, day: date, actor) -> Outcome:
    """No consultations on `day`: its open slots are withdrawn, booked ones reported."""
    if day < local_today():
        raise AvailabilityError("That date has already passed.")
    if day in _blocked_days(clinician):
        raise AvailabilityError("That date is already blocked.")
    db.session.add(BlockedDate(clinician_id=clinician.id, day=day))
    db.session.flush()
    outcome = reconcile(clinician)
    audit.record(actor, "availability.block", clinician,
                 detail=f"date={day.isoformat()},withdrawn={outcome.withdrawn},"
                        f"conflicts={len(outcome.conflicts)}")
    return outcome


def unblock_date(blocked: BlockedDate, clinician, *, actor) -> Outcome:
    """Offer `day` again: the weekly hours' slots for it come back."""
    day = blocked.day
    db.session.delete(blocked)
    db.session.flush()
    audit.record(actor, "availability.unblock", clinician, detail=f"date={day.isoformat()}")
    return generate_slots(clinician, actor=actor, first=day, days=1)


# -- keeping slots weeks ahead ----------------------------------------------------------

def refresh_all(*, weeks: int, actor) -> dict[str, Outcome]:
    """For every active clinician with weekly hours: withdraw misfits, generate ahead."""
    from intake.auth.models import User
    clinicians = db.session.scalars(
        select(User).where(User.active.is_(True), User.is_clinician.is_(True),
                           exists().where(WeeklyHours.clinician_id == User.id))
        .order_by(User.id))
    return {c.public_id: reconcile(c) + generate_slots(c, weeks=weeks, actor=actor)
            for c in clinicians}
