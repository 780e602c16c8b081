"""flask --app intake outbox … (delivery of queued notifications)."""
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Deliver queued notifications.")
