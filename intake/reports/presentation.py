"""How each figure reads on the page: formatted cells, headline numbers, and its chart."""
from markupsafe import Markup

from intake.reports import charts
from intake.reports.figures import (COUNT, DATE, DAYS, EXIT_TYPES, HOURS, PHASES, RATE,
                                    Report, Table)

MISSING = "—"


def cell(value, kind: str) -> str:
    """A value as the page shows it."""
    if value is None:
        return MISSING
    if isinstance(value, str) and kind != "text":
        return value  # a suppression marker
    if kind == COUNT:
        return f"{value:,}"
    if kind == RATE:
        return f"{value * 100:.0f}%"
    if kind in (HOURS, DAYS):
        return f"{value:,.1f}"
    if kind == DATE:
        return f"{value.day} {value:%b %Y}"
    return str(value)


def duration(hours: float | None) -> str:
    """'45 minutes', '5.2 hours', '3.1 days': a headline waiting time."""
    if hours is None:
        return MISSING
    if hours < 1:
        return f"{hours * 60:.0f} minutes"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


def headline_value(value, kind: str) -> str:
    return duration(value) if kind == HOURS else cell(value, kind)


def _bars(table: Table, label_key: str, value_key: str, display=None) -> list[charts.Bar]:
    kind = table.column(value_key).kind
    return [charts.Bar(row[label_key], row[value_key] or 0,
                       display(row) if display else cell(row[value_key], kind))
            for row in table.rows]


def _funnel(table: Table) -> Markup:
    def display(row):
        share = row["share_of_requests"]
        return f"{row['requests']:,}" + (f" ({share * 100:.0f}%)" if share is not None else "")
    return charts.bars("chart-funnel", "Funnel from request to client",
                       _bars(table, "stage", "requests", display))


def _exits(table: Table) -> Markup:
    items = [charts.Stack(row["left_from"], [row[k] for k, _ in EXIT_TYPES], f"{row['total']:,}")
             for row in table.rows]
    return charts.stacked("chart-exits", "Where requests leave, by stage",
                          [name for _, name in EXIT_TYPES], items)


def _first_contact(table: Table) -> Markup:
    items = []
    for row in table.rows:
        for key, what in (("median_hours", "median"), ("p90_hours", "90th pct")):
            if row[key] is not None:
                items.append(charts.Bar(f"{row['group']}, {what}", row[key], duration(row[key])))
    return charts.bars("chart-first-contact", "Time to first contact", items)


def _caseload(table: Table) -> Markup:
    items = [charts.Stack(row["clinician"], [row[p] for p, _ in PHASES], f"{row['total']:,}")
             for row in table.rows]
    return charts.stacked("chart-caseload", "Open cases by clinician and phase",
                          [name for _, name in PHASES], items)


def _stabilization(table: Table) -> Markup:
    row = table.rows[0]
    items = [charts.Bar("Cases opened", row["cases_opened"], f"{row['cases_opened']:,}"),
             charts.Bar("Moved to processing", row["moved_to_processing"],
                        f"{row['moved_to_processing']:,}"),
             charts.Bar("Returned to stabilization", row["returned_to_stabilization"],
                        f"{row['returned_to_stabilization']:,}")]
    return charts.bars("chart-stabilization", "Cases moving between phases", items)


def _weekly(table: Table) -> Markup:
    return charts.trend("chart-weekly", "Requests and conversions by week",
                        [f"{row['week_starting'].day} {row['week_starting']:%b}" for row in table.rows],
                        [row["requests"] for row in table.rows],
                        [row["conversions"] for row in table.rows], ("Requests", "Conversions"))


CHARTS = {
    "funnel": _funnel,
    "exits": _exits,
    "first_contact": _first_contact,
    "referral_sources": lambda t: charts.bars("chart-referrals", "Requests by referral source",
                                              _bars(t, "source", "requests")),
    "caseload": _caseload,
    "phases": lambda t: charts.bars("chart-phases", "Open cases by phase", _bars(t, "phase", "cases")),
    "stabilization": _stabilization,
    "discharges": lambda t: charts.bars("chart-discharges", "Discharges by reason",
                                        _bars(t, "reason", "cases")),
    "weekly": _weekly,
}


def sections(report: Report) -> list[tuple[Table, Markup]]:
    return [(table, CHARTS[slug](table)) for slug, table in report.tables.items()]
