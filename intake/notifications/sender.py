"""Delivering the outbox over SMTP: due messages, retries with backoff, and giving up for good.

Failures are recorded by SMTP code and exception type only: server replies can quote the
recipient's address, which must not land in a plain column or a log."""
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select

from intake.auth.models import User
from intake.extensions import db
from intake.notifications.models import Notification, NotificationStatus

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8, 16 minutes
SMTP_TIMEOUT_SECONDS = 20
LEASE = timedelta(minutes=5)  # longer than one SMTP conversation can take


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: str = "none"  # "none" | "starttls" | "ssl"

    @classmethod
    def from_url(cls, url: str) -> "SmtpSettings":
        """smtp://host:25, smtp://user:pass@host:587?starttls=1, smtps://host:465."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("INTAKE_SMTP_URL must look like smtp://host:port or smtps://host:port")
        starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
        tls = "ssl" if parts.scheme == "smtps" else ("starttls" if starttls else "none")
        return cls(host=parts.hostname, port=parts.port or (465 if tls == "ssl" else 25),
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None, tls=tls)


class PermanentFailure(Exception):
    """The server refused for good (5xx): retrying would not help."""


@dataclass(frozen=True)
class Claimed:
    """A message taken for one delivery attempt; sending happens outside any transaction."""
    notification_id: int
    attempts: int
    message: EmailMessage | None  # None: nobody (active) to send it to


def claim_next(now: datetime, *, mail_from: str) -> Claimed | None:
    """Take the next due message under a lease (the caller commits before sending): another
    sender skips it, and if this one dies mid-send the lease runs out and it is tried again."""
    query = (select(Notification)
             .where(Notification.status == NotificationStatus.PENDING,
                    Notification.next_attempt_at <= now)
             .order_by(Notification.next_attempt_at, Notification.id)
             .limit(1)
             .with_for_update(skip_locked=True))
    notification = db.session.scalars(query).first()
    if notification is None:
        return None
    notification.attempts += 1
    notification.next_attempt_at = now + LEASE
    to = recipient(notification)
    message = compose(notification, to=to, mail_from=mail_from) if to else None
    db.session.flush()
    return Claimed(notification.id, notification.attempts, message)


def recipient(notification: Notification) -> str | None:
    if notification.recipient_address:
        return notification.recipient_address
    user = db.session.get(User, notification.recipient_user_id)
    return user.email if user is not None and user.active else None


def compose(notification: Notification, *, to: str, mail_from: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = mail_from, to, notification.subject
    message.set_content(notification.body)
    return message


def transmit(message: EmailMessage, smtp: SmtpSettings) -> None:
    """One SMTP conversation; a 5xx refusal becomes PermanentFailure."""
    try:
        if smtp.tls == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_SECONDS,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_SECONDS)
        with client:
            if smtp.tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if all(code >= 500 for code in codes):
            raise PermanentFailure(f"SMTP {codes[0]} recipient refused") from None
        raise RuntimeError(f"SMTP {codes[0]} recipient deferred") from None
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code >= 500:
            raise PermanentFailure(f"SMTP {exc.smtp_code} {type(exc).__name__}") from None
        raise RuntimeError(f"SMTP {exc.smtp_code} {type(exc).__name__}") from None


def attempt(claimed: Claimed, smtp: SmtpSettings) -> tuple[str, str | None]:
    """Send one claimed message (no database work): ("sent" | "retry" | "failed", reason)."""
    if claimed.message is None:
        return "failed", "no active recipient"
    try:
        transmit(claimed.message, smtp)
    except PermanentFailure as exc:
        return "failed", str(exc)
    except (OSError, RuntimeError, smtplib.SMTPException) as exc:
        return "retry", _describe(exc)
    return "sent", None


def record(claimed: Claimed, outcome: tuple[str, str | None], now: datetime) -> str:
    """Store the attempt's outcome (the caller commits); returns the message's new status."""
    notification = db.session.get(Notification, claimed.notification_id)
    result, reason = outcome
    if result == "sent":
        notification.status, notification.sent_at, notification.last_error = (
            NotificationStatus.SENT, now, None)
    elif result == "failed":
        _give_up(notification, reason)
    else:
        _retry_later(notification, now, reason)
    if notification.status != NotificationStatus.PENDING:
        _forget_the_client_address(notification)
    db.session.flush()
    return notification.status


def _forget_the_client_address(notification: Notification) -> None:
    """A client's address is kept only until their message is delivered or given up on, so
    the outbox never becomes a list of who wrote to the practice. (Staff are mailed through
    their account, which is not erased.)"""
    if notification.recipient_user_id is None:
        notification.recipient_address = None


def _describe(exc: Exception) -> str:
    return str(exc) if isinstance(exc, RuntimeError) else type(exc).__name__


def _give_up(notification: Notification, reason: str) -> None:
    notification.status, notification.last_error = NotificationStatus.FAILED, reason[:200]


def _retry_later(notification: Notification, now: datetime, reason: str) -> None:
    if notification.attempts >= MAX_ATTEMPTS:
        _give_up(notification, f"gave up after {notification.attempts} attempts: {reason}")
        return
    notification.last_error = reason[:200]
    notification.next_attempt_at = now + FIRST_RETRY * 2 ** (notification.attempts - 1)
