"""flask --app intake outbox … (delivery of queued notifications)."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from intake.extensions import db
from intake.notifications import sender

outbox_cli = AppGroup("outbox", help="Deliver queued notifications.")


@outbox_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="Most notifications to try in this run.")
def send(limit):
    """Send the notifications that are due (run it from cron or a timer)."""
    url = current_app.config.get("SMTP_URL")
    if not url:
        click.echo("Error: set INTAKE_SMTP_URL (for example smtp://127.0.0.1:25) first.", err=True)
        sys.exit(2)
    transport = sender.SmtpTransport(url, current_app.config["MAIL_FROM"])
    report = sender.send_due(transport, limit=limit, commit=db.session.commit)
    db.session.commit()
    click.echo(f"Sent {report.sent}; will retry {report.retrying}; gave up on {report.failed}.")
    if report.failed:
        sys.exit(1)
