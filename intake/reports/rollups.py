"""Keeping the daily roll-ups (models.py) equal to what the source tables say.

Each local day is recomputed whole from the source rows of that day: requests received,
status changes made, cases opened, phase changes and discharges. `refresh` does that for the
days marked dirty since the last refresh (a few, normally) and `rebuild` for every day, which
is also what happens the first time and after the practice's time zone changes.
"""
import math
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import (Column, Integer, MetaData, Table, and_, case, cast, delete, func, insert,
                        literal, or_, select, text, union_all)
from sqlalchemy.schema import CreateTable

from intake.cases.models import Case, CaseHandover, PhaseChange
from intake.cases.workflow import Phase
from intake.clock import utcnow
from intake.database import UTCDateTime
from intake.practice.services import current_settings
from intake.reports.models import (NONE, CaseCohortDay, CaseloadChange, ConversionDay, DirtyDay,
                                   DischargeDay, Duration, DurationBucket, RequestDay, RollupState)
from intake.reports.periods import local_midnight
from intake.reports.sql import seconds_between
from intake.triage.models import ConsultationRequest as Request
from intake.triage.models import RequestStatusChange as StatusChange
from intake.triage.workflow import EXITS, RequestStatus

STATE_ID = 1
DAILY_TABLES = [RequestDay, ConversionDay, CaseCohortDay, CaseloadChange, DischargeDay,
                Duration, DurationBucket]

# How far along the funnel each status is; a request's stage is the furthest it ever got.
STAGE_RANK = {
    RequestStatus.CONTACTED: 1,
    RequestStatus.SCHEDULED: 2,
    RequestStatus.CONSULTED: 3,
    RequestStatus.CONVERTED: 4,
}

FIRST_CONTACT = "first_contact_hours"
URGENT_FIRST_CONTACT = "urgent_first_contact_hours"
STABILIZATION = "stabilization_days"
# Eight buckets per doubling (each about 9% wide); waits under 2^-10 of the unit share one.
BUCKETS_PER_DOUBLING = 8
SMALLEST = 2.0 ** -10
SMALLEST_BUCKET = -10 * BUCKETS_PER_DOUBLING


def bucket_of(value):
    """The SQL bucket number of a wait (floor of 8 × log2 of it)."""
    scaled = func.floor(func.ln(value) * (BUCKETS_PER_DOUBLING / math.log(2)))
    return case((value < SMALLEST, SMALLEST_BUCKET), else_=cast(scaled, Integer))


# The days being recomputed, with their UTC bounds: the statements below join source rows to
# it, so one statement covers one day or a year. A temporary table (each connection has its
# own; refreshes also take turns on the state row's lock), so nothing persists.
WANTED = Table("report_wanted_days", MetaData(),
               Column("day", Integer, primary_key=True),
               Column("starts_at", UTCDateTime(), nullable=False),
               Column("ends_at", UTCDateTime(), nullable=False),
               prefixes=["TEMPORARY"])


def _on_wanted_day(column):
    return and_(column >= WANTED.c.starts_at, column < WANTED.c.ends_at)


def _want(session, days: list[date], zone: ZoneInfo) -> None:
    session.execute(CreateTable(WANTED, if_not_exists=True))
    session.execute(delete(WANTED))
    session.execute(insert(WANTED), [
        {"day": d.toordinal(), "starts_at": local_midnight(d, zone),
         "ends_at": local_midnight(d + timedelta(days=1), zone)} for d in days])


# -- refreshing -------------------------------------------------------------------------------
def refresh(session) -> int:
    """Bring the roll-ups up to date; returns how many days were recomputed.

    The state row's lock makes concurrent refreshes take turns (PostgreSQL; SQLite's
    writers already do). Dirty marks are read before the source rows, so a change committed
    after that read leaves a mark this refresh does not delete."""
    zone = current_settings().zone
    state = _locked_state(session)
    if state.zone != zone.key:
        return _rebuild(session, state, zone)
    marks = session.execute(select(DirtyDay.id, DirtyDay.utc_day)).all()
    if not marks:
        return 0
    days = sorted({local for _, utc_day in marks for local in local_days_of(utc_day, zone)})
    recompute(session, days, zone)
    session.execute(delete(DirtyDay).where(DirtyDay.id.in_([mark_id for mark_id, _ in marks])))
    session.flush()
    return len(days)


def rebuild(session) -> int:
    """Every day from scratch: after rows were written around the ORM (bulk inserts)."""
    return _rebuild(session, _locked_state(session), current_settings().zone)


def _locked_state(session) -> RollupState:
    state = session.execute(select(RollupState).where(RollupState.id == STATE_ID)
                            .with_for_update()).scalar_one_or_none()
    if state is None:  # the migration writes it; an emptied database may not have it
        state = RollupState(id=STATE_ID)
        session.add(state)
    return state


def _rebuild(session, state: RollupState, zone: ZoneInfo) -> int:
    days = _recompute_every_day(session, zone)
    state.zone, state.built_at = zone.key, utcnow()
    session.flush()
    return days


def local_days_of(utc_day: date, zone: ZoneInfo) -> set[date]:
    """The local dates a UTC date overlaps (one or two)."""
    start = datetime.combine(utc_day, datetime.min.time(), tzinfo=timezone.utc)
    last = start + timedelta(days=1) - timedelta(microseconds=1)
    return {start.astimezone(zone).date(), last.astimezone(zone).date()}


def _recompute_every_day(session, zone: ZoneInfo) -> int:
    """Every day from the first record to the last."""
    session.execute(delete(DirtyDay))
    for table in DAILY_TABLES:  # rows of days outside the span (an older zone's) go too
        session.execute(delete(table))
    first, last = _recorded_span(session)
    if first is None:
        return 0
    day, final = first.astimezone(zone).date(), last.astimezone(zone).date()
    days = [day + timedelta(days=i) for i in range((final - day).days + 1)]
    recompute(session, days, zone)
    return len(days)


def _recorded_span(session):
    """The earliest and latest instant any counted record carries."""
    earliest = [func.min(Request.created_at), func.min(Case.opened_at)]
    latest = [func.max(Request.created_at), func.max(StatusChange.created_at),
              func.max(Case.opened_at), func.max(Case.discharged_at),
              func.max(PhaseChange.created_at)]
    firsts = [session.scalar(select(column)) for column in earliest]
    lasts = [session.scalar(select(column)) for column in latest]
    firsts, lasts = [v for v in firsts if v], [v for v in lasts if v]
    if not firsts:
        return None, None
    return min(firsts), max(lasts)


def recompute(session, days: list[date], zone: ZoneInfo) -> None:
    """Replace the roll-up rows of these local days with counts from the source tables."""
    if not days:
        return
    _want(session, days, zone)
    for table in DAILY_TABLES:
        session.execute(delete(table).where(table.day.in_(select(WANTED.c.day))))
    with _no_automatic_indexes(session):
        for statement in (_request_rows(), _conversion_rows(), _cohort_rows(), _caseload_rows(),
                          _discharge_rows(), *_duration_rows(), _bucket_rows()):
            session.execute(statement)


@contextmanager
def _no_automatic_indexes(session):
    """SQLite knows nothing of the wanted days' table and would build a throwaway index over
    every status change (2 s at a million requests) rather than range-search the real one."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.execute(text("PRAGMA automatic_index = OFF"))
    try:
        yield
    finally:
        if sqlite:
            session.execute(text("PRAGMA automatic_index = ON"))


# -- the wanted days' rows, as INSERT … SELECT ----------------------------------------------
W = WANTED.c


def _request_rows():
    furthest = (select(func.max(case(STAGE_RANK, value=StatusChange.to_status)))
                .where(StatusChange.request_id == Request.id,
                       StatusChange.to_status.in_(list(STAGE_RANK)))
                .scalar_subquery())
    # A closed request's latest change is the one into its current status.
    previous = (select(StatusChange.from_status)
                .where(StatusChange.request_id == Request.id,
                       StatusChange.to_status == Request.status)
                .order_by(StatusChange.id.desc()).limit(1)
                .scalar_subquery())
    closed = Request.status.in_(sorted(EXITS))
    each = (select(W.day,
                   func.coalesce(Request.referral_source, NONE).label("referral_source"),
                   Request.urgent.label("urgent"),
                   Request.first_contacted_at.is_not(None).label("contacted"),
                   func.coalesce(furthest, 0).label("reached"),
                   case((closed, func.coalesce(previous, NONE)), else_=NONE).label("left_from"),
                   case((closed, Request.status), else_=NONE).label("exit_status"))
            .join(Request, _on_wanted_day(Request.created_at))
            .subquery())
    keys = [each.c.day, each.c.referral_source, each.c.urgent, each.c.contacted,
            each.c.reached, each.c.left_from, each.c.exit_status]
    return insert(RequestDay).from_select(
        ["day", "referral_source", "urgent", "contacted", "reached", "left_from", "exit_status",
         "requests"], select(*keys, func.count()).group_by(*keys))


def _conversion_rows():
    converted = (select(W.day, func.count())
                 .join(StatusChange, _on_wanted_day(StatusChange.created_at))
                 .where(StatusChange.to_status == RequestStatus.CONVERTED)
                 .group_by(W.day))
    return insert(ConversionDay).from_select(["day", "conversions"], converted)


def _phase_flags():
    """Per case: when it first moved to processing, and whether it ever came back."""
    first_processing = (select(func.min(PhaseChange.created_at))
                        .where(PhaseChange.case_id == Case.id,
                               PhaseChange.to_phase == Phase.PROCESSING)
                        .scalar_subquery())
    returned = (select(PhaseChange.id)
                .where(PhaseChange.case_id == Case.id,
                       PhaseChange.from_phase == Phase.PROCESSING,
                       PhaseChange.to_phase == Phase.STABILIZATION)
                .exists())
    return first_processing, returned


def _cohort_rows():
    first_processing, returned = _phase_flags()
    each = (select(W.day, first_processing.is_not(None).label("moved"),
                   returned.label("returned"))
            .join(Case, _on_wanted_day(Case.opened_at)).subquery())
    keys = [each.c.day, each.c.moved, each.c.returned]
    return insert(CaseCohortDay).from_select(["day", "moved", "returned", "cases"],
                                             select(*keys, func.count()).group_by(*keys))


def _holder_at(moment):
    """Who held the case at `moment`: the giver of the first handover at or after it, or else
    whoever holds it now. (A move made at the very instant of a handover is the giver's.)"""
    giver = (select(CaseHandover.from_clinician_id)
             .where(CaseHandover.case_id == Case.id, CaseHandover.created_at >= moment)
             .order_by(CaseHandover.created_at, CaseHandover.id)
             .limit(1).scalar_subquery())
    return func.coalesce(giver, Case.clinician_id)


def _phase_at(moment, *, strictly_before: bool = False):
    """The phase the case was in at `moment`: its latest phase change up to then (or before
    then, for a discharge: a move at the instant of discharge is not counted either)."""
    made = PhaseChange.created_at < moment if strictly_before else PhaseChange.created_at <= moment
    return (select(PhaseChange.to_phase)
            .where(PhaseChange.case_id == Case.id, made)
            .order_by(PhaseChange.created_at.desc(), PhaseChange.id.desc())
            .limit(1).scalar_subquery())


def _caseload_rows():
    """+1 into and -1 out of a phase for each move made that day while the case was open,
    -1 out of the phase a case was in when it was discharged that day, and for a handover
    that day -1 to the giver and +1 to the taker in the phase the case was in. Each change
    is credited to whoever held the case at that moment."""
    still_open = or_(Case.discharged_at.is_(None), PhaseChange.created_at < Case.discharged_at)
    moves = (select(W.day, _holder_at(PhaseChange.created_at).label("clinician_id"),
                    PhaseChange.from_phase, PhaseChange.to_phase)
             .join(PhaseChange, _on_wanted_day(PhaseChange.created_at))
             .join(Case, Case.id == PhaseChange.case_id)
             .where(still_open)
             .subquery())
    into = select(moves.c.day, moves.c.clinician_id, moves.c.to_phase.label("phase"),
                  literal(1).label("change"))
    out_of = (select(moves.c.day, moves.c.clinician_id, moves.c.from_phase.label("phase"),
                     literal(-1).label("change"))
              .where(moves.c.from_phase.is_not(None)))
    discharged = (select(W.day, _holder_at(Case.discharged_at),
                         _phase_at(Case.discharged_at, strictly_before=True).label("phase"),
                         literal(-1).label("change"))
                  .join(Case, _on_wanted_day(Case.discharged_at)))
    changes = union_all(into, out_of, discharged, *_handover_rows()).subquery()
    keys = [changes.c.day, changes.c.clinician_id, changes.c.phase]
    grouped = (select(*keys, func.sum(changes.c.change))
               .where(changes.c.phase.is_not(None)).group_by(*keys))
    return insert(CaseloadChange).from_select(["day", "clinician_id", "phase", "change"], grouped)


def _handover_rows():
    """The giver's -1 and the taker's +1 for each handover made that day while the case was
    open, in the phase it was in."""
    handed = (select(W.day, CaseHandover.from_clinician_id, CaseHandover.to_clinician_id,
                     _phase_at(CaseHandover.created_at).label("phase"))
              .join(CaseHandover, _on_wanted_day(CaseHandover.created_at))
              .join(Case, Case.id == CaseHandover.case_id)
              .where(Case.opened_at <= CaseHandover.created_at,
                     or_(Case.discharged_at.is_(None),
                         CaseHandover.created_at < Case.discharged_at))
              .subquery())
    given = select(handed.c.day, handed.c.from_clinician_id, handed.c.phase, literal(-1))
    taken = select(handed.c.day, handed.c.to_clinician_id, handed.c.phase, literal(1))
    return given, taken


def _discharge_rows():
    reason = func.coalesce(Case.discharge_reason, NONE)
    grouped = (select(W.day, reason, func.count())
               .join(Case, _on_wanted_day(Case.discharged_at)).group_by(W.day, reason))
    return insert(DischargeDay).from_select(["day", "reason", "cases"], grouped)


def _duration_rows():
    columns = ["measure", "source_id", "day", "bucket", "value"]
    hours = seconds_between(Request.created_at, Request.first_contacted_at) / 3600.0
    contacted = Request.first_contacted_at.is_not(None)
    for measure, condition in ((FIRST_CONTACT, contacted),
                               (URGENT_FIRST_CONTACT, and_(contacted, Request.urgent.is_(True)))):
        yield insert(Duration).from_select(columns, select(
            literal(measure), Request.id, W.day, bucket_of(hours), hours)
            .join(Request, _on_wanted_day(Request.created_at)).where(condition))
    first_processing, _ = _phase_flags()
    moved = (select(W.day, Case.id.label("case_id"), Case.opened_at, first_processing.label("at"))
             .join(Case, _on_wanted_day(Case.opened_at)).subquery())
    days = seconds_between(moved.c.opened_at, moved.c.at) / 86400.0
    yield insert(Duration).from_select(columns, select(
        literal(STABILIZATION), moved.c.case_id, moved.c.day, bucket_of(days), days)
        .where(moved.c.at.is_not(None)))


def _bucket_rows():
    keys = [Duration.day, Duration.measure, Duration.bucket]
    grouped = (select(*keys, func.count())
               .where(Duration.day.in_(select(W.day))).group_by(*keys))
    return insert(DurationBucket).from_select(["day", "measure", "bucket", "durations"], grouped)
