"""The report as tables: the SQL results (a few rows each) labelled and laid out for the page,
the charts and the exports. No figure is computed here from individual records."""
from dataclasses import dataclass, field
from datetime import datetime

from intake.cases.workflow import Phase
from intake.reports import queries, rollups
from intake.reports.periods import Period
from intake.triage.workflow import RequestStatus
from intake.vocabulary import DISCHARGE_REASONS, REFERRAL_SOURCES, codes, label

COUNT, RATE, HOURS, DAYS, TEXT, DATE = "count", "rate", "hours", "days", "text", "date"

FUNNEL_STAGES = [
    ("requests", "Requests received"),
    (RequestStatus.CONTACTED.value, "Contacted"),
    (RequestStatus.SCHEDULED.value, "Consultation scheduled"),
    (RequestStatus.CONSULTED.value, "Consulted"),
    (RequestStatus.CONVERTED.value, "Became clients"),
]
EXIT_TYPES = [
    (RequestStatus.DECLINED.value, "Declined"),
    (RequestStatus.REFERRED_OUT.value, "Referred out"),
    (RequestStatus.NO_RESPONSE.value, "No response"),
]
# The stage a request left from, named by the status it was in just before.
LEFT_FROM = [
    ("before_contact", "Before contact", {RequestStatus.NEW, RequestStatus.IN_REVIEW}),
    ("after_contact", "After contact", {RequestStatus.CONTACTED}),
    ("after_scheduling", "After scheduling", {RequestStatus.SCHEDULED}),
    ("after_consultation", "After the consultation", {RequestStatus.CONSULTED}),
]
PHASES = [(Phase.STABILIZATION.value, "Stabilization"), (Phase.PROCESSING.value, "Processing")]
NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    # The count a rate or a median rests on: small-cell suppression hides this column too.
    rests_on: str | None = None


@dataclass
class Table:
    slug: str
    title: str
    caption: str
    columns: list[Column]
    rows: list[dict]
    # One row of several measures reads better as a list of label: value pairs.
    transposed: bool = False

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Report:
    period: Period
    as_of: datetime
    tables: dict[str, Table] = field(default_factory=dict)
    headline: list[tuple[str, object, str]] = field(default_factory=list)


def share(part, whole):
    return None if not whole else part / whole


def build(session, period: Period, as_of: datetime) -> Report:
    """The report, after bringing the roll-ups up to date (the caller commits that work)."""
    rollups.refresh(session)
    rows = queries.run_all(session, period, as_of)
    report = Report(period, as_of)
    for table in (
        funnel_table(rows["funnel"]),
        exits_table(rows["exits"]),
        first_contact_table(rows["first_contact"], rows["requests_by_source"]),
        referral_table(rows["requests_by_source"]),
        caseload_table(rows["caseload"]),
        phases_table(rows["caseload"]),
        stabilization_table(rows["phase_moves"]),
        discharges_table(rows["discharges"]),
        weekly_table(rows["weekly"], period),
    ):
        report.tables[table.slug] = table
    report.headline = headline(report.tables)
    return report


def funnel_table(result) -> Table:
    """Cumulative: a request that got to a later stage passed every earlier one."""
    by_rank = dict(result)
    ranks = [0, *queries.STAGE_RANK.values()]
    rows, previous = [], None
    for (_, stage), rank in zip(FUNNEL_STAGES, ranks):
        count = sum(n for reached, n in by_rank.items() if reached >= rank)
        rows.append({"stage": stage, "requests": count,
                     "share_of_requests": share(count, rows[0]["requests"] if rows else count),
                     "share_of_previous": share(count, previous) if previous is not None else None})
        previous = count
    return Table("funnel", "Funnel", "Requests received in the period and how far they have got",
                 [Column("stage", "Stage", TEXT), Column("requests", "Requests"),
                  Column("share_of_requests", "Of all requests", RATE, "requests"),
                  Column("share_of_previous", "Of the stage before", RATE, "requests")], rows)


def exits_table(result) -> Table:
    counts = {(left, exit_): n for left, exit_, n in result}
    rows = []
    for key, stage, statuses in LEFT_FROM:
        row = {"left_from": stage}
        for exit_, _ in EXIT_TYPES:
            row[exit_] = sum(counts.get((s.value, exit_), 0) for s in statuses)
        row["total"] = sum(row[exit_] for exit_, _ in EXIT_TYPES)
        rows.append(row)
    columns = [Column("left_from", "Left", TEXT)]
    columns += [Column(exit_, name) for exit_, name in EXIT_TYPES] + [Column("total", "Total")]
    return Table("exits", "Where requests leave",
                 "Requests of the period closed without becoming clients, by the stage they left from",
                 columns, rows)


def first_contact_table(times, by_source) -> Table:
    received = {True: 0, False: 0}
    pending = {True: 0, False: 0}
    for _, requests, _, not_contacted, urgent, urgent_waiting in by_source:
        received[False] += requests - urgent
        received[True] += urgent
        pending[False] += not_contacted - urgent_waiting
        pending[True] += urgent_waiting
    by_group = {grp: (n, median, p90) for grp, n, median, p90 in times}
    rows = []
    for grp, name, requests, waiting in (
            ("all", "All requests", sum(received.values()), sum(pending.values())),
            ("urgent", "Urgent requests", received[True], pending[True])):
        n, median, p90 = by_group.get(grp, (0, None, None))
        rows.append({"group": name, "requests": requests, "contacted": n,
                     "median_hours": median if n else None, "p90_hours": p90 if n else None,
                     "not_contacted": waiting})
    return Table("first_contact", "Time to first contact",
                 "Hours from the request to the first contact attempt",
                 [Column("group", "Requests", TEXT), Column("requests", "Received"),
                  Column("contacted", "Contacted"),
                  Column("median_hours", "Median (hours)", HOURS, "contacted"),
                  Column("p90_hours", "90th percentile (hours)", HOURS, "contacted"),
                  Column("not_contacted", "Not yet contacted")], rows)


def referral_table(by_source) -> Table:
    counts = {source: (requests, converted) for source, requests, converted, *_ in by_source}
    total = sum(n for n, _ in counts.values())
    known = [code for code in codes(REFERRAL_SOURCES) if code in counts]
    others = sorted(code for code in counts if code not in known and code is not None)
    rows = []
    for code in known + others + ([None] if None in counts else []):
        n, converted = counts[code]
        rows.append({"source": label(REFERRAL_SOURCES, code) if code else NOT_GIVEN,
                     "requests": n, "share": share(n, total), "converted": converted,
                     "conversion_rate": share(converted, n)})
    rows.sort(key=lambda row: -row["requests"])
    return Table("referral_sources", "Referral sources", "How the period's requesters heard of the practice",
                 [Column("source", "Source", TEXT), Column("requests", "Requests"),
                  Column("share", "Share", RATE, "requests"), Column("converted", "Became clients"),
                  Column("conversion_rate", "Conversion", RATE, "converted")], rows)


def caseload_table(result) -> Table:
    by_clinician: dict[str, dict] = {}
    for clinician, name, phase, cases in result:
        row = by_clinician.setdefault(clinician, {"clinician": name, **{p: 0 for p, _ in PHASES}})
        row[phase] = row.get(phase, 0) + cases
    rows = list(by_clinician.values())
    for row in rows:
        row["total"] = sum(row[p] for p, _ in PHASES)
    return Table("caseload", "Caseload by clinician",
                 "Open cases at the end of the period, by clinician and phase",
                 [Column("clinician", "Clinician", TEXT)]
                 + [Column(p, name) for p, name in PHASES] + [Column("total", "Total")], rows)


def phases_table(result) -> Table:
    totals = {p: 0 for p, _ in PHASES}
    for _, _, phase, cases in result:
        totals[phase] = totals.get(phase, 0) + cases
    whole = sum(totals.values())
    rows = [{"phase": name, "cases": totals[p], "share": share(totals[p], whole)} for p, name in PHASES]
    return Table("phases", "Phase distribution", "Open cases at the end of the period, by phase",
                 [Column("phase", "Phase", TEXT), Column("cases", "Cases"),
                  Column("share", "Share", RATE, "cases")], rows)


def stabilization_table(m: dict) -> Table:
    row = {"cases_opened": m["cases"], "moved_to_processing": m["moved"],
           "median_days_before_processing": m["median_days"] if m["moved"] else None,
           "returned_to_stabilization": m["returned"], "returned_share": share(m["returned"], m["moved"])}
    return Table("stabilization", "Stabilization before processing",
                 "Cases opened in the period: time in stabilization before the first move to "
                 "processing, and returns to stabilization",
                 [Column("cases_opened", "Cases opened"),
                  Column("moved_to_processing", "Moved to processing"),
                  Column("median_days_before_processing", "Median days in stabilization first",
                         DAYS, "moved_to_processing"),
                  Column("returned_to_stabilization", "Returned to stabilization"),
                  Column("returned_share", "Of those moved, share that returned", RATE,
                         "returned_to_stabilization")], [row], transposed=True)


def discharges_table(result) -> Table:
    counts = dict(result)
    total = sum(counts.values())
    ordered = [c for c in codes(DISCHARGE_REASONS) if c in counts]
    ordered += sorted(c for c in counts if c not in ordered and c is not None)
    ordered += [None] if None in counts else []
    rows = [{"reason": label(DISCHARGE_REASONS, code) if code else NOT_GIVEN,
             "cases": counts[code], "share": share(counts[code], total)} for code in ordered]
    return Table("discharges", "Discharges by reason", "Cases discharged in the period",
                 [Column("reason", "Reason", TEXT), Column("cases", "Cases"),
                  Column("share", "Share", RATE, "cases")], rows)


def weekly_table(result, period: Period) -> Table:
    counts = {(kind, idx): n for kind, idx, n in result}
    rows = [{"week_starting": monday, "requests": counts.get(("requests", i), 0),
             "conversions": counts.get(("conversions", i), 0)}
            for i, (monday, _, _) in enumerate(period.weeks())]
    return Table("weekly", "Weekly trend", "Requests received and conversions made, week by week "
                 "(weeks start on Monday)",
                 [Column("week_starting", "Week starting", DATE), Column("requests", "Requests"),
                  Column("conversions", "Conversions")], rows)


def headline(tables: dict[str, Table]) -> list[tuple[str, object, str]]:
    """(label, value, kind) of the few numbers shown above the charts."""
    funnel = {row["stage"]: row for row in tables["funnel"].rows}
    contact = {row["group"]: row for row in tables["first_contact"].rows}
    requests = funnel["Requests received"]["requests"]
    converted = funnel["Became clients"]["requests"]
    open_cases = sum(row["cases"] for row in tables["phases"].rows)
    return [
        ("Requests", requests, COUNT),
        ("Became clients", converted, COUNT),
        ("Conversion", share(converted, requests), RATE),
        ("Median to first contact", contact["All requests"]["median_hours"], HOURS),
        ("Urgent: median to first contact", contact["Urgent requests"]["median_hours"], HOURS),
        ("Open cases", open_cases, COUNT),
    ]

