"""Demo history for the reports: about a year of requests and cases for the demo clinicians."""
import click

from intake.extensions import db
from intake.reports import history

DEMO_REQUESTS = 600
CLINICIANS = ("clinician@example.org", "clinician2@example.org")


def seed(staff: dict, options: dict) -> None:
    """Once, a modest history; with --requests N, N more requests in bulk with a progress bar."""
    clinicians = [staff[email].id for email in CLINICIANS if email in staff]
    bulk = options.get("requests")
    if bulk is not None:
        _bulk(bulk, clinicians)
    elif not history.already_generated(db.session):
        history.generate(db.session, DEMO_REQUESTS, clinicians)


def _bulk(count: int, clinicians: list[int]) -> None:
    with click.progressbar(length=count, label="Building request history") as bar:
        made = history.generate(db.session, count, clinicians, progress=bar.update,
                                commit_batches=True)
    click.echo(f"Created {made.requests:,} requests ({made.status_changes:,} status changes), "
               f"{made.cases:,} cases ({made.phase_changes:,} phase changes, "
               f"{made.handovers:,} handed to another clinician).")
