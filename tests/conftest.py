"""Fixtures: a migrated database per test (SQLite by default, PostgreSQL when
INTAKE_TEST_DATABASE_URL is set), the app, a client, a CLI runner and a login helper."""
import contextvars
import os
import re
import secrets
import shutil
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url

from intake import clock, create_app
from intake.auth import services as accounts
from intake.auth.models import Role
from intake.extensions import db as _db

TEST_PASSWORD = "quiet-harbour-lantern-47"
ENCRYPTION_KEY = Fernet.generate_key().decode()
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def pytest_report_header(config):
    return f"database: {os.environ.get('INTAKE_TEST_DATABASE_URL') or 'SQLite (per-test copy)'}"


def base_config(database_url: str) -> dict:
    return {
        "ENV_NAME": "testing",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "ENCRYPTION_KEYS": ENCRYPTION_KEY,
        "AUDIT_KEY": "test-audit-key",
        "PUBLIC_BASE_URL": "http://localhost",
    }


class Database:
    """Hands each test a clean, migrated database and knows how to reset it."""

    def __init__(self, tmp_root: Path):
        self.tmp_root = tmp_root
        self.server_url = os.environ.get("INTAKE_TEST_DATABASE_URL")
        self.is_postgres = bool(self.server_url)
        self.url = None
        self.template = None

    def create(self):
        if self.is_postgres:
            # A database of our own, so parallel runs on one server never collide.
            name = f"intake_test_{secrets.token_hex(4)}"
            self._admin(f'CREATE DATABASE "{name}"')
            self.url = make_url(self.server_url).set(database=name).render_as_string(False)
            self.name = name
            self._migrate(self.url)
        else:
            self.template = self.tmp_root / "template.sqlite3"
            self._migrate(f"sqlite:///{self.template}")

    def _admin(self, sql: str):
        engine = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def _migrate(self, url: str):
        from flask_migrate import upgrade

        app = create_app(base_config(url))
        with app.app_context():
            upgrade()
            _db.session.remove()
            _db.engine.dispose()  # closing the last SQLite connection checkpoints the WAL

    def fresh_url(self, tmp_path: Path) -> str:
        if self.is_postgres:
            return self.url
        target = tmp_path / "intake.sqlite3"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def reset(self):
        """Empty every table (PostgreSQL: the append-only triggers are bypassed for the reset).

        DELETE rather than TRUNCATE: a test leaves a handful of rows, and TRUNCATE's fixed cost
        per table (about 0.25 s for all of them) was a quarter of the PostgreSQL run. Ids keep
        counting up across tests; the audit chain numbers its own events from 1."""
        if not self.is_postgres:
            return
        engine = create_engine(self.url)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                for table in reversed(_db.metadata.sorted_tables):
                    conn.exec_driver_sql(f'DELETE FROM "{table.name}"')
        finally:
            engine.dispose()

    def drop(self):
        if self.is_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    database = Database(tmp_path_factory.mktemp("db"))
    database.create()
    yield database
    database.drop()


@pytest.fixture
def app_config(database, tmp_path):
    """Override in a test module (or extend) to change settings for its app."""
    return base_config(database.fresh_url(tmp_path))


class IsolatedClient(FlaskClient):
    """Each request runs like one from a browser: its own app context, `g` and database
    session. The test's own session keeps its app context; whatever the test set up is
    committed first, as another process's work would be."""

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(database, app_config):
    clock.unfreeze()
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()
    database.reset()
    clock.unfreeze()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str) -> str:
    """The CSRF token a browser would get from the page at `url`."""
    response = client.get(url)
    match = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {response.status_code})"
    return match.group(1)


def make_user(role: str | tuple = Role.CLINICIAN, *, email: str | None = None,
              password: str = TEST_PASSWORD, name: str | None = None, **fields):
    roles = {role} if isinstance(role, str) else set(role)
    user = accounts.create_user(email=email or f"{'-'.join(sorted(roles))}-{secrets.token_hex(3)}@example.org",
                                roles=roles, password=password, display_name=name, actor="system")
    for key, value in fields.items():
        setattr(user, key, value)
    _db.session.commit()
    return user


class AuthActions:
    def __init__(self, client):
        self.client = client
        self.user = None

    def login(self, role: str | tuple = Role.CLINICIAN, *, user=None, password=TEST_PASSWORD):
        self.user = user or make_user(role)
        response = self.client.post("/login", data={
            "email": self.user.email, "password": password,
            "csrf_token": csrf_token(self.client, "/login")})
        assert response.status_code == 303, response.get_data(as_text=True)
        return self.user

    def logout(self, token_from: str = "/staff/"):
        token = csrf_token(self.client, token_from)
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login(auth):
    """login(role) signs the test client in as a new user holding `role`; returns the user."""
    return auth.login
