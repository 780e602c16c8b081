"""The outbox sender against a real SMTP server (aiosmtpd on a loopback port)."""
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from intake import clock
from intake.auth.models import Role
from intake.extensions import db
from intake.notifications import sender
from intake.notifications.models import Notification, NotificationStatus
from intake.notifications.services import enqueue
from tests.conftest import make_user


class Inbox:
    def __init__(self):
        self.messages, self.refuse = [], False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, f"smtp://127.0.0.1:{controller.port}"
    controller.stop()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_FROM": "no-reply@example.org"}


def test_due_notifications_are_sent_once(app, inbox, runner):
    handler, url = inbox
    app.config["SMTP_URL"] = url
    clinician = make_user(Role.CLINICIAN, email="dr.one@example.org")
    enqueue("request.assigned", subject="A consultation request was assigned to you",
            body="A consultation request was assigned to you. Sign in to see it.", to_user=clinician)
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 1; will retry 0; gave up on 0." in result.output
    assert len(handler.messages) == 1
    recipients, content = handler.messages[0]
    assert recipients == ["dr.one@example.org"]
    assert "Subject: A consultation request was assigned to you" in content
    assert "Sign in to see it." in content
    assert runner.invoke(args=["outbox", "send"]).output.startswith("Sent 0")
    assert len(handler.messages) == 1
    row = db.session.scalar(select(Notification))
    assert row.status == NotificationStatus.SENT and row.sent_at is not None


def test_a_refused_delivery_is_retried_with_backoff_then_given_up(app, inbox):
    handler, url = inbox
    handler.refuse = True
    transport = sender.SmtpTransport(url, "no-reply@example.org")
    enqueue("request.received", subject="Message received", body="We received your message.",
            to_address="private.person@example.net")
    db.session.commit()
    start = clock.utcnow()
    clock.freeze(start)
    waits = []
    for attempt in range(1, sender.MAX_ATTEMPTS + 1):
        report = sender.send_due(transport, commit=db.session.commit)
        row = db.session.scalar(select(Notification))
        assert row.attempts == attempt
        assert "private.person" not in (row.last_error or "")  # no address in the error
        if attempt < sender.MAX_ATTEMPTS:
            assert report.retrying == 1 and row.status == NotificationStatus.PENDING
            waits.append(row.next_attempt_at - clock.utcnow())
            assert sender.send_due(transport).sent == 0  # not due yet
            clock.freeze(row.next_attempt_at)
        else:
            assert report.failed == 1 and row.status == NotificationStatus.FAILED
    assert waits == [timedelta(minutes=2 ** n) for n in range(sender.MAX_ATTEMPTS - 1)]
    assert handler.messages == []


def test_recovery_after_a_failure(app, inbox):
    handler, url = inbox
    handler.refuse = True
    transport = sender.SmtpTransport(url, "no-reply@example.org")
    enqueue("x", subject="Hello", body="Sign in to see it.", to_user=make_user(Role.CLINICIAN))
    db.session.commit()
    sender.send_due(transport, commit=db.session.commit)
    handler.refuse = False
    clock.advance(timedelta(minutes=1))
    assert sender.send_due(transport, commit=db.session.commit).sent == 1
    assert db.session.scalar(select(Notification)).last_error is None


def test_an_unreachable_server_counts_as_a_retry(app):
    transport = sender.SmtpTransport(f"smtp://127.0.0.1:{free_port()}", "no-reply@example.org")
    enqueue("x", subject="Hello", body="Sign in to see it.", to_user=make_user(Role.CLINICIAN))
    db.session.commit()
    assert sender.send_due(transport, commit=db.session.commit).retrying == 1
    assert db.session.scalar(select(Notification)).last_error == "ConnectionRefusedError"


def test_a_deactivated_recipient_is_given_up_at_once(app, inbox):
    _, url = inbox
    user = make_user(Role.CLINICIAN)
    enqueue("x", subject="Hello", body="Sign in to see it.", to_user=user)
    user.active = False
    db.session.commit()
    report = sender.send_due(sender.SmtpTransport(url, "a@example.org"), commit=db.session.commit)
    assert report.failed == 1


def test_send_without_smtp_configured_says_what_to_set(app, runner):
    app.config["SMTP_URL"] = None
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 2 and "INTAKE_SMTP_URL" in result.output

