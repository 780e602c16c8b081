import pytest

from intake import create_app
from intake.security.keys import MissingSecret
from tests.conftest import base_config


def test_production_refuses_to_start_without_secrets(monkeypatch, tmp_path):
    monkeypatch.delenv("INTAKE_SECRET_KEY", raising=False)
    monkeypatch.delenv("INTAKE_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(MissingSecret, match="INTAKE_SECRET_KEY"):
        create_app({"ENV_NAME": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    with pytest.raises(MissingSecret, match="INTAKE_ENCRYPTION_KEYS"):
        create_app({"ENV_NAME": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                    "SECRET_KEY": "s" * 40})


def test_production_starts_with_secrets_from_the_environment(monkeypatch, tmp_path):
    from cryptography.fernet import Fernet

    monkeypatch.setenv("INTAKE_ENV", "production")
    monkeypatch.setenv("INTAKE_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("INTAKE_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("INTAKE_RATELIMIT_ENABLED", "false")
    app = create_app()
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REQUIRE_MFA"] is True
    assert app.config["RATELIMIT_ENABLED"] is False


def test_development_generates_keys_into_instance_once(monkeypatch, tmp_path):
    for name in ("INTAKE_SECRET_KEY", "INTAKE_ENCRYPTION_KEYS", "INTAKE_ENV"):
        monkeypatch.delenv(name, raising=False)
    config = {"ENV_NAME": "development", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    first = create_app(config)
    second = create_app(config)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert first.config["ENCRYPTION_KEYS"] == second.config["ENCRYPTION_KEYS"]
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.read_text() == first.config["SECRET_KEY"]
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_environment_variables_override_settings_files(monkeypatch, database, tmp_path):
    monkeypatch.setenv("INTAKE_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("INTAKE_PRACTICE_NAME", "Test Practice")
    app = create_app(base_config(database.fresh_url(tmp_path)))
    assert app.config["SESSION_IDLE_MINUTES"] == 5
    assert app.config["PRACTICE_NAME"] == "Test Practice"


def test_redis_url_moves_rate_limit_state_to_redis(database, tmp_path):
    app = create_app({**base_config(database.fresh_url(tmp_path)),
                      "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
