"""Column types and engine behaviour shared by every feature's models."""
import math
import secrets
import sqlite3
from datetime import datetime, timezone

from sqlalchemy import DateTime, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from intake.clock import utcnow

PUBLIC_ID_BYTES = 12  # 16 URL-safe characters, 96 bits: unguessable, short enough for a URL


def new_public_id() -> str:
    """A random, URL-safe id for any record that appears in a URL."""
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC; SQLite returns naive values, so re-attach UTC on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class PublicIdMixin:
    """An opaque id for URLs; the integer primary key never leaves the database."""

    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """WAL, a busy timeout and enforced foreign keys on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" hook emit BEGIN IMMEDIATE instead of pysqlite's deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        cursor.execute("SELECT ln(1), floor(1.5)")
    except sqlite3.OperationalError:
        # A build without SQLite's math functions: the reports' duration buckets use these two.
        dbapi_connection.create_function("ln", 1, math.log, deterministic=True)
        dbapi_connection.create_function("floor", 1, math.floor, deterministic=True)
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_immediate(conn):
    """Take SQLite's write lock at BEGIN, so concurrent writers queue on busy_timeout
    instead of failing with 'database is locked' when a read upgrades to a write."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
