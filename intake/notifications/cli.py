"""flask --app intake outbox … (delivery of queued notifications)."""
import sys
from collections import Counter

import click
from flask import current_app
from flask.cli import AppGroup

from intake.clock import utcnow
from intake.extensions import db

outbox_cli = AppGroup("outbox", help="Deliver queued notifications.")


@outbox_cli.command("send")
@click.option("--limit", default=100, show_default=True, help="At most this many messages.")
def send(limit):
    """Send pending messages that are due over INTAKE_SMTP_URL; each outcome is committed at once."""
    from intake.notifications import sender

    url = current_app.config["SMTP_URL"]
    if not url:
        click.echo("Error: INTAKE_SMTP_URL is not set.", err=True)
        sys.exit(2)
    smtp = sender.SmtpSettings.from_url(url)
    outcomes = Counter()
    for _ in range(limit):
        claimed = sender.claim_next(utcnow(), mail_from=current_app.config["MAIL_FROM"])
        db.session.commit()  # no transaction stays open while talking to the mail server
        if claimed is None:
            break
        outcomes[sender.record(claimed, sender.attempt(claimed, smtp), utcnow())] += 1
        db.session.commit()
    click.echo(f"Sent {outcomes['sent']}, to retry {outcomes['pending']}, "
               f"failed for good {outcomes['failed']}.")
