import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.clock import utcnow
from intake.database import PublicIdMixin, TimestampMixin, UTCDateTime
from intake.extensions import db
from intake.security.crypto import EncryptedText


class Role:
    CLINICIAN = "clinician"
    ADMIN = "admin"
    ALL = (CLINICIAN, ADMIN)


class User(PublicIdMixin, TimestampMixin, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_clinician: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    mfa_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Counts admins' edits of the account (name, roles, activation, password and two-step
    # resets), for optimistic locking of the staff screens. Not a mapper version_id_col:
    # sign-ins also write this row, and must not turn an admin's edit into a false conflict.
    version: Mapped[int] = mapped_column(Integer, default=1)

    sessions: Mapped[list["StaffSession"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login: an inactive user cannot be logged in
        return self.active

    def get_id(self) -> str:
        return self.public_id

    @property
    def roles(self) -> set[str]:
        held = set()
        if self.is_clinician:
            held.add(Role.CLINICIAN)
        if self.is_admin:
            held.add(Role.ADMIN)
        return held

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class StaffSession(TimestampMixin, db.Model):
    """A server-side record of one sign-in, so logout and deactivation really end it."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only the hash is stored: a database reader cannot replay a live session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mfa_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="sessions")

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
