"""`flask --app intake outbox send` against a real SMTP server (aiosmtpd on a loopback port)."""
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from intake import clock
from intake.auth.models import Role
from intake.notifications import sender
from intake.notifications.models import Notification, NotificationStatus
from intake.notifications.services import enqueue
from tests.conftest import make_user


class Mailbox:
    """An aiosmtpd handler: keeps what it receives, refuses addresses it is told to."""

    def __init__(self):
        self.received = []
        self.refuse = {}  # address -> SMTP reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture
def app_config(app_config, request):
    return {**app_config, "SMTP_URL": getattr(request, "param", None), "MAIL_FROM": "practice@example.org"}


def send(runner, app, url):
    app.config["SMTP_URL"] = url
    return runner.invoke(args=["outbox", "send"])


def statuses(db) -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(n.status, n.attempts) for n in db.session.scalars(select(Notification).order_by(Notification.id))]


def test_pending_messages_are_delivered_once(app, db, runner, mailbox):
    clinician = make_user(Role.CLINICIAN, email="dr.rivera@example.org")
    enqueue("request.new", subject="New consultation request", body="Sign in to read it.", to_user=clinician)
    enqueue("request.received", subject="Message received", body="Thank you.", to_address="robin@example.net")
    db.session.commit()
    result = send(runner, app, f"smtp://127.0.0.1:{mailbox.port}")
    assert result.exit_code == 0, result.output
    assert "Sent 2, to retry 0, failed for good 0." in result.output
    assert [to for to, _ in mailbox.received] == [["dr.rivera@example.org"], ["robin@example.net"]]
    assert "Subject: New consultation request" in mailbox.received[0][1]
    assert "From: practice@example.org" in mailbox.received[0][1]
    assert statuses(db) == [("sent", 1), ("sent", 1)]
    # Delivered: the client's address is gone from the outbox; the staff member's account stays.
    assert [(n.recipient_user_id, n.recipient_address)
            for n in db.session.scalars(select(Notification).order_by(Notification.id))] == [
        (clinician.id, None), (None, None)]
    send(runner, app, f"smtp://127.0.0.1:{mailbox.port}")
    assert len(mailbox.received) == 2  # nothing is sent twice


def test_a_temporary_failure_is_retried_with_backoff_then_given_up(app, db, runner, mailbox):
    clock.freeze(clock.utcnow())
    mailbox.refuse["busy@example.net"] = "451 Try again later"
    enqueue("request.received", subject="Message received", body="Thank you.", to_address="busy@example.net")
    db.session.commit()
    url = f"smtp://127.0.0.1:{mailbox.port}"
    send(runner, app, url)
    notification = db.session.scalars(select(Notification)).one()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert notification.next_attempt_at == clock.utcnow() + timedelta(minutes=1)
    assert "busy@example.net" not in (notification.last_error or "")
    send(runner, app, url)
    assert statuses(db) == [("pending", 1)]  # not due yet
    for attempt in range(2, sender.MAX_ATTEMPTS + 1):
        clock.advance(timedelta(minutes=2 ** (attempt - 2)))
        send(runner, app, url)
        assert statuses(db)[0][1] == attempt
    notification = db.session.scalars(select(Notification)).one()
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error.startswith("gave up after 6 attempts")
    assert mailbox.received == []


def test_a_permanent_refusal_fails_for_good_at_once(app, db, runner, mailbox):
    mailbox.refuse["gone@example.net"] = "550 No such user"
    enqueue("request.received", subject="Message received", body="Thank you.", to_address="gone@example.net")
    enqueue("request.received", subject="Message received", body="Thank you.", to_address="ok@example.net")
    db.session.commit()
    result = send(runner, app, f"smtp://127.0.0.1:{mailbox.port}")
    assert "Sent 1, to retry 0, failed for good 1." in result.output
    assert statuses(db) == [("failed", 1), ("sent", 1)]
    assert db.session.scalars(select(Notification.last_error)).first() == "SMTP 550 recipient refused"
    assert db.session.scalars(select(Notification.recipient_address)).all() == [None, None]


def test_an_unreachable_server_is_retried(app, db, runner):
    enqueue("request.received", subject="Message received", body="Thank you.", to_address="a@example.net")
    db.session.commit()
    result = send(runner, app, f"smtp://127.0.0.1:{free_port()}")
    assert "to retry 1" in result.output
    assert statuses(db) == [("pending", 1)]


def test_an_inactive_staff_recipient_is_not_mailed(app, db, runner, mailbox):
    user = make_user(Role.CLINICIAN, active=False)
    enqueue("request.new", subject="New consultation request", body="Sign in.", to_user=user)
    db.session.commit()
    send(runner, app, f"smtp://127.0.0.1:{mailbox.port}")
    assert statuses(db) == [("failed", 1)] and mailbox.received == []


def test_sending_needs_an_smtp_url(runner, app):
    result = send(runner, app, None)
    assert result.exit_code == 2 and "INTAKE_SMTP_URL" in result.output


@pytest.mark.parametrize("url, expected", [
    ("smtp://mail.example.org", sender.SmtpSettings("mail.example.org", 25)),
    ("smtp://u%40x:p%3Aw@mail.example.org:587?starttls=1",
     sender.SmtpSettings("mail.example.org", 587, "u@x", "p:w", "starttls")),
    ("smtps://mail.example.org", sender.SmtpSettings("mail.example.org", 465, tls="ssl")),
])
def test_smtp_urls(url, expected):
    assert sender.SmtpSettings.from_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "mail.example.org"])
def test_bad_smtp_urls(url):
    with pytest.raises(ValueError):
        sender.SmtpSettings.from_url(url)
