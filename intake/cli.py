"""flask --app intake users|demo|audit|keys|reports|requests …"""
import sys
import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from intake import audit, demo
from intake.auth import services as accounts
from intake.auth.models import Role, User
from intake.extensions import db
from intake.security import crypto

users_cli = AppGroup("users", help="Manage staff accounts.")
demo_cli = AppGroup("demo", help="Demo data for a local installation.")
audit_cli = AppGroup("audit", help="The audit trail.")
keys_cli = AppGroup("keys", help="Encryption keys.")
reports_cli = AppGroup("reports", help="The reports' daily roll-ups.")
requests_cli = AppGroup("requests", help="Consultation requests.")


def _fail(message: str):
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", "roles", required=True, multiple=True,
              help="clinician or admin; repeat for both.")
@click.option("--name", default=None, help="Display name (defaults to the email's local part).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email, roles, name, password_stdin):
    """Create a staff account."""
    unknown = set(roles) - set(Role.ALL)
    if unknown:
        _fail(f"unknown role {', '.join(sorted(unknown))}; use clinician or admin")
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(email=email, roles=set(roles), password=password,
                                    display_name=name, actor=audit.SYSTEM)
    except accounts.AccountError as exc:
        db.session.rollback()
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(user.roles))}).")


@users_cli.command("deactivate")
@click.option("--email", required=True)
def deactivate_user(email):
    """Deactivate a staff account and end its sessions (history stays attributable)."""
    user = accounts.find_user_by_email(email)
    if user is None:
        _fail("no staff account with that email")
    try:
        accounts.set_active(user, False, actor=audit.SYSTEM)
    except accounts.AccountError as exc:
        db.session.rollback()
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Deactivated {user.email}; their sessions have ended.")


@users_cli.command("list")
def list_users():
    """List staff accounts."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "inactive"
        last = user.last_login_at.isoformat(timespec="minutes") if user.last_login_at else "never"
        click.echo(f"{user.email}\t{','.join(sorted(user.roles))}\t{state}\tlast sign-in {last}")


@demo_cli.command("seed")
@click.option("--password-stdin", is_flag=True, help="Read the demo password from standard input.")
@click.option("--requests", "request_count", type=click.IntRange(min=0), default=None,
              help="Also bulk-create this many consultation requests (load testing).")
def seed_demo(password_stdin, request_count):
    """Create demo staff accounts and realistic fake records."""
    password = _read_password(True) if password_stdin else demo.generate_password()
    try:
        created = demo.seed(password, {"requests": request_count})
    except accounts.AccountError as exc:
        db.session.rollback()
        _fail(str(exc))
    db.session.commit()
    if created and not password_stdin:
        click.echo("Demo sign-in (shown once, keep it somewhere safe):")
        for email in created:
            click.echo(f"  {email}")
        click.echo(f"  password: {password}")
    elif not created:
        click.echo("Demo staff already existed; no passwords changed.")
    else:
        click.echo(f"Created {', '.join(created)}.")


@audit_cli.command("verify")
def verify_audit():
    """Check the hash chain; exit 1 naming the first broken event."""
    report = audit.verify()
    if report.intact:
        click.echo(f"Audit chain intact: {report.checked} events verified.")
        return
    click.echo(f"Audit chain BROKEN at event {report.first_broken_id}: {report.reason} "
               f"({report.checked} events verified before it).", err=True)
    sys.exit(1)


@keys_cli.command("rotate")
def rotate_keys():
    """Re-encrypt stored text under the first key in INTAKE_ENCRYPTION_KEYS."""
    from intake.cases.integrity import rewrapping_keys

    with rewrapping_keys(db.session):  # signed notes and case history refuse other updates
        changed = crypto.rotate_all(db.session, db.metadata)
    audit.record(audit.SYSTEM, "keys.rotate", detail=str(changed))
    db.session.commit()
    click.echo(f"Re-encrypted {changed} values with the current key.")


@reports_cli.command("rebuild")
def rebuild_reports():
    """Recount every day's roll-ups from the source tables (after a restore or a bulk import;
    reports otherwise keep them current themselves)."""
    from intake.reports import rollups

    started = time.perf_counter()
    days = rollups.rebuild(db.session)
    db.session.commit()
    click.echo(f"Rebuilt the report roll-ups for {days} days in {time.perf_counter() - started:.1f} s.")


@reports_cli.command("refresh")
def refresh_reports():
    """Recount the days changed since the last report (every day after a time zone change),
    so the next report opens at once; safe to run from cron at any interval."""
    from intake.reports import rollups

    started = time.perf_counter()
    days = rollups.refresh(db.session)
    db.session.commit()
    click.echo(f"Recounted the report roll-ups for {days} day{'s' if days != 1 else ''} "
               f"in {time.perf_counter() - started:.1f} s.")


@requests_cli.command("erase-expired")
def erase_expired_requests():
    """Erase the personal details of declined requests kept past the retention period
    (run daily, e.g. from cron)."""
    from intake.triage import retention

    erased = retention.erase_expired()
    db.session.commit()
    click.echo(f"Erased the personal details of {erased} declined "
               f"request{'s' if erased != 1 else ''} past the retention period.")


def register_commands(app) -> None:
    from intake.notifications.cli import outbox_cli
    from intake.scheduling.cli import availability_cli

    for group in (users_cli, demo_cli, audit_cli, keys_cli, reports_cli, requests_cli, outbox_cli,
                  availability_cli):
        app.cli.add_command(group)
