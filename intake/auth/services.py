"""Staff accounts and sign-in: lockout, server-side sessions, MFA. Callers commit."""
from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update

from intake import audit
from intake.auth.models import Role, StaffSession, User, hash_token
from intake.clock import utcnow
from intake.extensions import db
from intake.security import mfa
from intake.security.passwords import (hash_password, needs_rehash, password_problems,
                                       verify_password)


class AccountError(ValueError):
    """A staff-account change that cannot be made, with a message for the person."""


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta
    lock_threshold: int
    lock_duration: timedelta

    @classmethod
    def from_config(cls, config) -> "SessionPolicy":
        return cls(
            idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            absolute=timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]),
            lock_threshold=config["LOGIN_LOCK_THRESHOLD"],
            lock_duration=timedelta(minutes=config["LOGIN_LOCK_MINUTES"]),
        )


def normalise_email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(f"That email address is not valid: {exc}") from exc


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def find_user(public_id: str) -> User | None:
    return db.session.scalar(select(User).where(User.public_id == public_id))


def create_user(*, email: str, roles: set[str], password: str, display_name: str | None,
                actor, must_change_password: bool = False) -> User:
    email = normalise_email(email)
    unknown = set(roles) - set(Role.ALL)
    if not roles or unknown:
        raise AccountError(f"Roles must be {' and/or '.join(Role.ALL)}.")
    if find_user_by_email(email):
        raise AccountError("A staff account with that email already exists.")
    problems = password_problems(password, related=(email, display_name or ""))
    if problems:
        raise AccountError(" ".join(problems))
    user = User(
        email=email,
        display_name=(display_name or email.split("@")[0]).strip()[:100],
        password_hash=hash_password(password),
        is_clinician=Role.CLINICIAN in roles,
        is_admin=Role.ADMIN in roles,
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", user, detail=",".join(sorted(roles)))
    return user


def set_active(user: User, active: bool, *, actor) -> None:
    if not active and user.is_admin and _active_admins_other_than(user) == 0:
        raise AccountError("This is the last active admin; add another admin first.")
    user.active = active
    if not active:
        revoke_all_sessions(user)
    audit.record(actor, "user.activate" if active else "user.deactivate", user)
    db.session.flush()


def _active_admins_other_than(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(
            User.is_admin.is_(True), User.active.is_(True), User.id != user.id)
    )


def change_password(user: User, *, current: str | None, new: str, actor) -> None:
    if current is not None and not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not right.")
    problems = password_problems(new, related=(user.email, user.display_name))
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    user.must_change_password = False
    audit.record(actor, "user.password.change", user)
    db.session.flush()


def authenticate(email: str, password: str, *, policy: SessionPolicy) -> User | None:
    """The user if the credentials are right and the account is usable; None otherwise.

    Failures are counted per account; the threshold locks it for a while (audited).
    An unknown email costs the same argon2 work, so timing reveals nothing.
    """
    user = find_user_by_email(email)
    now = utcnow()
    if user is None:
        verify_password(None, password)
        audit.record(None, "auth.login.failed", detail="unknown-account")
        return None
    if user.is_locked(now):
        verify_password(None, password)
        audit.record(user, "auth.login.refused", user, detail="locked")
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        register_failure(user, policy=policy, reason="password" if user.active else "inactive")
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def register_failure(user: User, *, policy: SessionPolicy, reason: str) -> None:
    user.failed_logins = (user.failed_logins or 0) + 1
    audit.record(user, "auth.login.failed", user, detail=reason)
    if user.failed_logins >= policy.lock_threshold:
        user.locked_until = utcnow() + policy.lock_duration
        user.failed_logins = 0
        audit.record(audit.SYSTEM, "auth.lockout", user)
    db.session.flush()


def start_session(user: User) -> str:
    """Open a server-side session after the password step; returns the cookie token."""
    token = StaffSession.new_token()
    user.failed_logins = 0
    user.locked_until = None
    db.session.add(StaffSession(token_hash=hash_token(token), user=user,
                                mfa_verified=not user.mfa_enabled))
    if not user.mfa_enabled:
        user.last_login_at = utcnow()
    audit.record(user, "auth.login", user, detail="password")
    db.session.flush()
    return token


def live_session(token: str | None, *, policy: SessionPolicy) -> tuple[StaffSession | None, str]:
    """The session for `token` if it is still valid, else None and why it ended."""
    if not token:
        return None, "none"
    staff_session = db.session.scalar(
        select(StaffSession).where(StaffSession.token_hash == hash_token(token)))
    if staff_session is None or staff_session.revoked_at is not None:
        return None, "revoked"
    now = utcnow()
    if not staff_session.user.active:
        return None, "revoked"
    if now - staff_session.created_at > policy.absolute:
        return None, "absolute"
    if now - staff_session.last_seen_at > policy.idle:
        return None, "idle"
    return staff_session, "ok"


def touch(staff_session: StaffSession) -> bool:
    """Record activity; writes at most once a minute so reads stay cheap."""
    now = utcnow()
    if now - staff_session.last_seen_at < timedelta(minutes=1):
        return False
    staff_session.last_seen_at = now
    return True


def end_session(staff_session: StaffSession, *, reason: str = "logout") -> None:
    staff_session.revoked_at = utcnow()
    audit.record(staff_session.user, f"auth.{reason}", staff_session.user)
    db.session.flush()


def revoke_all_sessions(user: User) -> int:
    result = db.session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def begin_mfa_enrolment(user: User) -> str:
    """A fresh secret kept on the user until a code from it is confirmed."""
    user.totp_secret = mfa.new_secret()
    user.mfa_enabled = False
    user.totp_last_step = None
    db.session.flush()
    return user.totp_secret


def verify_second_factor(user: User, code: str, *, policy: SessionPolicy) -> bool:
    if not user.totp_secret or user.is_locked(utcnow()):
        return False
    step = mfa.matching_step(user.totp_secret, code, utcnow().timestamp(), user.totp_last_step)
    if step is None:
        register_failure(user, policy=policy, reason="mfa")
        return False
    user.totp_last_step = step
    user.failed_logins = 0
    return True


def complete_mfa(staff_session: StaffSession, *, enrolled_now: bool) -> None:
    user = staff_session.user
    staff_session.mfa_verified = True
    user.last_login_at = utcnow()
    if enrolled_now:
        user.mfa_enabled = True
        audit.record(user, "auth.mfa.enrol", user)
    audit.record(user, "auth.login", user, detail="mfa")
    db.session.flush()
