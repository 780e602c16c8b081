"""Writing to the outbox. Delivery is `flask --app intake outbox send` (notifications/sender.py)."""
from intake.extensions import db
from intake.notifications.models import Notification


def enqueue(kind: str, *, subject: str, body: str, to_user=None,
            to_address: str | None = None) -> Notification:
    """Queue one message in the caller's transaction. Never pass names or clinical text."""
    if (to_user is None) == (to_address is None):
        raise ValueError("a notification goes to exactly one of a staff user or an address")
    notification = Notification(kind=kind, subject=subject, body=body,
                                recipient_user_id=to_user.id if to_user else None,
                                recipient_address=to_address)
    db.session.add(notification)
    db.session.flush()
    return notification
