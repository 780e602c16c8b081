"""Portable SQL pieces the report queries share (SQLite and PostgreSQL give equal answers)."""
from fractions import Fraction

from sqlalchemy import Float, Integer, and_, case, cast, func, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from intake.database import UTCDateTime


class seconds_between(FunctionElement):
    """Seconds from the first timestamp to the second, as a float."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between)
def _seconds_generic(element, compiler, **kw):
    earlier, later = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)}))"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    earlier, later = list(element.clauses)
    return (f"((julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)})) * 86400.0)")


def count_where(condition) -> ColumnElement:
    """COUNT of the rows meeting `condition` (0, not NULL, over no rows)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def ranked(value, *, partition_by=None):
    """Window columns for percentiles: 0-based position in value order and the group size."""
    position = func.row_number().over(partition_by=partition_by, order_by=value) - 1
    size = func.count().over(partition_by=partition_by)
    return position.label("pos"), size.label("n")


def percentile(value, pos, n, fraction: float | Fraction, *, where=None) -> ColumnElement:
    """percentile_cont(fraction) over a ranked set, as an aggregate (use with GROUP BY).

    PostgreSQL has percentile_cont and SQLite does not, so both interpolate linearly
    between the rows at floor(k) and floor(k) + 1, where k = (n - 1) * fraction. Integer
    arithmetic keeps floor() identical on both dialects."""
    fraction = Fraction(fraction).limit_denominator(1000)
    scaled = (n - 1) * fraction.numerator
    lower = scaled // literal(fraction.denominator, Integer)
    weight = cast(scaled % fraction.denominator, Float) / float(fraction.denominator)
    at_lower, at_upper = pos == lower, pos == lower + 1
    if where is not None:  # only the rows of one group count (pos and n are that group's)
        at_lower, at_upper = and_(where, at_lower), and_(where, at_upper)
    return func.sum(case((at_lower, value * (1.0 - weight)), (at_upper, value * weight), else_=0.0))


def intervals_table(name: str, intervals: list[tuple[int, object, object]]):
    """A small derived table (idx, starts, ends) of UTC instants, for bucketing by join."""
    rows = [select(literal(idx, Integer).label("idx"),
                   literal(start, UTCDateTime()).label("starts"),
                   literal(end, UTCDateTime()).label("ends"))
            for idx, start, end in intervals]
    if not rows:
        rows = [select(literal(-1, Integer).label("idx"), literal(None, UTCDateTime()).label("starts"),
                       literal(None, UTCDateTime()).label("ends"))]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).cte(name)
