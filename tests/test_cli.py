import pytest
from sqlalchemy import func, select

from intake.auth.models import User
from tests.conftest import TEST_PASSWORD


def count_users(db):
    return db.session.scalar(select(func.count()).select_from(User))


def create(runner, *args, password=TEST_PASSWORD):
    return runner.invoke(args=["users", "create", *args, "--password-stdin"], input=password + "\n")


def test_create_user_from_stdin(runner, db):
    result = create(runner, "--email", "New.Person@Example.org", "--role", "clinician")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "new.person@example.org" and user.is_clinician and not user.is_admin
    assert user.password_hash.startswith("$argon2id$")


def test_create_user_with_both_roles(runner, db):
    result = create(runner, "--email", "owner@example.org", "--role", "clinician", "--role", "admin")
    assert result.exit_code == 0
    assert db.session.scalar(select(User)).roles == {"clinician", "admin"}


@pytest.mark.parametrize("args, password, message", [
    (["--email", "x@example.org", "--role", "therapist"], TEST_PASSWORD, "unknown role"),
    (["--email", "x@example.org", "--role", "admin"], "short", "at least 12"),
    (["--email", "x@example.org", "--role", "admin"], "password1234", "too common"),
    (["--email", "not-an-email", "--role", "admin"], TEST_PASSWORD, "not valid"),
])
def test_bad_input_exits_2_and_writes_nothing(runner, db, args, password, message):
    result = create(runner, *args, password=password)
    assert result.exit_code == 2
    assert message in result.output
    assert count_users(db) == 0


def test_duplicate_email_exits_2(runner, db):
    create(runner, "--email", "dup@example.org", "--role", "admin")
    result = create(runner, "--email", "DUP@example.org", "--role", "admin")
    assert result.exit_code == 2 and "already exists" in result.output
    assert count_users(db) == 1


def test_deactivate_and_list(runner, db):
    create(runner, "--email", "a@example.org", "--role", "admin")
    create(runner, "--email", "b@example.org", "--role", "clinician")
    assert runner.invoke(args=["users", "deactivate", "--email", "b@example.org"]).exit_code == 0
    listing = runner.invoke(args=["users", "list"]).output
    assert "a@example.org\tadmin\tactive" in listing
    assert "b@example.org\tclinician\tinactive" in listing


def test_the_last_admin_cannot_be_deactivated(runner, db):
    create(runner, "--email", "a@example.org", "--role", "admin")
    result = runner.invoke(args=["users", "deactivate", "--email", "a@example.org"])
    assert result.exit_code == 2 and "last active admin" in result.output


def test_demo_seed_creates_the_three_accounts_once(runner, db):
    first = runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert first.exit_code == 0, first.output
    emails = set(db.session.scalars(select(User.email)))
    assert {"admin@example.org", "clinician@example.org", "clinician2@example.org"} <= emails
    again = runner.invoke(args=["demo", "seed", "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert again.exit_code == 0 and count_users(db) == len(emails)


def test_demo_seed_prints_a_generated_password_once(runner, db):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0
    assert "password:" in result.output and "admin@example.org" in result.output
    assert "password:" not in runner.invoke(args=["demo", "seed"]).output
