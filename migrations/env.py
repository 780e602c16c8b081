"""Alembic environment: runs against the app's engine (flask --app intake db …)."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
target_metadata = migrate_ext.db.metadata


def _skip_empty_autogenerate(context_, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def _render_item(type_, obj, autogen_context):
    """Render the app's column types as their plain storage types, so a migration never
    imports application code that may change after it has landed."""
    if type_ == "type":
        from intake.database import UTCDateTime
        from intake.security.crypto import EncryptedText
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime(timezone=True)"
        if isinstance(obj, EncryptedText):
            return "sa.Text()"
    return False


def run_migrations_offline():
    url = str(migrate_ext.db.engine.url)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    options = dict(migrate_ext.configure_args)
    options.setdefault("process_revision_directives", _skip_empty_autogenerate)
    options.setdefault("render_item", _render_item)
    engine = migrate_ext.db.engine
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds tables; with foreign keys on, dropping the old copy would
            # cascade. The pragma only works outside a transaction, so it goes to the driver
            # before SQLAlchemy begins one.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
            options.setdefault("transactional_ddl", True)  # our BEGIN IMMEDIATE wraps DDL too
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()
        if connection.in_transaction():
            connection.commit()
        if sqlite:
            raw = connection.connection.dbapi_connection
            problems = raw.execute("PRAGMA foreign_key_check").fetchall()
            raw.execute("PRAGMA foreign_keys=ON")
            if problems:
                raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
