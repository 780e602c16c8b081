"""The client's safe-contact rules, as checks and as plain instructions. Pure: reads the
request's answers only."""

# Which of the client's own answers makes each contact method safe.
SAFE_FLAG = {"call": "ok_call", "voicemail": "ok_voicemail", "text": "ok_text", "email": "ok_email"}
REFUSALS = {
    "call": "They did not say phone calls are safe. Do not call.",
    "voicemail": "They did not say voicemail is safe. Do not leave a voicemail.",
    "text": "They did not say text messages are safe. Do not text.",
    "email": "They did not say email is safe. Do not email.",
}


def is_safe(request, method: str) -> bool:
    return method in SAFE_FLAG and bool(getattr(request, SAFE_FLAG[method]))


def unsafe_reason(request, method: str, outcome: str | None = None) -> str | None:
    """Why `method` (with `outcome`) would break the client's rules, or None if it is safe."""
    if method not in SAFE_FLAG:
        return "Choose how you tried to reach them."
    if not is_safe(request, method):
        return REFUSALS[method]
    if method == "call" and outcome == "left_message" and not request.ok_voicemail:
        return REFUSALS["voicemail"]
    return None


def instructions(request) -> list[str]:
    """Imperative sentences a busy clinician cannot misread, the prohibitions first."""
    dont, may = [], []
    (may if request.ok_call else dont).append(
        "You may phone them." if request.ok_call else "Do not phone them.")
    (may if request.ok_voicemail else dont).append(
        "You may leave a voicemail." if request.ok_voicemail else "Do not leave a voicemail.")
    (may if request.ok_text else dont).append(
        "You may send a text message." if request.ok_text else "Do not send text messages.")
    (may if request.ok_email else dont).append(
        "You may email them." if request.ok_email else "Do not email them.")
    (may if request.may_name_practice else dont).append(
        "You may say the practice's name." if request.may_name_practice
        else "Do not say the practice's name.")
    lines = dont + may
    if request.safe_times:
        lines.append(f"Safe times: {request.safe_times.strip().rstrip('.')}.")
    else:
        lines.append("They gave no safe times: keep any contact brief and neutral.")
    if request.if_someone_else_answers:
        lines.append(f"If someone else answers: {request.if_someone_else_answers.strip()}")
    return lines
