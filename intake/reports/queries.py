"""The report's SQL: one read-only SELECT per figure, each an aggregate with a small result.

Every function takes the Period and the instant point-in-time figures are measured at
(`as_of`), and returns a statement; `STATEMENTS` lists them so the page and the benchmark
run exactly the same SQL. Nothing here decrypts or selects a name, reference or free text.
"""
from sqlalchemy import and_, case, func, literal, or_, select, true, union_all

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
    # The latest change of a closed request is the one into its current status.
    previous = (select(StatusChange.from_status)
                .where(StatusChange.request_id == Request.id,
                       StatusChange.to_status == Request.status)
                .order_by(StatusChange.id.desc()).limit(1)
                .scalar_subquery())
    closed = (select(previous.label("left_from"), Request.status.label("exit"))
              .where(_created_in(period), Request.status.in_(sorted(EXITS)))
              .subquery())
    return (select(closed.c.left_from, closed.c.exit, func.count().label("requests"))
            .group_by(closed.c.left_from, closed.c.exit))


def _percentiles(values, group: str):
    """One row (group, n, median, p90) of a subquery's `value` column.

    An unpartitioned window per group: SQLite sorts a partitioned window far more slowly."""
    pos, n = ranked(values.c.value)
    ordered = select(values.c.value, pos, n).subquery()
    o = ordered.c
    return select(literal(group).label("grp"), func.count().label("n"),
                  percentile(o.value, o.pos, o.n, 0.5).label("median"),
                  percentile(o.value, o.pos, o.n, 0.9).label("p90"))


def first_contact(period, as_of):
    """(group, n, median, p90) of hours from request to the first contact attempt, for all
    the period's contacted requests and for the urgent ones."""
    hours = seconds_between(Request.created_at, Request.first_contacted_at) / 3600.0
    contacted = and_(_created_in(period), Request.first_contacted_at.is_not(None))
    everyone = select(hours.label("value")).where(contacted).subquery()
    urgent = select(hours.label("value")).where(contacted, Request.urgent.is_(True)).subquery()
    return union_all(_percentiles(everyone, "all"), _percentiles(urgent, "urgent"))


def requests_by_source(period, as_of):
    """(referral source, requests, converted, not yet contacted, urgent, urgent not yet
    contacted): one pass over the period's requests feeds the referral table and the waiting
    counts. (Grouping on `urgent` would tempt SQLite into the queue's index.)"""
    urgent = Request.urgent.is_(True)
    not_contacted = Request.first_contacted_at.is_(None)
    return (select(Request.referral_source, func.count().label("requests"),
                   count_where(Request.status == RequestStatus.CONVERTED).label("converted"),
                   count_where(not_contacted).label("not_contacted"),
                   count_where(urgent).label("urgent"),
                   count_where(and_(urgent, not_contacted)).label("urgent_not_contacted"))
            .where(_created_in(period))
            .group_by(Request.referral_source))


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
    # One pass over each cohort case's phase changes (index only), materialized once.
    returned = and_(PhaseChange.from_phase == Phase.PROCESSING,
                    PhaseChange.to_phase == Phase.STABILIZATION)
    cohort = (select(Case.opened_at,
                     func.min(case((PhaseChange.to_phase == Phase.PROCESSING,
                                    PhaseChange.created_at))).label("first_processing"),
                     func.max(case((returned, 1), else_=0)).label("returned"))
              .join(PhaseChange, PhaseChange.case_id == Case.id)
              .where(Case.opened_at >= period.start, Case.opened_at < period.end)
              .group_by(Case.id, Case.opened_at)
              .cte("phase_cohort").prefix_with("MATERIALIZED"))
    counts = select(func.count().label("cases"),
                    func.count(cohort.c.first_processing).label("moved"),
                    func.coalesce(func.sum(cohort.c.returned), 0).label("returned")).subquery()
    days = (select((seconds_between(cohort.c.opened_at, cohort.c.first_processing) / 86400.0)
                   .label("value"))
            .where(cohort.c.first_processing.is_not(None)).subquery())
    stay = _percentiles(days, "moved").subquery()
    return (select(counts.c.cases, counts.c.moved, counts.c.returned,
                   stay.c.median.label("median_days"), stay.c.p90.label("p90_days"))
            .select_from(counts.join(stay, true())))


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
    "requests_by_source": requests_by_source,
    "caseload": caseload,
    "phase_moves": phase_moves,
    "discharges": discharges,
    "weekly": weekly,
}


def run_all(session, period, as_of) -> dict[str, list]:
    """Every statement's rows (small result sets), keyed like STATEMENTS."""
    return {name: session.execute(build(period, as_of)).all() for name, build in STATEMENTS.items()}
