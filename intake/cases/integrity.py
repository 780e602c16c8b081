"""The database guards on signed notes and case history, and the one way past them.

Triggers (see the c5_cases migration) refuse UPDATE and DELETE of signed notes and of the
history tables on SQLite and PostgreSQL. A key rotation must still re-encrypt those rows
(same text, new ciphertext): inside rewrapping_keys() the triggers let UPDATEs through that
leave a signed note's author, kind and signature as they were. Nothing ever lets a DELETE through."""
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

_rewrapping: ContextVar[bool] = ContextVar("intake_rewrapping_keys", default=False)


@event.listens_for(Engine, "connect")
def _register_sqlite_function(dbapi_connection, connection_record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("intake_rewrapping_keys", 0,
                                         lambda: int(_rewrapping.get()))


@contextmanager
def rewrapping_keys(session):
    """Allow re-encryption of protected rows for the rest of this block (and, on PostgreSQL,
    of this transaction); the caller commits."""
    postgres = session.get_bind().dialect.name == "postgresql"
    token = _rewrapping.set(True)
    try:
        if postgres:
            session.execute(text("SELECT set_config('intake.rewrapping_keys', 'on', true)"))
        yield
    finally:
        _rewrapping.reset(token)
        if postgres:
            session.execute(text("SELECT set_config('intake.rewrapping_keys', 'off', true)"))
