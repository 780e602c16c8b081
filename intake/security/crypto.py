"""Application-level encryption of sensitive free text (MultiFernet: first key encrypts, all decrypt)."""
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text, text
from sqlalchemy.types import TypeDecorator

EXTENSION_KEY = "intake.crypto"


class KeyConfigError(RuntimeError):
    """The configured encryption keys are missing or malformed."""


def parse_keys(raw: str | list[str]) -> list[str]:
    keys = raw.split(",") if isinstance(raw, str) else list(raw)
    keys = [k.strip() for k in keys if k and k.strip()]
    if not keys:
        raise KeyConfigError("INTAKE_ENCRYPTION_KEYS holds no key")
    return keys


def build_cipher(raw: str | list[str]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k) for k in parse_keys(raw)])
    except ValueError as exc:
        raise KeyConfigError("INTAKE_ENCRYPTION_KEYS holds a malformed Fernet key") from exc


def init_app(app) -> None:
    app.extensions[EXTENSION_KEY] = build_cipher(app.config["ENCRYPTION_KEYS"])


def cipher() -> MultiFernet:
    return current_app.extensions[EXTENSION_KEY]


class EncryptedText(TypeDecorator):
    """Text encrypted before it reaches the database; the file alone reveals none of it."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return cipher().encrypt(value.encode("utf-8")).decode("ascii")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return cipher().decrypt(value.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise KeyConfigError("stored text cannot be decrypted with the configured keys") from exc


def encrypted_columns(metadata):
    """(table, column) pairs whose type is EncryptedText, for key rotation."""
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                yield table, column


def rotate_all(session, metadata) -> int:
    """Re-encrypt every stored value under the first key; returns how many values changed."""
    multi = cipher()
    changed = 0
    for table, column in encrypted_columns(metadata):
        pk = list(table.primary_key.columns)[0].name
        # Plain SQL on purpose: it reads and writes the ciphertext, bypassing EncryptedText.
        rows = session.execute(
            text(f"SELECT {pk}, {column.name} FROM {table.name} WHERE {column.name} IS NOT NULL")
        ).all()
        for row_id, token in rows:
            rotated = multi.rotate(token.encode("ascii")).decode("ascii")
            if rotated != token:
                session.execute(
                    text(f"UPDATE {table.name} SET {column.name} = :token WHERE {pk} = :id"),
                    {"token": rotated, "id": row_id},
                )
                changed += 1
    return changed


class EncryptedJSON(EncryptedText):
    """A JSON value (lists of answers, structured plans) encrypted like EncryptedText."""

    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return super().process_bind_param(json.dumps(value, separators=(",", ":")), dialect)

    def process_result_value(self, value, dialect):
        text_value = super().process_result_value(value, dialect)
        return None if text_value is None else json.loads(text_value)
