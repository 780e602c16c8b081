"""The report's SQL: one read-only SELECT per figure, each an aggregate with a small result.

Every function takes the Period and the instant point-in-time figures are measured at
(`as_of`), and returns a statement; `STATEMENTS` lists them so the page and the benchmark
run exactly the same SQL. Nothing here decrypts or selects a name, reference or free text.
"""
from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from intake.auth.models import User
from intake.cases.models import Case, PhaseChange
from intake.cases.workflow import Phase
from intake.reports.sql import count_where, intervals_table, percentile, ranked, seconds_between
from intake.triage.models import ConsultationRequest as Request
from intake.triage.models import RequestStatusChange as StatusChange
from intake.triage.workflow import EXITS, RequestStatus

# How far along the funnel each status is; a request's stage is the furthest it ever got.
STAGE_RANK = {
    RequestStatus.CONTACTED: 1,
    RequestStatus.SCHEDULED: 2,
    RequestStatus.CONSULTED: 3,
    RequestStatus.CONVERTED: 4,
}


def _created_in(period):
    return and_(Request.created_at >= period.start, Request.created_at < period.end)


def funnel(period, as_of):
    """(furthest stage rank, requests): the period's requests by how far each ever got.

    Grouping on the subquery makes SQLite run it once per request (a column used in several
    aggregates would be re-evaluated in each)."""
    furthest = (select(func.max(case(STAGE_RANK, value=StatusChange.to_status)))
                .where(StatusChange.request_id == Request.id,
                       StatusChange.to_status.in_(list(STAGE_RANK)))
                .scalar_subquery())
    cohort = select(func.coalesce(furthest, 0).label("reached")).where(_created_in(period)).subquery()
    return (select(cohort.c.reached, func.count().label("requests"))
            .group_by(cohort.c.reached))


def exits(period, as_of):
    """(left from, exit status, count) for requests of the period that are now closed
    without a case; "left from" is the status before their latest move."""
    previous = (select(StatusChange.from_status)
                .where(StatusChange.request_id == Request.id)
                .order_by(StatusChange.id.desc()).limit(1)
                .scalar_subquery())
    closed = (select(previous.label("left_from"), Request.status.label("exit"))
              .where(_created_in(period), Request.status.in_(sorted(EXITS)))
              .subquery())
    return (select(closed.c.left_from, closed.c.exit, func.count().label("requests"))
            .group_by(closed.c.left_from, closed.c.exit))


def _percentiles(grouped):
    """(grp, n, median, p90) from a subquery of (grp, value)."""
    pos, n = ranked(grouped.c.value, partition_by=grouped.c.grp)
    ordered = select(grouped.c.grp, grouped.c.value, pos, n).subquery()
    return (select(ordered.c.grp, func.max(ordered.c.n).label("n"),
                   percentile(ordered.c.value, ordered.c.pos, ordered.c.n, 0.5).label("median"),
                   percentile(ordered.c.value, ordered.c.pos, ordered.c.n, 0.9).label("p90"))
            .group_by(ordered.c.grp))


def first_contact(period, as_of):
    """Hours from request to the first contact attempt: all requests, and urgent ones."""
    hours = seconds_between(Request.created_at, Request.first_contacted_at) / 3600.0
    contacted = and_(_created_in(period), Request.first_contacted_at.is_not(None))
    everyone = select(literal("all").label("grp"), hours.label("value")).where(contacted)
    urgent = (select(literal("urgent").label("grp"), hours.label("value"))
              .where(contacted, Request.urgent.is_(True)))
    return _percentiles(union_all(everyone, urgent).subquery())


def waiting(period, as_of):
    """(urgent, requests, still not contacted) for the period's requests."""
    return (select(Request.urgent, func.count().label("requests"),
                   count_where(Request.first_contacted_at.is_(None)).label("not_contacted"))
            .where(_created_in(period)).group_by(Request.urgent))


def referral_sources(period, as_of):
    """(source code, requests, converted) for the period's requests."""
    return (select(Request.referral_source, func.count().label("requests"),
                   count_where(Request.status == RequestStatus.CONVERTED).label("converted"))
            .where(_created_in(period)).group_by(Request.referral_source))


def _open_at(as_of):
    return and_(Case.opened_at < as_of,
                or_(Case.discharged_at.is_(None), Case.discharged_at >= as_of))


def caseload(period, as_of):
    """(clinician, phase, cases) for cases open at `as_of`, in the phase they were in then."""
    latest = (select(PhaseChange.case_id, PhaseChange.to_phase,
                     func.row_number().over(partition_by=PhaseChange.case_id,
                                            order_by=(PhaseChange.created_at.desc(),
                                                      PhaseChange.id.desc())).label("rn"))
              .join(Case, Case.id == PhaseChange.case_id)
              .where(PhaseChange.created_at < as_of, _open_at(as_of))
              .subquery())
    return (select(User.public_id.label("clinician"), User.display_name,
                   latest.c.to_phase.label("phase"), func.count().label("cases"))
            .select_from(latest)
            .join(Case, Case.id == latest.c.case_id)
            .join(User, User.id == Case.clinician_id)
            .where(latest.c.rn == 1)
            .group_by(User.public_id, User.display_name, latest.c.to_phase)
            .order_by(User.display_name, User.public_id))


def _phase_cohort(period):
    """Cases opened in the period: when each first moved to processing, and whether it
    ever came back to stabilization."""
    later = aliased(PhaseChange)
    first_processing = (select(func.min(PhaseChange.created_at))
                        .where(PhaseChange.case_id == Case.id,
                               PhaseChange.to_phase == Phase.PROCESSING)
                        .scalar_subquery())
    returned = exists().where(later.case_id == Case.id, later.from_phase == Phase.PROCESSING,
                              later.to_phase == Phase.STABILIZATION)
    return (select(Case.opened_at, first_processing.label("first_processing"),
                   case((returned, 1), else_=0).label("returned"))
            .where(Case.opened_at >= period.start, Case.opened_at < period.end)
            .subquery())


def phase_moves(period, as_of):
    """One row: cases opened, moved to processing, and returned to stabilization."""
    cohort = _phase_cohort(period)
    return select(func.count().label("cases"),
                  func.count(cohort.c.first_processing).label("moved"),
                  func.coalesce(func.sum(cohort.c.returned), 0).label("returned"))


def stabilization_days(period, as_of):
    """(grp, n, median, p90) of days in stabilization before the first move to processing."""
    cohort = _phase_cohort(period)
    days = seconds_between(cohort.c.opened_at, cohort.c.first_processing) / 86400.0
    moved = (select(literal("moved").label("grp"), days.label("value"))
             .where(cohort.c.first_processing.is_not(None)))
    return _percentiles(moved.subquery())


def discharges(period, as_of):
    """(reason code, cases) discharged in the period."""
    return (select(Case.discharge_reason, func.count().label("cases"))
            .where(Case.discharged_at >= period.start, Case.discharged_at < period.end)
            .group_by(Case.discharge_reason))


def weekly(period, as_of):
    """(kind, week index, count): requests received and conversions made in each week."""
    weeks = intervals_table("weeks", [(i, start, end)
                                      for i, (_, start, end) in enumerate(period.weeks())])
    received = (select(literal("requests").label("kind"), weeks.c.idx, func.count().label("n"))
                .select_from(weeks)
                .join(Request, and_(Request.created_at >= weeks.c.starts,
                                    Request.created_at < weeks.c.ends))
                .group_by(weeks.c.idx))
    converted = (select(literal("conversions").label("kind"), weeks.c.idx, func.count().label("n"))
                 .select_from(weeks)
                 .join(StatusChange, and_(StatusChange.to_status == RequestStatus.CONVERTED,
                                          StatusChange.created_at >= weeks.c.starts,
                                          StatusChange.created_at < weeks.c.ends))
                 .group_by(weeks.c.idx))
    return union_all(received, converted)


STATEMENTS = {
    "funnel": funnel,
    "exits": exits,
    "first_contact": first_contact,
    "waiting": waiting,
    "referral_sources": referral_sources,
    "caseload": caseload,
    "phase_moves": phase_moves,
    "stabilization_days": stabilization_days,
    "discharges": discharges,
    "weekly": weekly,
}


def run_all(session, period, as_of) -> dict[str, list]:
    """Every statement's rows (small result sets), keyed like STATEMENTS."""
    return {name: session.execute(build(period, as_of)).all() for name, build in STATEMENTS.items()}
