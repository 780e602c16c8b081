"""The report's SQL: each figure an aggregate over the daily roll-ups of the period's days.

Every function takes the session, the Period and the instant point-in-time figures are
measured at (`as_of`), and returns a few rows; `FIGURES` lists them so the page and the
benchmark run exactly the same queries. The roll-ups must be current (`rollups.refresh`).
Nothing here reads a name, a reference or free text.
"""
from fractions import Fraction
from math import floor

from sqlalchemy import and_, case, func, literal, select, union_all

from intake.auth.models import User
from intake.reports.models import (NONE, CaseCohortDay, CaseloadChange, ConversionDay,
                                   DischargeDay, Duration, DurationBucket, RequestDay)
from intake.reports.rollups import FIRST_CONTACT, STABILIZATION, STAGE_RANK, URGENT_FIRST_CONTACT
from intake.triage.workflow import RequestStatus

__all__ = ["FIGURES", "STAGE_RANK", "run_all"]
CONVERTED_RANK = STAGE_RANK[RequestStatus.CONVERTED]


def _days(period, column):
    return and_(column >= period.first.toordinal(), column <= period.last.toordinal())


def _total(column):
    return func.coalesce(func.sum(column), 0)


def _none_if_blank(column):
    return func.nullif(column, NONE)


def funnel(session, period, as_of):
    """(furthest stage rank, requests): the period's requests by how far each ever got."""
    return session.execute(select(RequestDay.reached, _total(RequestDay.requests))
                           .where(_days(period, RequestDay.day))
                           .group_by(RequestDay.reached)).all()


def exits(session, period, as_of):
    """(left from, exit status, requests) for the period's requests now closed without a
    case; "left from" is the status before their latest move."""
    return session.execute(
        select(_none_if_blank(RequestDay.left_from), RequestDay.exit_status,
               _total(RequestDay.requests))
        .where(_days(period, RequestDay.day), RequestDay.exit_status != NONE)
        .group_by(RequestDay.left_from, RequestDay.exit_status)).all()


def requests_by_source(session, period, as_of):
    """(referral source, requests, converted, not yet contacted, urgent, urgent not yet
    contacted): the referral table and the waiting counts."""
    r = RequestDay
    waiting, converted = r.contacted.is_(False), r.reached == CONVERTED_RANK
    return session.execute(
        select(_none_if_blank(r.referral_source), _total(r.requests),
               _total(case((converted, r.requests), else_=0)),
               _total(case((waiting, r.requests), else_=0)),
               _total(case((r.urgent.is_(True), r.requests), else_=0)),
               _total(case((and_(waiting, r.urgent.is_(True)), r.requests), else_=0)))
        .where(_days(period, r.day))
        .group_by(r.referral_source)).all()


def first_contact(session, period, as_of):
    """(group, n, median, p90) of hours from request to first contact attempt, for all the
    period's contacted requests and for the urgent ones."""
    return [("all", *percentiles(session, FIRST_CONTACT, period)),
            ("urgent", *percentiles(session, URGENT_FIRST_CONTACT, period))]


def caseload(session, period, as_of):
    """(clinician, name, phase, cases) open at `as_of`: every change up to that day, summed."""
    as_of_day = (as_of - as_of.resolution).astimezone(period.zone).date().toordinal()
    totals = (select(CaseloadChange.clinician_id, CaseloadChange.phase,
                     func.sum(CaseloadChange.change).label("cases"))
              .where(CaseloadChange.day <= as_of_day)
              .group_by(CaseloadChange.clinician_id, CaseloadChange.phase)
              .having(func.sum(CaseloadChange.change) != 0)
              .subquery())
    return session.execute(
        select(User.public_id, User.display_name, totals.c.phase, totals.c.cases)
        .join(User, User.id == totals.c.clinician_id)
        .order_by(User.display_name, User.public_id, totals.c.phase)).all()


def phase_moves(session, period, as_of):
    """For the cases opened in the period: how many, how many moved to processing, how many
    came back to stabilization, and the median and 90th percentile of days in stabilization
    before the first move."""
    c = CaseCohortDay
    cases, moved, returned = session.execute(
        select(_total(c.cases), _total(case((c.moved.is_(True), c.cases), else_=0)),
               _total(case((c.returned.is_(True), c.cases), else_=0)))
        .where(_days(period, c.day))).one()
    _, median, p90 = percentiles(session, STABILIZATION, period)
    return {"cases": cases, "moved": moved, "returned": returned,
            "median_days": median, "p90_days": p90}


def discharges(session, period, as_of):
    """(reason code, cases) discharged in the period."""
    return session.execute(select(_none_if_blank(DischargeDay.reason), _total(DischargeDay.cases))
                           .where(_days(period, DischargeDay.day))
                           .group_by(DischargeDay.reason)).all()


def weekly(session, period, as_of):
    """(kind, week index, count): requests received and conversions made in each week, the
    index counting weeks from the Monday on or before the period's first day."""
    monday = period.weeks()[0][0].toordinal()
    request_week = (RequestDay.day - literal(monday)) // 7
    conversion_week = (ConversionDay.day - literal(monday)) // 7
    received = (select(literal("requests"), request_week, _total(RequestDay.requests))
                .where(_days(period, RequestDay.day)).group_by(request_week))
    converted = (select(literal("conversions"), conversion_week, _total(ConversionDay.conversions))
                 .where(_days(period, ConversionDay.day)).group_by(conversion_week))
    return session.execute(union_all(received, converted)).all()


# -- percentiles --------------------------------------------------------------------------
def percentiles(session, measure: str, period, fractions=(0.5, 0.9)):
    """(n, *percentile_cont(f) for each fraction) of a measure's durations in the period.

    Exact, without sorting every value: the bucket counts (one row per bucket) say which
    bucket holds the wanted rank, and only that bucket's values are read, in index order.
    Linear interpolation between the values at ranks floor(k) and floor(k) + 1, where
    k = (n - 1) × fraction, as PostgreSQL's percentile_cont does."""
    counts = session.execute(
        select(DurationBucket.bucket, func.sum(DurationBucket.durations))
        .where(DurationBucket.measure == measure, _days(period, DurationBucket.day))
        .group_by(DurationBucket.bucket).order_by(DurationBucket.bucket)).all()
    n = sum(count for _, count in counts)
    if not n:
        return (0, *[None] * len(fractions))
    results = []
    for fraction in fractions:
        k = (n - 1) * Fraction(fraction).limit_denominator(1000)
        lower, weight = floor(k), float(k - floor(k))
        low = _value_at(session, measure, period, counts, lower)
        high = _value_at(session, measure, period, counts, lower + 1) if weight else low
        results.append(low + (high - low) * weight)
    return (n, *results)


def _value_at(session, measure, period, counts, rank: int) -> float:
    """The value at 0-based `rank` in value order, read from the one bucket holding it."""
    before = 0
    for bucket, count in counts:
        if rank < before + count:
            return session.scalar(
                select(Duration.value)
                .where(Duration.measure == measure, Duration.bucket == bucket,
                       _days(period, Duration.day))
                .order_by(Duration.value).limit(1).offset(rank - before))
        before += count
    raise IndexError(f"rank {rank} is beyond the {before} durations counted")


FIGURES = {
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
    """Every figure's rows (small result sets), keyed like FIGURES."""
    return {name: figure(session, period, as_of) for name, figure in FIGURES.items()}
