"""From the form to a real SMTP server: what leaves the building is neutral."""
from intake.auth.models import Role
from tests.conftest import make_user
from tests.notifications.test_sender import mailbox  # noqa: F401  (the aiosmtpd fixture)


def test_a_request_sends_neutral_mail_to_clinicians_and_a_safe_address(app, runner, submit, mailbox):  # noqa: F811
    make_user(Role.CLINICIAN, email="dr.rivera@example.org")
    submit(name="Robin Quill", email="robin@example.net", ok_email="y", in_danger="yes",
           narrative="He reads my messages", patterns=["gaslighting"])
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{mailbox.port}"
    result = runner.invoke(args=["outbox", "send"])
    assert "Sent 2" in result.output, result.output
    recipients = sorted(to[0] for to, _ in mailbox.received)
    assert recipients == ["dr.rivera@example.org", "robin@example.net"]
    for _, content in mailbox.received:
        for private in ("Robin", "Quill", "reads my messages", "gaslighting", "danger"):
            assert private not in content
    client_mail = next(content for to, content in mailbox.received if to == ["robin@example.net"])
    assert "Subject: Message received" in client_mail and "consultation" not in client_mail.lower()
