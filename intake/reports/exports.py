"""CSV and JSON forms of the report's tables: aggregates only, optional small-cell suppression.

Suppression hides a count from 1 to threshold - 1 as "<threshold" (zero stays: an empty cell
identifies no one), and any rate or median resting on a hidden count as "suppressed"."""
import csv
import io
from datetime import date, datetime

from intake.reports.figures import COUNT, DATE, DAYS, HOURS, RATE, Report, Table

DEFAULT_THRESHOLD = 5
HIDDEN_DERIVED = "suppressed"


def _hidden(value, threshold: int | None) -> bool:
    return threshold is not None and isinstance(value, int) and 0 < value < threshold


def suppressed_rows(table: Table, threshold: int | None) -> list[dict]:
    """The table's rows with small counts (and what rests on them) replaced by markers."""
    if threshold is None:
        return [dict(row) for row in table.rows]
    rows = []
    for row in table.rows:
        out = dict(row)
        for column in table.columns:
            if column.kind == COUNT and _hidden(row[column.key], threshold):
                out[column.key] = f"<{threshold}"
            elif column.rests_on and _hidden(row[column.rests_on], threshold) \
                    and row[column.key] is not None:
                out[column.key] = HIDDEN_DERIVED
        rows.append(out)
    return rows


def plain(value, kind: str):
    """A value for a machine: ISO dates, rounded numbers, markers kept as they are."""
    if value is None or isinstance(value, str):
        return value
    if kind == DATE or isinstance(value, (date, datetime)):
        return value.isoformat()
    if kind == RATE:
        return round(value, 4)
    if kind in (HOURS, DAYS):
        return round(value, 2)
    return value


def to_csv(table: Table, threshold: int | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in suppressed_rows(table, threshold):
        writer.writerow(["" if (v := plain(row[c.key], c.kind)) is None else v for c in table.columns])
    return buffer.getvalue()


def to_json(report: Report, threshold: int | None, generated_at: datetime) -> dict:
    period = report.period
    return {
        "period": {"first_day": period.first.isoformat(), "last_day": period.last.isoformat(),
                   "preset": period.preset.value, "time_zone": period.zone.key,
                   "starts_at": period.start.isoformat(), "ends_before": period.end.isoformat(),
                   "point_in_time_figures_as_of": report.as_of.isoformat()},
        "generated_at": generated_at.isoformat(),
        "suppression": {"threshold": threshold, "marker": f"<{threshold}",
                        "derived_marker": HIDDEN_DERIVED} if threshold else None,
        "tables": {
            slug: {"title": table.title, "caption": table.caption,
                   "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
                   "rows": [{c.key: plain(row[c.key], c.kind) for c in table.columns}
                            for row in suppressed_rows(table, threshold)]}
            for slug, table in report.tables.items()
        },
    }


def filename(slug: str, report: Report, extension: str) -> str:
    """Neutral: what and when, nothing about anyone."""
    return f"intake-report-{slug.replace('_', '-')}-{report.period.first}-to-{report.period.last}.{extension}"

