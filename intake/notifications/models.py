from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.security.crypto import EncryptedText


class NotificationStatus:
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry


class Notification(PublicIdMixin, TimestampMixin, db.Model):
    """A transactional-outbox row, written in the same transaction as the change it reports.

    Subjects and bodies never carry PHI: no names, no clinical detail, only neutral words and
    a link to sign in. A client's own address is PHI, so it is encrypted."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recipient_address: Mapped[str | None] = mapped_column(EncryptedText)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=NotificationStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at"),)
