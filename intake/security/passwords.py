"""argon2id hashing and the password policy (length plus a guessability check)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn scores 0-4; below 3 means found in common-password lists or guessable in < 10^8 tries.
MIN_SCORE = 3

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both paths cost one argon2 run.
_DUMMY_HASH = _hasher.hash("intake-dummy-password-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problems(password: str, *, related: tuple[str, ...] = ()) -> list[str]:
    """Why a password is refused, in words a person can act on; empty when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return [f"Use at least {MIN_LENGTH} characters."]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    # zxcvbn is slow on very long input; the first 100 characters decide guessability anyway.
    result = zxcvbn(password[:100], user_inputs=[r for r in related if r])
    if result["score"] < MIN_SCORE:
        return ["This password is too common or too easy to guess. A few unrelated words work well."]
    return []
