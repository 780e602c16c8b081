"""Intake: consultation requests and case tracking for a trauma-bonding psychotherapy practice."""
import os
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """templates/, config/ and migrations/ sit at the top of a checkout, inside an installed wheel."""
    installed = PACKAGE / name
    return installed if installed.is_dir() else PACKAGE.parent / name


TEMPLATES = _resource_dir("templates")
CONFIG = _resource_dir("config")
MIGRATIONS = _resource_dir("migrations")


def config_file_for(env_name: str) -> Path:
    path = CONFIG / f"{env_name}.py"
    if not path.is_file():
        raise RuntimeError(f"No settings file for INTAKE_ENV={env_name!r} in {CONFIG}")
    return path


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES), instance_relative_config=True)
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    from intake.security.keys import ensure_secrets
    from intake.settings import Defaults

    app.config.from_object(Defaults)
    env_name = (test_config or {}).get("ENV_NAME") or os.environ.get("INTAKE_ENV", "development")
    app.config.from_pyfile(str(config_file_for(env_name)))
    app.config.from_prefixed_env("INTAKE")
    app.config.update(test_config or {})
    ensure_secrets(app)
    database_url = app.config["DATABASE_URL"] or _default_sqlite_url(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    # Bound parameters never reach logs or exception messages (they may hold client details).
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"],
                                               "hide_parameters": True}
    if app.config["REDIS_URL"]:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]


def _default_sqlite_url(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'intake.sqlite3'}"


def register_extensions(app: Flask) -> None:
    from intake.extensions import csrf, db, limiter, login_manager, migrate
    from intake.security import crypto

    crypto.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True,
                     compare_type=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    csrf.init_app(app)
    limiter.init_app(app)
    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)


def register_blueprints(app: Flask) -> None:
    from intake import health, models  # noqa: F401  (models: every table known to Alembic)
    from intake.admin.views import bp as admin_bp
    from intake.auth.models import Role
    from intake.auth.views import bp as auth_bp
    from intake.cases.admin_views import bp as cases_admin_bp
    from intake.cases.plans.admin_views import bp as plans_admin_bp
    from intake.cases.views import bp as cases_bp
    import intake.cases.plans.views, intake.cases.safety.views  # noqa: E401,F401  (routes on cases_bp)
    from intake.public.views import bp as public_bp
    from intake.reports.views import bp as reports_bp
    from intake.scheduling.views import bp as scheduling_bp
    from intake.security.access import register_staff_blueprint
    from intake.staff.views import bp as staff_bp
    from intake.triage.views import bp as triage_bp

    app.register_blueprint(health.bp)
    app.register_blueprint(public_bp)  # each public view is marked @public
    app.register_blueprint(auth_bp)
    register_staff_blueprint(app, staff_bp, roles=Role.ALL)
    # Admins see requests' status and timing only; the views keep clinical text from them.
    register_staff_blueprint(app, triage_bp, roles=Role.ALL)
    register_staff_blueprint(app, cases_bp, roles={Role.CLINICIAN})
    register_staff_blueprint(app, scheduling_bp, roles=Role.ALL)
    register_staff_blueprint(app, reports_bp, roles={Role.ADMIN})
    register_staff_blueprint(app, admin_bp, roles={Role.ADMIN})
    # Reassigning cases: clinicians' names, status and phase only, never clinical text.
    register_staff_blueprint(app, cases_admin_bp, roles={Role.ADMIN})
    # The intervention vocabulary: method names and goal counts, no case.
    register_staff_blueprint(app, plans_admin_bp, roles={Role.ADMIN})


def register_security(app: Flask) -> None:
    from intake import errors
    from intake.security import access, headers
    from intake.templating import init_app as init_templating

    access.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    init_templating(app)


def register_commands(app: Flask) -> None:
    from intake.cli import register_commands as register

    register(app)
