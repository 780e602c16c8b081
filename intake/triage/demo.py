"""Demo consultation requests: thirty clearly fake people in every status, walked through the
real services in time order (the clock is set to each step's moment), so the status history,
first contact, audit trail and bookings are what the app itself would have written.

Idempotent: nothing is added if the first demo request exists."""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from intake import audit, clock
from intake.extensions import db
from intake.scheduling import booking
from intake.scheduling.models import SLOT_MINUTES, Slot
from intake.security.blind_index import blind_index
from intake.triage import services
from intake.triage.models import ConsultationRequest, RequestStatusChange
from intake.triage.safe_contact import is_safe
from intake.triage.workflow import RequestStatus

S = RequestStatus
C1, C2, ADMIN = "clinician@example.org", "clinician2@example.org", "admin@example.org"
MARKER = "demo-triage-"
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

NARRATIVES = [
    "We break up and get back together every few weeks. When it is good it is the best I have "
    "ever felt, and I keep waiting for that version of him to come back.",
    "She tells me I remember things wrong. I have started writing down what happens so I can "
    "check myself, and I hate that I need to.",
    "I stopped seeing my friends because it caused fights. Now I realise I have nobody to talk to.",
    "We separated last spring but we share custody, so I see him every week and it pulls me back in.",
    "Every time I decide to leave there is a big apology, flowers, promises. Then it starts again.",
    "I keep thinking if I just explain myself better, things will go back to how they were at the start.",
    "A friend sent me your page. I am not sure this is what I have, but the cycle part sounded familiar.",
    "My therapist moved away and suggested I find someone who knows about trauma bonding.",
]
PATTERN_SETS = [["intermittent_reinforcement", "cycle"], ["gaslighting"], ["isolation", "fixing"],
                ["cycle"], ["intermittent_reinforcement", "gaslighting", "isolation"], []]
CONTACT_STATUSES = ["in_relationship", "separated_in_contact", "no_contact", "required_contact"]
SAFE_TIMES = ["Weekdays 9 to 11 am", "Tuesday and Thursday after 6 pm", "Lunchtime, 12 to 1",
              None, "Any weekday morning"]
IF_SOMEONE_ELSE = ["Say you are calling from the pharmacy.", "Hang up without a message.",
                   None, "Ask for Sam and say it is about a book club."]


@dataclass(frozen=True)
class Spec:
    name: str
    status: str
    days_ago: float
    holder: str | None = None     # demo clinician's email
    urgent: bool = False
    by_admin: bool = False        # assigned by the admin rather than claimed
    reached: bool = True          # whether a contact attempt got through


SPECS = [
    Spec("Avery Example", S.NEW, 0.1, urgent=True),
    Spec("Blake Sample", S.NEW, 0.4),
    Spec("Casey Placeholder", S.NEW, 1.2),
    Spec("Devon Testperson", S.NEW, 2.5, urgent=True),
    Spec("Emery Fictional", S.NEW, 3.1),
    Spec("Finley Demo", S.NEW, 5.0),
    Spec("Gray Example", S.IN_REVIEW, 0.8, C1, urgent=True),
    Spec("Harper Sample", S.IN_REVIEW, 1.5, C1),
    Spec("Indigo Placeholder", S.IN_REVIEW, 2.0, C2, by_admin=True),
    Spec("Jules Testperson", S.IN_REVIEW, 4.0, C2),
    Spec("Kai Fictional", S.IN_REVIEW, 6.0, C1, by_admin=True),
    Spec("Lane Demo", S.CONTACTED, 2.0, C1, reached=False),
    Spec("Morgan Example", S.CONTACTED, 3.5, C2),
    Spec("Noel Sample", S.CONTACTED, 4.5, C1, urgent=True),
    Spec("Oakley Placeholder", S.CONTACTED, 7.0, C2, reached=False),
    Spec("Parker Testperson", S.CONTACTED, 9.0, C1),
    Spec("Quinn Fictional", S.SCHEDULED, 3.0, C1),
    Spec("Reese Demo", S.SCHEDULED, 4.0, C2),
    Spec("Sage Example", S.SCHEDULED, 5.5, C1, urgent=True),
    Spec("Tatum Sample", S.SCHEDULED, 6.5, C2),
    Spec("Uma Placeholder", S.SCHEDULED, 8.0, C1),
    Spec("Val Testperson", S.CONSULTED, 10.0, C1),
    Spec("Wren Fictional", S.CONSULTED, 12.0, C2),
    Spec("Xen Demo", S.CONSULTED, 14.0, C1),
    Spec("Yael Example", S.CONVERTED, 18.0, C1),
    Spec("Zion Sample", S.CONVERTED, 21.0, C2),
    Spec("Ari Placeholder", S.CONVERTED, 25.0, C1),
    Spec("Bo Testperson", S.DECLINED, 11.0, C2),
    Spec("Cam Fictional", S.REFERRED_OUT, 16.0, C1),
    Spec("Dell Demo", S.NO_RESPONSE, 20.0, C2, reached=False),
]
EXIT_REASONS = {
    S.DECLINED: "Decided to wait until after the move; will get back in touch.",
    S.REFERRED_OUT: "Lives outside our licensed states; passed on the directory and hotline.",
    S.NO_RESPONSE: "Three attempts over two weeks through the agreed channel, no reply.",
}
REACHING = [S.CONTACTED, S.SCHEDULED, S.CONSULTED, S.CONVERTED, S.DECLINED, S.REFERRED_OUT,
            S.NO_RESPONSE]
BOOKING = [S.SCHEDULED, S.CONSULTED, S.CONVERTED]


def _reference() -> str:
    pick = lambda: "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"{pick()}-{pick()}"


def _receive(spec: Spec, n: int) -> ConsultationRequest:
    received = clock.utcnow()
    request = ConsultationRequest(
        reference=_reference(), submission_id=f"{MARKER}{n:02d}", status=S.NEW,
        created_at=received, status_changed_at=received, urgent=spec.urgent,
        region=["NY", "NJ", "CT"][n % 3], session_format=["telehealth", "in_person", "either"][n % 3],
        referral_source=["search", "friend_family", "therapist", "hotline", "directory"][n % 5],
        name=spec.name, name_index=blind_index(spec.name),
        pronouns=["she/her", "he/him", "they/them", None][n % 4],
        email=f"{spec.name.split()[0].lower()}.demo@example.net",
        phone=f"+1212555{100 + n:04d}",
        ok_call=n % 3 != 2, ok_voicemail=n % 4 == 0, ok_text=n % 2 == 0,
        ok_email=n % 3 != 0 or n % 2 == 1, may_name_practice=n % 5 == 0,
        safe_times=SAFE_TIMES[n % len(SAFE_TIMES)],
        if_someone_else_answers=IF_SOMEONE_ELSE[n % len(IF_SOMEONE_ELSE)],
        narrative=NARRATIVES[n % len(NARRATIVES)], patterns=PATTERN_SETS[n % len(PATTERN_SETS)],
        contact_status=CONTACT_STATUSES[n % len(CONTACT_STATUSES)],
        in_danger=("unsure" if n % 2 else "yes") if spec.urgent else "no",
        self_harm="unsure" if spec.urgent and n % 3 == 0 else "no",
        consent_notice_version="2026-11", consented_at=received)
    db.session.add(request)
    db.session.flush()
    db.session.add(RequestStatusChange(request=request, from_status=None, to_status=S.NEW,
                                       created_at=received))
    audit.record(audit.PUBLIC, "request.submitted", request)
    return request


def _safe_method(request) -> str:
    return next(m for m in ("call", "text", "email", "voicemail") if is_safe(request, m))


def _past_slot(clinician, start) -> Slot:
    start = start.replace(minute=(start.minute // 20) * 20, second=0, microsecond=0)
    slot = Slot(clinician_id=clinician.id, starts_at=start,
                ends_at=start + timedelta(minutes=SLOT_MINUTES), source="one_off")
    db.session.add(slot)
    db.session.flush()
    return slot


def _open_slot(clinician) -> Slot | None:
    now = clock.utcnow()
    return next((s for s in booking.bookable_slots(now, now + timedelta(days=14))
                 if s.clinician_id == clinician.id), None)


def _steps(spec: Spec, n: int, staff: dict, now) -> list:
    """(when, step) pairs for one request; each step receives the request made at its start."""
    start = now - timedelta(days=spec.days_ago)
    at = lambda fraction: start + (now - start) * fraction  # noqa: E731
    holder = staff.get(spec.holder) if spec.holder else None
    made = {}
    steps = [(start, lambda: made.setdefault("r", _receive(spec, n)))]
    if holder is None:
        return steps
    r = lambda: made["r"]  # noqa: E731
    if spec.by_admin:
        steps.append((at(0.15), lambda: services.assign_request(r(), holder, actor=staff[ADMIN])))
    else:
        steps.append((at(0.15), lambda: services.claim_request(r(), actor=holder)))
    if spec.status in REACHING:
        steps.append((at(0.3), lambda: services.record_contact_attempt(
            r(), actor=holder, method=_safe_method(r()), outcome="no_answer")))
        steps.append((at(0.45), lambda: services.record_contact_attempt(
            r(), actor=holder, method=_safe_method(r()),
            outcome="reached" if spec.reached else "no_answer",
            note="Spoke briefly; safe to talk mornings." if spec.reached else None)))
    if spec.status == S.SCHEDULED:
        steps.append((at(0.6), lambda: _book_open_slot(r(), holder)))
    if spec.status in (S.CONSULTED, S.CONVERTED):
        consultation = at(0.7)
        steps.append((at(0.55), lambda: services.schedule_consultation(
            r(), _past_slot(holder, consultation), actor=holder)))
        steps.append((consultation + timedelta(minutes=30), lambda: services.mark_consulted(
            r(), actor=holder, note="Described the cycle clearly; wants weekly telehealth. "
                                    "Safety plan to start in the first session.")))
    if spec.status == S.CONVERTED:
        steps.append((at(0.85), lambda: services.convert_request(r(), actor=holder)))
    if spec.status in EXIT_REASONS:
        steps.append((at(0.8), lambda: services.close_request(
            r(), spec.status, actor=holder, reason=EXIT_REASONS[spec.status])))
    return steps


def _book_open_slot(request, holder) -> None:
    slot = _open_slot(holder)
    if slot is not None:  # the client-journey demo made the open slots; book only if there are some
        services.schedule_consultation(request, slot, actor=holder)


def seed(staff: dict, options: dict) -> None:
    """staff maps the demo emails to their User rows; options holds CLI options."""
    if db.session.scalar(select(ConsultationRequest.id)
                         .where(ConsultationRequest.submission_id == f"{MARKER}00")):
        return
    now = clock.utcnow()
    steps = [step for n, spec in enumerate(SPECS) for step in _steps(spec, n, staff, now)]
    try:
        for when, step in sorted(steps, key=lambda s: s[0]):
            clock.freeze(when)
            step()
    finally:
        clock.unfreeze()
    db.session.flush()
