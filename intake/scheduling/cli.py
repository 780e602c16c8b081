"""flask --app intake availability generate: keep consultation slots weeks ahead (run daily)."""
import click
from flask.cli import AppGroup

from intake import audit
from intake.extensions import db
from intake.scheduling import services

availability_cli = AppGroup("availability", help="Clinicians' consultation availability.")


@availability_cli.command("generate")
@click.option("--weeks", type=click.IntRange(1, services.MAX_WEEKS),
              default=services.DEFAULT_WEEKS, show_default=True,
              help="How many weeks ahead slots should exist.")
def generate(weeks):
    """Create missing slots from every active clinician's weekly hours (idempotent)."""
    outcomes = services.refresh_all(weeks=weeks, actor=audit.SYSTEM)
    db.session.commit()
    created = sum(o.created + o.reinstated for o in outcomes.values())
    withdrawn = sum(o.withdrawn for o in outcomes.values())
    conflicts = sum(len(o.conflicts) for o in outcomes.values())
    click.echo(f"{len(outcomes)} clinicians: {created} slots added, {withdrawn} withdrawn, "
               f"{conflicts} booked consultations outside their hours.")
