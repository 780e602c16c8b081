"""Staff accounts, as the admin screens change them. Callers commit.

Each change checks the account's version (optimistic locking), keeps at least one active
admin, and writes its audit row in the caller's transaction."""
from sqlalchemy import func, select, update

from intake import audit
from intake.auth import services as accounts
from intake.auth.models import Role, User
from intake.extensions import db
from intake.scheduling import services as availability
from intake.security.passwords import hash_password, password_problems

AccountError = accounts.AccountError
LAST_ADMIN = "This is the last active admin; make another person an admin first."


class StaleEdit(Exception):
    """The account changed after the form was opened."""


def _claim(user: User, expected_version: int) -> None:
    """Bump the version only if it is still the one the form saw: the database decides."""
    result = db.session.execute(
        update(User).where(User.id == user.id, User.version == expected_version)
        .values(version=User.version + 1))
    if result.rowcount != 1:
        raise StaleEdit


def _other_active_admins(user: User) -> int:
    """Active admins besides `user`. On PostgreSQL every active admin's row is locked first,
    in id order, so two admins demoting each other queue (no deadlock) and the second sees
    the first's change; SQLite's write lock already serialises the transactions."""
    session = db.session
    admins = select(User.id).where(User.is_admin.is_(True), User.active.is_(True))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(admins.order_by(User.id).with_for_update())
    return session.scalar(select(func.count()).select_from(
        admins.where(User.id != user.id).subquery()))


def _check_roles(roles: set[str]) -> None:
    if not roles or set(roles) - set(Role.ALL):
        raise AccountError(f"Roles must be {' and/or '.join(Role.ALL)}.")


def add_staff(*, email: str, display_name: str, roles: set[str], temporary_password: str,
              actor) -> User:
    """A new clinician or admin, who must choose their own password at first sign-in."""
    _check_roles(roles)
    return accounts.create_user(email=email, roles=roles, password=temporary_password,
                                display_name=display_name, actor=actor,
                                must_change_password=True)


def update_staff(user: User, *, display_name: str, roles: set[str], expected_version: int,
                 actor) -> availability.Outcome:
    """Change the name and roles (audited as codes, never the name). Someone who stops being
    a clinician offers no more consultations: returns what happened to their open slots."""
    _check_roles(roles)
    if user.is_admin and Role.ADMIN not in roles and user.active and not _other_active_admins(user):
        raise AccountError(LAST_ADMIN)
    _claim(user, expected_version)
    changed = []
    if display_name.strip() != user.display_name:
        user.display_name = display_name.strip()[:100]
        changed.append("display_name")
    if set(roles) != user.roles:
        user.is_clinician, user.is_admin = Role.CLINICIAN in roles, Role.ADMIN in roles
        changed.append("roles=" + "+".join(sorted(roles)))
    if changed:
        audit.record(actor, "user.update", user, detail=",".join(changed))
    db.session.flush()
    if Role.CLINICIAN not in roles:
        return availability.withdraw_open_slots(user, actor=actor)
    return availability.Outcome()


def deactivate_staff(user: User, *, expected_version: int, actor) -> availability.Outcome:
    """End their sessions and withdraw their open slots; history stays attributable.

    Returns what happened to their slots: booked consultations are kept and reported."""
    if user.id == getattr(actor, "id", None):
        raise AccountError("You cannot deactivate your own account; ask another admin.")
    if user.is_admin and not _other_active_admins(user):
        raise AccountError(LAST_ADMIN)
    _claim(user, expected_version)
    accounts.set_active(user, False, actor=actor)
    return availability.withdraw_open_slots(user, actor=actor)


def reactivate_staff(user: User, *, expected_version: int, actor) -> None:
    _claim(user, expected_version)
    accounts.set_active(user, True, actor=actor)


def reset_password(user: User, *, temporary_password: str, expected_version: int, actor) -> None:
    """A temporary password they must change at next sign-in; their sessions end and any
    lockout is lifted."""
    problems = password_problems(temporary_password, related=(user.email, user.display_name))
    if problems:
        raise AccountError(" ".join(problems))
    _claim(user, expected_version)
    user.password_hash = hash_password(temporary_password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    ended = accounts.revoke_all_sessions(user)
    audit.record(actor, "user.password.reset", user, detail=f"sessions_ended={ended}")
    db.session.flush()


def reset_mfa(user: User, *, expected_version: int, actor) -> None:
    """For a lost phone: their authenticator is forgotten and their sessions end; they enrol
    a new one at next sign-in."""
    _claim(user, expected_version)
    user.totp_secret, user.totp_last_step, user.mfa_enabled = None, None, False
    ended = accounts.revoke_all_sessions(user)
    audit.record(actor, "user.mfa.reset", user, detail=f"sessions_ended={ended}")
    db.session.flush()
