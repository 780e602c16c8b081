"""The consultation form's hidden, signed token: which submission this form is (so a replayed
POST finds the request it already made) and when the form was first shown (a minimum fill
time turns away scripts). Signed, so neither can be made up or backdated by the sender."""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from intake.clock import utcnow

SALT = "intake.public.form-token"


@dataclass(frozen=True)
class FormToken:
    submission_id: str
    shown_at: int  # epoch seconds

    def dump(self) -> str:
        return _serializer().dumps([self.submission_id, self.shown_at])

    def too_fast(self) -> bool:
        minimum = timedelta(seconds=current_app.config["CONSULTATION_MIN_FILL_SECONDS"])
        return utcnow().timestamp() - self.shown_at < minimum.total_seconds()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def new_token() -> FormToken:
    return FormToken(secrets.token_urlsafe(24), int(utcnow().timestamp()))


def restarted(token: FormToken) -> FormToken:
    """The same submission, shown again now."""
    return FormToken(token.submission_id, int(utcnow().timestamp()))


def load(raw: str | None) -> FormToken | None:
    """The token the form carried, or None if missing or not one this server signed."""
    if not raw:
        return None
    try:
        submission_id, shown_at = _serializer().loads(raw)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(submission_id, str) or not isinstance(shown_at, int) or len(submission_id) > 64:
        return None
    return FormToken(submission_id, shown_at)
