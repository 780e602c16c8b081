"""/admin/settings: validated, versioned, audited, and used by every page."""
import pytest
from sqlalchemy import func, select, text

from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.practice.models import PracticeSettings
from intake.practice.services import current_settings
from tests.conftest import csrf_token

URL = "/admin/settings"


def valid_form(**overrides):
    form = {
        "version": "0",
        "practice_name": "Harbourlight Counselling",
        "timezone": "America/Chicago",
        "served_regions": "IL | Illinois\nWI | Wisconsin",
        "crisis_default": "In an emergency | Call 911\n988 Lifeline | Call or text 988",
        "crisis_overrides": "IL | Illinois Crisis Line | Call 1-800-000-0000",
        "quick_exit_url": "https://www.example.com/weather",
        "privacy_notice_text": "We keep what you tell us private.",
        "privacy_notice_version": "2027-01",
        "plan_review_days": "60",
        "declined_retention_days": "180",
    }
    form.update(overrides)
    return form


def save(client, **overrides):
    return client.post(URL, data={"csrf_token": csrf_token(client, URL), **valid_form(**overrides)})


def test_the_form_shows_the_configured_defaults(client, login):
    login(Role.ADMIN)
    page = client.get(URL).get_data(as_text=True)
    assert 'value="Northlight Therapy"' in page and "NY | New York" in page
    assert "988 Suicide &amp; Crisis Lifeline | Call or text 988" in page


def test_saving_stores_every_setting_and_audits_the_fields(client, login, db):
    login(Role.ADMIN)
    response = save(client)
    assert response.status_code == 303
    settings = current_settings()
    assert settings.practice_name == "Harbourlight Counselling"
    assert settings.timezone == "America/Chicago"
    assert settings.served_regions == [{"code": "IL", "name": "Illinois"},
                                       {"code": "WI", "name": "Wisconsin"}]
    assert settings.crisis_resources_for("IL") == [
        {"label": "Illinois Crisis Line", "contact": "Call 1-800-000-0000"}]
    assert settings.crisis_resources_for("WI")[0]["contact"] == "Call 911"
    assert (settings.plan_review_days, settings.declined_retention_days) == (60, 180)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.update"))
    assert event.detail.startswith("changed=practice_name,timezone,served_regions")
    assert "Harbourlight" not in event.detail


def test_the_saved_name_and_zone_reach_the_pages(client, login, db):
    admin = login(Role.ADMIN)
    save(client)
    assert "Harbourlight Counselling" in client.get("/nonexistent-page").get_data(as_text=True)
    # Times on screens follow the saved zone: Chicago is an hour behind New York.
    from datetime import datetime, timezone
    from intake.auth.models import User
    db.session.get(User, admin.id).last_login_at = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
    assert "Tue 1 Dec 2026, 9:00 am" in client.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize("field, value, message", [
    ("timezone", "Mars/Olympus", "time zone name"),
    ("quick_exit_url", "http://example.com", "https://"),
    ("quick_exit_url", "javascript:alert(1)", "https://"),
    ("served_regions", "Illinois", "Line 1 should look like"),
    ("crisis_default", "", "at least one crisis resource"),
    ("crisis_overrides", "CA | Line | 1", "CA is not one of the served regions"),
    ("plan_review_days", "3", "between 7 and 365"),
    ("declined_retention_days", "lots", "Not a valid integer"),
    ("privacy_notice_version", "v 2", "Letters, digits"),
    ("practice_name", "", "This field is required"),
])
def test_bad_input_is_422_keeps_the_typing_and_saves_nothing(client, login, db, field, value, message):
    login(Role.ADMIN)
    response = save(client, **{field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert 'class="error-summary"' in page and "IL | Illinois" in page
    assert db.session.scalar(select(func.count()).select_from(PracticeSettings)) == 0


def test_changing_the_notice_text_needs_a_new_version(client, login):
    login(Role.ADMIN)
    assert save(client).status_code == 303
    response = save(client, version="1", privacy_notice_text="A different notice.")
    assert response.status_code == 422 and "give it a new version" in response.get_data(as_text=True)
    assert save(client, version="1", privacy_notice_text="A different notice.",
                privacy_notice_version="2027-02").status_code == 303
    assert current_settings().privacy_notice_version == "2027-02"


def test_a_stale_save_is_refused_with_the_saved_values(client, login):
    login(Role.ADMIN)
    assert save(client).status_code == 303
    late = save(client, version="0", practice_name="Overwriting Name")
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "Someone else saved the settings" in page
    assert 'value="Harbourlight Counselling"' in page
    assert current_settings().practice_name == "Harbourlight Counselling"


def test_saving_unchanged_values_writes_no_audit_row(client, login, db):
    login(Role.ADMIN)
    save(client)
    save(client, version="1")
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "settings.update")) == 1


def test_settings_are_read_once_per_request(client, login, db):
    from sqlalchemy import event
    login(Role.ADMIN)
    save(client)
    statements = []

    def count(conn, cursor, statement, *args):
        if "FROM practice_settings" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = client.get("/admin/users").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert "Last sign-in" in page  # the page used the name and the zone (local times)
    assert len(statements) == 1


def test_an_error_page_still_renders_when_the_settings_cannot_be_read(app, db):
    from intake.templating import practice_name
    with app.test_request_context():
        db.session.execute(text("ALTER TABLE practice_settings RENAME TO practice_settings_gone"))
        try:
            assert practice_name() == app.config["PRACTICE_NAME"]
        finally:
            db.session.rollback()


def test_two_first_saves_cannot_both_create_the_row(app, db):
    from intake import audit
    from intake.practice import services as practice
    practice.save_settings(current_settings(), expected_version=0, actor=audit.SYSTEM)
    db.session.commit()
    # A second admin's first save that did not see the row: the primary key refuses it.
    row = db.session.scalar(select(PracticeSettings))
    db.session.expunge(row)
    from unittest import mock  # the lookup is made blind, as in a concurrent transaction
    with mock.patch.object(practice, "_row", return_value=None):
        with pytest.raises(practice.SettingsConflict):
            practice.save_settings(current_settings(), expected_version=0, actor=audit.SYSTEM)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(PracticeSettings)) == 1


def test_a_new_time_zone_warns_that_the_reports_recount_every_day(client, login, db):
    login(Role.ADMIN)
    page = client.get(save(client).headers["Location"]).get_data(as_text=True)
    assert "recount every day in the new time zone" in page
    second = save(client, version="1", timezone="America/Chicago", practice_name="Renamed")
    assert "recount every day" not in client.get(second.headers["Location"]).get_data(as_text=True)
