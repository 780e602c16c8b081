"""TOTP second factor: enrolment secrets, QR codes and replay-safe verification."""
import pyotp
import segno

ISSUER = "Intake"
VALID_WINDOW = 1  # accept the previous and next 30-second step for clock drift


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str = ISSUER) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code (no external image service ever sees the secret)."""
    return segno.make(uri, error="m").svg_inline(scale=5, title="QR code for your authenticator app")


def matching_step(secret: str, code: str, at_timestamp: float, last_step: int | None) -> int | None:
    """The time step `code` belongs to, or None if wrong or already used (no replays)."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(at_timestamp)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
