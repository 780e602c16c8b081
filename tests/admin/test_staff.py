"""Staff screens: add, edit, deactivate, reactivate, temporary passwords, last-admin rule."""
import pytest
from sqlalchemy import select

from intake.audit.models import AuditEvent
from intake.auth.models import Role, StaffSession, User
from tests.conftest import TEST_PASSWORD, AuthActions, csrf_token, make_user

NEW_PASSWORD = "amber-willow-kettle-93"


def post(client, url, data, token_from=None):
    data = {"csrf_token": csrf_token(client, token_from or url), **data}
    return client.post(url, data=data)


def actions(db, action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def fresh(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def edit_url(user):
    return f"/admin/users/{user.public_id}"


def test_the_list_shows_roles_status_and_last_sign_in(client, login, db):
    admin = login(Role.ADMIN)
    make_user(Role.CLINICIAN, name="Dr. Listed Person")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Dr. Listed Person" in page and "clinician" in page and "Never" in page
    assert admin.display_name in page and "Active" in page
    assert fresh(db, admin).last_login_at is not None  # set by the sign-in path


def test_add_a_clinician_with_a_temporary_password(client, login, db, app):
    login(Role.ADMIN)
    response = post(client, "/admin/users/new", {
        "display_name": "Dr. Sam Ortiz", "email": "Sam.Ortiz@Example.org",
        "roles": ["clinician"], "temporary_password": NEW_PASSWORD})
    assert response.status_code == 303
    person = db.session.scalar(select(User).where(User.email == "sam.ortiz@example.org"))
    assert person.is_clinician and not person.is_admin and person.must_change_password
    event = actions(db, "user.create")[-1]
    assert event.target_id == person.public_id and "Ortiz" not in (event.detail or "")
    # They sign in with it and are sent to choose their own.
    other = AuthActions(app.test_client())
    other.login(user=person, password=NEW_PASSWORD)
    assert other.client.get("/staff/").headers["Location"].endswith("/account/password")


@pytest.mark.parametrize("data, field_message", [
    ({"email": "not-an-email"}, "not valid"),
    ({"roles": []}, "Choose at least one role"),
    ({"temporary_password": "short"}, "at least 12"),
    ({"display_name": ""}, "This field is required"),
])
def test_bad_new_staff_input_is_422_and_keeps_what_was_typed(client, login, db, data, field_message):
    login(Role.ADMIN)
    form = {"display_name": "Dr. Kept Name", "email": "kept@example.org", "roles": ["clinician"],
            "temporary_password": NEW_PASSWORD, **data}
    response = post(client, "/admin/users/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_message in page
    assert 'class="error-summary"' in page
    if data.get("display_name") != "":
        assert "Dr. Kept Name" in page
    assert db.session.scalar(select(User).where(User.email == "kept@example.org")) is None


def test_duplicate_email_is_refused(client, login, db):
    login(Role.ADMIN)
    existing = make_user(Role.CLINICIAN)
    response = post(client, "/admin/users/new", {
        "display_name": "Dup", "email": existing.email.upper(), "roles": ["clinician"],
        "temporary_password": NEW_PASSWORD})
    assert response.status_code == 422 and "already exists" in response.get_data(as_text=True)


def test_edit_name_and_roles_is_audited(client, login, db):
    login(Role.ADMIN)
    person = make_user(Role.CLINICIAN, name="Old Name")
    response = post(client, edit_url(person), {"display_name": "New Name",
                                               "roles": ["clinician", "admin"], "version": "1"})
    assert response.status_code == 303
    person = fresh(db, person)
    assert person.display_name == "New Name" and person.roles == {"clinician", "admin"}
    assert person.version == 2
    assert actions(db, "user.update")[-1].detail == "display_name,roles=admin+clinician"


def test_a_stale_edit_is_refused_with_the_fresh_state(client, login, db):
    login(Role.ADMIN)
    person = make_user(Role.CLINICIAN, name="First Name")
    assert post(client, edit_url(person), {"display_name": "Second Name",
                                           "roles": ["clinician"], "version": "1"}).status_code == 303
    late = post(client, edit_url(person), {"display_name": "Third Name",
                                           "roles": ["clinician"], "version": "1"})
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "Someone else changed this account" in page
    assert 'value="Second Name"' in page
    assert fresh(db, person).display_name == "Second Name"


def test_the_last_active_admin_keeps_the_admin_role(client, login, db):
    admin = login(Role.ADMIN)
    response = post(client, edit_url(admin), {"display_name": admin.display_name,
                                              "roles": ["clinician"], "version": "1"})
    assert response.status_code == 422 and "last active admin" in response.get_data(as_text=True)
    assert fresh(db, admin).is_admin
    # With a second admin, the role may go.
    make_user(Role.ADMIN)
    response = post(client, edit_url(admin), {"display_name": admin.display_name,
                                              "roles": ["clinician"], "version": "1"})
    assert response.status_code == 303 and not fresh(db, admin).is_admin


def test_an_inactive_admin_does_not_count(client, login, db):
    admin = login(Role.ADMIN)
    make_user(Role.ADMIN, active=False)
    response = post(client, edit_url(admin), {"display_name": admin.display_name,
                                              "roles": ["clinician"], "version": "1"})
    assert response.status_code == 422


def test_deactivation_ends_sessions_and_reactivation_restores(client, login, db, app):
    login(Role.ADMIN)
    person = make_user(Role.CLINICIAN)
    theirs = AuthActions(app.test_client())
    theirs.login(user=person)
    assert theirs.client.get("/staff/").status_code == 200
    response = post(client, f"{edit_url(person)}/deactivate", {"activation-version": "1"},
                    token_from=edit_url(person))
    assert response.status_code == 303
    assert not fresh(db, person).active
    assert theirs.client.get("/staff/").status_code == 302  # signed out
    assert db.session.scalar(select(StaffSession).where(
        StaffSession.user_id == person.id, StaffSession.revoked_at.is_(None))) is None
    assert post(client, f"{edit_url(person)}/reactivate", {"activation-version": "2"},
                token_from=edit_url(person)).status_code == 303
    assert fresh(db, person).active
    assert [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.target_id == person.public_id, AuditEvent.action.like("user.%")))] == [
        "user.create", "user.deactivate", "user.activate"]
    assert db.session.get(User, person.id) is not None  # never deleted


def test_you_cannot_deactivate_yourself_or_the_last_admin(client, login, db):
    admin = login(Role.ADMIN)
    response = post(client, f"{edit_url(admin)}/deactivate", {"activation-version": "1"},
                    token_from=edit_url(admin))
    assert response.status_code == 422 and "your own account" in response.get_data(as_text=True)
    assert fresh(db, admin).active


def test_the_last_admin_cannot_be_deactivated_by_a_service_call(db, app):
    from intake.admin import services
    only = make_user(Role.ADMIN)
    helper = make_user(Role.ADMIN, active=False)
    with pytest.raises(services.AccountError, match="last active admin"):
        services.deactivate_staff(only, expected_version=1, actor=helper)


def test_reset_to_a_temporary_password(client, login, db, app):
    login(Role.ADMIN)
    person = make_user(Role.CLINICIAN, locked_until=None, failed_logins=4)
    theirs = AuthActions(app.test_client())
    theirs.login(user=person)
    response = post(client, f"{edit_url(person)}/password",
                    {"reset-temporary_password": NEW_PASSWORD, "reset-version": "1"},
                    token_from=edit_url(person))
    assert response.status_code == 303
    person = fresh(db, person)
    assert person.must_change_password and person.failed_logins == 0
    assert theirs.client.get("/staff/").status_code == 302  # their session ended
    assert actions(db, "user.password.reset")[-1].detail == "sessions_ended=1"
    again = AuthActions(app.test_client())
    again.login(user=person, password=NEW_PASSWORD)
    with pytest.raises(AssertionError):
        AuthActions(app.test_client()).login(user=person, password=TEST_PASSWORD)


def test_a_weak_temporary_password_is_refused(client, login, db):
    login(Role.ADMIN)
    person = make_user(Role.CLINICIAN)
    response = post(client, f"{edit_url(person)}/password",
                    {"reset-temporary_password": "password1234", "reset-version": "1"},
                    token_from=edit_url(person))
    assert response.status_code == 422 and "too common" in response.get_data(as_text=True)
    assert not fresh(db, person).must_change_password


def _clinician_with_a_booking(db):
    from datetime import datetime, time, timezone

    from intake import audit, clock
    from intake.scheduling import booking, services as availability
    from intake.scheduling.models import Slot
    from tests.factories import make_request

    clock.freeze(datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc))
    person = make_user(Role.CLINICIAN)
    availability.add_weekly_hours(person, weekday=2, start=time(9), end=time(10),
                                  actor=audit.SYSTEM)
    db.session.commit()
    first = db.session.scalars(select(Slot).order_by(Slot.starts_at)).first()
    booking.book(make_request(), first)
    db.session.commit()
    return person


def _open_slots(db, person):
    from intake.scheduling.models import Slot
    db.session.expire_all()
    return db.session.scalars(select(Slot).where(Slot.clinician_id == person.id,
                                                 Slot.withdrawn.is_(False))).all()


def test_deactivating_a_clinician_withdraws_open_slots_and_names_bookings(client, login, db):
    login(Role.ADMIN)
    person = _clinician_with_a_booking(db)
    response = post(client, f"{edit_url(person)}/deactivate", {"activation-version": "1"},
                    token_from=edit_url(person))
    assert response.status_code == 303
    page = client.get(edit_url(person)).get_data(as_text=True)
    assert "11 open slots withdrawn" in page
    assert "booked consultation at Wed 2 Dec 2026, 9:00 am" in page
    assert len(_open_slots(db, person)) == 1  # the booked one stays


def test_removing_the_clinician_role_withdraws_open_slots(client, login, db):
    login(Role.ADMIN)
    person = _clinician_with_a_booking(db)
    response = post(client, edit_url(person), {"display_name": person.display_name,
                                               "roles": ["admin"], "version": "1"})
    assert response.status_code == 303
    assert "Kept 1 booked consultation" in client.get(edit_url(person)).get_data(as_text=True)
    assert len(_open_slots(db, person)) == 1


def test_the_admin_home_lists_what_needs_attention(client, login, db):
    login(Role.ADMIN)
    booked_only = _clinician_with_a_booking(db)
    make_user(Role.CLINICIAN, name="Dr. No Hours")
    make_user(Role.CLINICIAN, name="Dr. New Starter", must_change_password=True)
    make_user(Role.CLINICIAN, name="Dr. Gone", active=False)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Dr. No Hours</a> has no open consultation slots" in page
    assert "Dr. New Starter</a> has not yet replaced the temporary password" in page
    assert "Dr. Gone" not in page
    assert f"{booked_only.display_name}</a> has no open" not in page  # 11 open slots remain


def test_reset_two_step_sign_in(client, login, db, app):
    login(Role.ADMIN)
    person = make_user(Role.CLINICIAN, mfa_enabled=True, totp_secret="JBSWY3DPEHPK3PXP")
    page = client.get(edit_url(person)).get_data(as_text=True)
    assert "Reset two-step sign-in" in page
    response = post(client, f"{edit_url(person)}/mfa", {"activation-version": "1"},
                    token_from=edit_url(person))
    assert response.status_code == 303
    person = fresh(db, person)
    assert not person.mfa_enabled and person.totp_secret is None
    assert actions(db, "user.mfa.reset")[-1].target_id == person.public_id
    stale = post(client, f"{edit_url(person)}/mfa", {"activation-version": "1"},
                 token_from=edit_url(person))
    assert stale.status_code == 409


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, db):
    """A real race on the database: each in its own thread, transaction and session."""
    import threading

    from intake.admin import services
    first, second = make_user(Role.ADMIN).id, make_user(Role.ADMIN).id
    db.session.commit()  # end this session's transaction: SQLite's write lock is one for all
    barrier, results = threading.Barrier(2, timeout=30), {}

    def demote(target_id, actor_id):
        with app.app_context():
            barrier.wait()
            target, actor = db.session.get(User, target_id), db.session.get(User, actor_id)
            try:
                services.update_staff(target, display_name=target.display_name,
                                      roles={Role.CLINICIAN}, expected_version=1, actor=actor)
                db.session.commit()
                results[target_id] = "demoted"
            except services.AccountError:
                db.session.rollback()
                results[target_id] = "refused"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=demote, args=(first, second)),
               threading.Thread(target=demote, args=(second, first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == ["demoted", "refused"]
    db.session.expire_all()
    assert sum(db.session.get(User, user_id).is_admin for user_id in (first, second)) == 1
