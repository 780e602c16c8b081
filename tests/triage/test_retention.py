"""Declined requests past the retention period lose every personal detail, and nothing else."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from intake import clock
from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.triage import retention, services
from intake.triage.models import ContactAttempt
from intake.triage.workflow import RequestStatus as S
from tests.conftest import make_user
from tests.factories import make_request

NOW = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
SECRET = "Zephyrine Quillfeather"
STORY = "He reads my messages every night"


def declined(days_ago: int, **fields):
    when = NOW - timedelta(days=days_ago)
    return make_request(status=S.DECLINED, status_changed_at=when, created_at=when - timedelta(days=3),
                        consented_at=when - timedelta(days=3), name=SECRET, email="zq@example.net",
                        phone="+15555550123", narrative=STORY, safe_times="after 9",
                        in_danger="unsure", exit_reason="Not a fit", referral_source="search",
                        **fields)


@pytest.fixture
def requests(db):
    clock.freeze(NOW)
    old, recent = declined(400), declined(300)  # the default retention is 365 days
    converted = make_request(status=S.CONVERTED, status_changed_at=NOW - timedelta(days=500),
                             name=SECRET)
    clinician = make_user(Role.CLINICIAN)
    db.session.add(ContactAttempt(request_id=old.id, actor_id=clinician.id, method="email",
                                  outcome="no_answer", note=STORY, attempted_at=NOW - timedelta(days=401)))
    db.session.commit()
    return old, recent, converted


def test_only_expired_declined_requests_are_erased(db, requests):
    old, recent, converted = requests
    assert retention.erase_expired() == 1
    db.session.commit()
    db.session.expire_all()
    assert old.erased_at == NOW and old.name == retention.ERASED_NAME and old.name_index is None
    assert all(getattr(old, f) is None for f in retention.PERSONAL_FIELDS)
    assert [a.note for a in old.contact_attempts] == [None]
    # What the reports and the audit trail need stays.
    assert (old.reference, old.status, old.referral_source) != (None, None, None)
    assert old.status_changes
    assert recent.name == converted.name == SECRET and recent.erased_at is None
    assert retention.erase_expired() == 0  # nothing twice


def test_no_trace_of_the_text_is_left_in_the_stored_row(db, requests):
    old, *_ = requests
    retention.erase_expired()
    db.session.commit()
    row = db.session.execute(text("SELECT * FROM consultation_requests WHERE id = :id"),
                             {"id": old.id}).one()
    stored = " ".join(str(v) for v in row)
    assert SECRET not in stored and STORY not in stored
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request.erased")).all()
    assert [e.target_id for e in events] == [old.public_id]
    assert SECRET not in (events[0].detail or "")


def test_the_retention_period_comes_from_the_settings(db, requests, app):
    from dataclasses import replace

    from intake.practice.services import current_settings, save_settings, settings_version

    save_settings(replace(current_settings(), declined_retention_days=200),
                  expected_version=settings_version(), actor=make_user(Role.ADMIN))
    db.session.commit()
    assert retention.erase_expired() == 2


def test_an_erased_request_cannot_be_reopened(db, requests):
    old, *_ = requests
    holder = make_user(Role.CLINICIAN)
    old.assigned_to_id = holder.id
    retention.erase_expired()
    db.session.commit()
    with pytest.raises(services.TriageError, match="erased"):
        services.reopen_request(old, actor=holder)
    assert old.status == S.DECLINED


def test_the_command_reports_what_it_erased(db, requests, runner):
    result = runner.invoke(args=["requests", "erase-expired"])
    assert result.exit_code == 0, result.output
    assert "Erased the personal details of 1 declined request past" in result.output


def test_the_request_page_says_the_details_were_erased(db, requests, client, login):
    old, *_ = requests
    clinician = login(Role.CLINICIAN)
    old.assigned_to_id = clinician.id
    retention.erase_expired()
    db.session.commit()
    html = client.get(f"/requests/{old.public_id}").get_data(as_text=True)
    assert "were erased on" in html and old.reference in html
    assert SECRET not in html and STORY not in html
    assert "Reopen for review" not in html
