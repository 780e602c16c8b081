"""The benchmark database: SQLite built with the bulk history generator, cached by size."""
import hashlib
import os
import tempfile
import time
from pathlib import Path

import click
from cryptography.fernet import Fernet

from intake import MIGRATIONS, create_app

ADMIN_EMAIL = "bench-admin@example.org"
PASSWORD = "bench-lantern-harbour-93"
CLINICIANS = [("bench-clinician1@example.org", "Dr. Bench One"),
              ("bench-clinician2@example.org", "Dr. Bench Two"),
              ("bench-clinician3@example.org", "Dr. Bench Three")]


def cache_dir() -> Path:
    path = Path(os.environ.get("INTAKE_BENCH_DIR") or Path(tempfile.gettempdir()) / "intake-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret(path: Path, make) -> str:
    if not path.exists():
        path.write_text(make())
    return path.read_text().strip()


def schema_tag() -> str:
    """Changes with the migrations, so a cached database never outlives its schema."""
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:8]


def bench_app(requests: int):
    """The app on the cached database of `requests` requests (built on first use)."""
    root = cache_dir()
    stem = f"requests-{requests}-{schema_tag()}"
    database = root / f"{stem}.sqlite3"
    done = root / f"{stem}.done"
    app = create_app({
        "ENV_NAME": "testing",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": _secret(root / "secret_key", lambda: Fernet.generate_key().decode() * 2),
        "ENCRYPTION_KEYS": _secret(root / "encryption_key", lambda: Fernet.generate_key().decode()),
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": True,
    })
    if not done.exists():
        for leftover in root.glob(f"{stem}.sqlite3*"):
            leftover.unlink()
        with app.app_context():
            _build(requests)
        done.write_text("built\n")
    else:
        click.echo(f"Reusing {database} ({requests:,} requests)")
    return app


def _build(requests: int) -> None:
    from flask_migrate import upgrade

    from intake import audit
    from intake.auth import services as accounts
    from intake.auth.models import Role
    from intake.extensions import db
    from intake.reports import history

    click.echo(f"Building a {requests:,}-request database (cached for later runs)")
    upgrade()
    accounts.create_user(email=ADMIN_EMAIL, roles={Role.ADMIN}, password=PASSWORD,
                         display_name="Bench Admin", actor=audit.SYSTEM)
    clinicians = [accounts.create_user(email=email, roles={Role.CLINICIAN}, password=PASSWORD,
                                       display_name=name, actor=audit.SYSTEM).id
                  for email, name in CLINICIANS]
    db.session.commit()
    started = time.perf_counter()
    with click.progressbar(length=requests, label="Generating history") as bar:
        made = history.generate(db.session, requests, clinicians, progress=bar.update,
                                commit_batches=True)
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    click.echo(f"Generated {made.requests:,} requests, {made.status_changes:,} status changes, "
               f"{made.cases:,} cases, {made.phase_changes:,} phase changes, "
               f"{made.handovers:,} handovers "
               f"in {time.perf_counter() - started:.0f} s")
