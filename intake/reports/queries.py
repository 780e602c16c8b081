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


def first_contact(period, as_of):
    """One row: hours from request to the first contact attempt, median and 90th
    percentile, for all the period's contacted requests and for the urgent ones (one scan,
    two orderings)."""
    hours = seconds_between(Request.created_at, Request.first_contacted_at) / 3600.0
    contacted = (select(hours.label("value"), Request.urgent.label("urgent"))
                 .where(_created_in(period), Request.first_contacted_at.is_not(None))
                 .subquery())
    pos, n = ranked(contacted.c.value)
    group_pos, group_n = ranked(contacted.c.value, partition_by=contacted.c.urgent)
    ordered = select(contacted.c.value, contacted.c.urgent, pos, n,
                     group_pos.label("group_pos"), group_n.label("group_n")).subquery()
    o, urgent = ordered.c, ordered.c.urgent.is_(True)
    return select(
        func.count().label("contacted"),
        percentile(o.value, o.pos, o.n, 0.5).label("median"),
        percentile(o.value, o.pos, o.n, 0.9).label("p90"),
        count_where(urgent).label("urgent_contacted"),
        percentile(o.value, o.group_pos, o.group_n, 0.5, where=urgent).label("urgent_median"),
        percentile(o.value, o.group_pos, o.group_n, 0.9, where=urgent).label("urgent_p90"))


def requests_by_kind(period, as_of):
    """(urgent, referral source, requests, converted, not yet contacted): one pass over the
    period's requests feeds the referral table and the waiting counts."""
    return (select(Request.urgent, Request.referral_source, func.count().label("requests"),
                   count_where(Request.status == RequestStatus.CONVERTED).label("converted"),
                   count_where(Request.first_contacted_at.is_(None)).label("not_contacted"))
            .where(_created_in(period))
            .group_by(Request.urgent, Request.referral_source))


def _open_at(as_of):
    return and_(Case.opened_at < as_of,
                or_(Case.discharged_at.is_(None), Case.discharged_at >= as_of))


def caseload(period, as_of):
    """(clinician, phase, cases) for cases open at `as_of`, in the phase they were in then
    (their latest phase change before that instant)."""
    phase_then = (select(PhaseChange.to_phase)
                  .where(PhaseChange.case_id == Case.id, PhaseChange.created_at < as_of)
                  .order_by(PhaseChange.created_at.desc(), PhaseChange.id.desc())
                  .limit(1).scalar_subquery())
    open_cases = (select(Case.clinician_id, phase_then.label("phase"))
                  .where(_open_at(as_of))
                  .cte("open_cases").prefix_with("MATERIALIZED"))
    return (select(User.public_id.label("clinician"), User.display_name,
                   open_cases.c.phase, func.count().label("cases"))
            .join(User, User.id == open_cases.c.clinician_id)
            .where(open_cases.c.phase.is_not(None))
            .group_by(User.public_id, User.display_name, open_cases.c.phase)
            .order_by(User.display_name, User.public_id))


def phase_moves(period, as_of):
    """One row for the cases opened in the period: how many, how many moved to processing,
    how many came back to stabilization, and the median and 90th percentile of days in
    stabilization before the first move."""
    later = aliased(PhaseChange)
    first_processing = (select(func.min(PhaseChange.created_at))
                        .where(PhaseChange.case_id == Case.id,
                               PhaseChange.to_phase == Phase.PROCESSING)
                        .scalar_subquery())
    returned = exists().where(later.case_id == Case.id, later.from_phase == Phase.PROCESSING,
                              later.to_phase == Phase.STABILIZATION)
    # Materialized: the correlated subquery then runs once per case, not once per mention.
    cohort = (select(Case.opened_at, first_processing.label("first_processing"),
                     case((returned, 1), else_=0).label("returned"))
              .where(Case.opened_at >= period.start, Case.opened_at < period.end)
              .cte("phase_cohort").prefix_with("MATERIALIZED"))
    moved = cohort.c.first_processing.is_not(None)
    days = seconds_between(cohort.c.opened_at, cohort.c.first_processing) / 86400.0
    pos, n = ranked(days, partition_by=moved)
    ordered = select(cohort.c.first_processing, cohort.c.returned, days.label("value"),
                     pos, n).subquery()
    o, has_moved = ordered.c, ordered.c.first_processing.is_not(None)
    return select(func.count().label("cases"), func.count(o.first_processing).label("moved"),
                  func.coalesce(func.sum(o.returned), 0).label("returned"),
                  percentile(o.value, o.pos, o.n, 0.5, where=has_moved).label("median_days"),
                  percentile(o.value, o.pos, o.n, 0.9, where=has_moved).label("p90_days"))


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
    "requests_by_kind": requests_by_kind,
    "caseload": caseload,
    "phase_moves": phase_moves,
    "discharges": discharges,
    "weekly": weekly,
}


def run_all(session, period, as_of) -> dict[str, list]:
    """Every statement's rows (small result sets), keyed like STATEMENTS."""
    return {name: session.execute(build(period, as_of)).all() for name, build in STATEMENTS.items()}
