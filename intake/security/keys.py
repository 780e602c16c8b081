"""Secrets: required from the environment in production, generated once into instance/ elsewhere."""
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

GENERATED_IN = {"development", "testing"}


class MissingSecret(RuntimeError):
    pass


def _generated(instance: Path, name: str, make) -> str:
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process generated it first; use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def ensure_secrets(app) -> None:
    config, instance = app.config, Path(app.instance_path)
    generate = config["ENV_NAME"] in GENERATED_IN
    for key, filename, make in (
        ("SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(48)),
        ("ENCRYPTION_KEYS", "encryption_keys", lambda: Fernet.generate_key().decode()),
    ):
        if config.get(key):
            continue
        if not generate:
            raise MissingSecret(f"INTAKE_{key} must be set in the {config['ENV_NAME']} environment")
        config[key] = _generated(instance, filename, make)
    # Derived so the contract's two secrets suffice; set INTAKE_AUDIT_KEY and
    # INTAKE_BLIND_INDEX_KEY to rotate SECRET_KEY without breaking the audit chain or search.
    for key, label in (("AUDIT_KEY", b"intake-audit-chain"), ("BLIND_INDEX_KEY", b"intake-blind-index")):
        if not config.get(key):
            config[key] = hmac.new(config["SECRET_KEY"].encode(), label, hashlib.sha256).hexdigest()
