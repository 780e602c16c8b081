"""Delivering the outbox by SMTP: due rows only, each committed on its own, failures retried
with exponential backoff until MAX_ATTEMPTS, then marked failed.

Nothing here logs or stores an address or a body: last_error keeps the error's kind and the
SMTP code, which is enough to act on."""
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from sqlalchemy import select

from intake.auth.models import User
from intake.clock import utcnow
from intake.extensions import db
from intake.notifications.models import Notification, NotificationStatus

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
SMTP_TIMEOUT = 20


class SmtpTransport:
    """smtp://host:port, smtp+starttls://user:password@host:587 or smtps://host:465."""

    def __init__(self, url: str, sender: str):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtp+starttls", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://host:port")
        self.parts, self.sender = parts, sender

    def _connect(self) -> smtplib.SMTP:
        p = self.parts
        if p.scheme == "smtps":
            return smtplib.SMTP_SSL(p.hostname, p.port or 465, timeout=SMTP_TIMEOUT)
        connection = smtplib.SMTP(p.hostname, p.port or 25, timeout=SMTP_TIMEOUT)
        if p.scheme == "smtp+starttls":
            connection.starttls()
        return connection

    def send(self, *, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        with self._connect() as connection:
            if self.parts.username:
                connection.login(unquote(self.parts.username), unquote(self.parts.password or ""))
            connection.send_message(message)


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def due(limit: int) -> list[Notification]:
    """Pending rows whose time has come; on PostgreSQL rows another sender holds are skipped."""
    query = (select(Notification)
             .where(Notification.status == NotificationStatus.PENDING,
                    Notification.next_attempt_at <= utcnow())
             .order_by(Notification.next_attempt_at, Notification.id).limit(limit)
             .with_for_update(skip_locked=True))
    return list(db.session.scalars(query))


def recipient(notification: Notification) -> str | None:
    if notification.recipient_address:
        return notification.recipient_address
    user = db.session.get(User, notification.recipient_user_id)
    return user.email if user is not None and user.active else None


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failure, never more than LONGEST_WAIT."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def _describe(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:200]


def _failed(notification: Notification, why: str, *, final: bool = False) -> None:
    notification.last_error = why
    if final or notification.attempts >= MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
    else:
        notification.next_attempt_at = utcnow() + backoff(notification.attempts)


def deliver(notification: Notification, transport) -> str:
    """Try one notification; returns its status afterwards. The caller commits."""
    notification.attempts += 1
    address = recipient(notification)
    if address is None:
        _failed(notification, "no active recipient", final=True)
    else:
        try:
            transport.send(to=address, subject=notification.subject, body=notification.body)
        except (smtplib.SMTPException, OSError) as exc:
            _failed(notification, _describe(exc))
        else:
            notification.status, notification.sent_at = NotificationStatus.SENT, utcnow()
            notification.last_error = None
    db.session.flush()
    return notification.status


def send_due(transport, *, limit: int = 100, commit=None) -> Delivery:
    """Deliver up to `limit` due notifications, committing after each (`commit`) so a crash
    mid-batch never sends one twice or loses the record of one sent."""
    report = Delivery()
    for notification in due(limit):
        status = deliver(notification, transport)
        if commit:
            commit()
        if status == NotificationStatus.SENT:
            report.sent += 1
        elif status == NotificationStatus.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report
