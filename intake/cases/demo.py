"""Demo intake records: cases in both phases with realistic histories, assessments and notes.

Each demo case comes with its own converted consultation request (fixed demo references, so a
second seed finds them and adds nothing). Everything here is invented."""
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from intake import audit
from intake.cases.models import (AssessmentRevision, Case, CaseStatusChange, Note, NoteAddendum,
                                 PhaseChange)
from intake.cases.workflow import READINESS_ITEMS, CaseStatus, NoteKind, Phase
from intake.clock import utcnow
from intake.extensions import db
from intake.triage.models import ConsultationRequest, RequestStatusChange
from intake.triage.workflow import RequestStatus

FUNNEL = [RequestStatus.NEW, RequestStatus.IN_REVIEW, RequestStatus.CONTACTED,
          RequestStatus.SCHEDULED, RequestStatus.CONSULTED, RequestStatus.CONVERTED]


@dataclass
class DemoCase:
    reference: str
    clinician: str
    name: str
    pronouns: str
    opened_days_ago: int
    assessment: dict
    # (days ago, to phase, rationale, unmet readiness codes, override, return reason)
    phases: list = field(default_factory=list)
    # (days ago, kind, body, signed?, addendum (reason, body) or None)
    notes: list = field(default_factory=list)
    status: str = CaseStatus.ACTIVE
    # (days ago, to status, reason code, comment)
    statuses: list = field(default_factory=list)


CASES = [
    DemoCase(
        "DEMO-C101", "clinician@example.org", "Maya Lindqvist (demo)", "she/her", 46,
        assessment=dict(
            presenting_concerns="Ended a two-year relationship six weeks ago; checks his social "
                                "media many times a day and replays the good weeks.",
            patterns=["intermittent_reinforcement", "fixing", "cycle"], cycle_stage="apology",
            contact_status="separated_in_contact",
            support_network="Older sister (daily texts); one colleague who knows the situation.",
            risk_summary="No threats or violence reported. No self-harm thoughts. He still has a "
                         "key to her flat; changing the lock is on the safety plan."),
        notes=[
            (45, NoteKind.INTAKE_ASSESSMENT, "Intake: presenting concerns as assessed. Client "
             "describes the cycle clearly once it was named; relief at 'it has a name'.", True, None),
            (31, NoteKind.PROGRESS, "Psychoeducation on intermittent reinforcement. Mapped the "
             "last three 'apology' phases. Began paced breathing; client practised in session.",
             True, None),
            (17, NoteKind.PROGRESS, "Client unblocked him after a late-night message, then "
             "re-blocked the next morning. Discussed urges as waves; grounding 5-4-3-2-1.",
             True, None),
            (2, NoteKind.PROGRESS, "Session focused on the anniversary date coming up. Draft "
             "plan for the day with her sister.", False, None),
        ]),
    DemoCase(
        "DEMO-C102", "clinician@example.org", "Sam Okafor (demo)", "they/them", 158,
        assessment=dict(
            presenting_concerns="Left an eight-year relationship; doubts own memory of events "
                                "and apologises reflexively.",
            patterns=["gaslighting", "isolation", "cycle"], cycle_stage="calm",
            contact_status="no_contact",
            support_network="Reconnected with two school friends; weekly peer support group.",
            risk_summary="No contact for four months. Former partner moved out of state. No "
                         "current risk indicators."),
        phases=[(72, Phase.PROCESSING, "Regulation skills in steady use for two months; "
                 "no contact held; client asks to work on specific memories.", (), "", None)],
        notes=[
            (157, NoteKind.INTAKE_ASSESSMENT, "Intake completed. Strong self-doubt; keeps a "
             "journal to check memories against.", True, None),
            (80, NoteKind.PLAN_REVIEW, "90-day review: stabilization goals met (sleep, no-contact "
             "plan, support network). Plan to review readiness for processing.", True,
             ("Date correction", "The no-contact date is 3 July, not 3 June as written above.")),
            (40, NoteKind.PROGRESS, "Processing session: the kitchen argument memory. SUDS 8 to "
             "4. Client grounded well at the end.", True, None),
            (12, NoteKind.PROGRESS, "Processing continued. Noted how 'I must have misremembered' "
             "shows up with the new manager; linked to the pattern.", True, None),
        ]),
    DemoCase(
        "DEMO-C103", "clinician@example.org", "Priya Raman (demo)", "she/her", 210,
        assessment=dict(
            presenting_concerns="Co-parents with her ex; exchanges trigger days of rumination "
                                "and hope that he has changed.",
            patterns=["intermittent_reinforcement", "gaslighting", "cycle"],
            cycle_stage="escalation", contact_status="required_contact",
            support_network="Mother nearby; family lawyer; co-parenting app for messages.",
            risk_summary="Verbal threats during two handovers last month. Handovers moved to a "
                         "public place. No self-harm thoughts."),
        phases=[
            (120, Phase.PROCESSING, "Stable for ten weeks, contact limited to the app.",
             ("contact_reduced",), "Contact cannot go lower (court order); it is limited to "
             "the co-parenting app and handovers, which is as low as it can be.", None),
            (25, Phase.STABILIZATION, "Threats at handovers; sleep disrupted again.", (), "",
             "re_escalation"),
        ],
        notes=[
            (209, NoteKind.INTAKE_ASSESSMENT, "Intake completed; court-ordered contact. Focus "
             "on communication boundaries.", True, None),
            (118, NoteKind.PLAN_REVIEW, "Plan review: boundaries plan working; proceed to "
             "processing with the contact override noted.", True, None),
            (24, NoteKind.PROGRESS, "Back to stabilization after the handover threats. Updated "
             "the safety plan; handovers at the police station car park.", True, None),
            (5, NoteKind.PROGRESS, "Regulation practice; client using the app's delay-send "
             "feature before replying.", True, None),
        ]),
    DemoCase(
        "DEMO-C104", "clinician@example.org", "Theo Marsh (demo)", "he/him", 130,
        assessment=dict(
            presenting_concerns="Keeps returning to a partner who alternates affection and "
                                "silent treatment; feels responsible for her moods.",
            patterns=["fixing", "intermittent_reinforcement"], cycle_stage="tension",
            contact_status="in_relationship",
            support_network="Brother, though contact is infrequent.",
            risk_summary="No violence reported. Low mood; no self-harm thoughts."),
        notes=[(129, NoteKind.INTAKE_ASSESSMENT, "Intake completed. Ambivalent about change; "
                "goal for now is noticing the cycle.", True, None)],
        status=CaseStatus.ON_HOLD,
        statuses=[(60, CaseStatus.ON_HOLD, None, "Working abroad for three months.")]),
    DemoCase(
        "DEMO-C105", "clinician@example.org", "Lee Fontaine (demo)", "she/they", 330,
        assessment=dict(
            presenting_concerns="Eighteen months after leaving, still drawn to check in on "
                                "the ex and fears repeating the pattern in dating.",
            patterns=["cycle", "fixing"], cycle_stage="calm", contact_status="no_contact",
            support_network="Partner of six months, friends, running club.",
            risk_summary="No risk indicators."),
        phases=[(250, Phase.PROCESSING, "Regulation established; ready for processing.", (),
                 "", None)],
        notes=[
            (329, NoteKind.INTAKE_ASSESSMENT, "Intake completed.", True, None),
            (30, NoteKind.DISCHARGE_SUMMARY, "Course: stabilization (80 days), then processing. "
             "Goals met: no contact held, relationship patterns recognised early. Relapse "
             "prevention plan given. Welcome to return.", True, None),
        ],
        status=CaseStatus.DISCHARGED,
        statuses=[(30, CaseStatus.DISCHARGED, "goals_met", None)]),
    DemoCase(
        "DEMO-C201", "clinician2@example.org", "Dana Whitcombe (demo)", "she/her", 20,
        assessment=dict(
            presenting_concerns="Recently separated; partner monitors her phone and shows up at "
                                "work.",
            patterns=["isolation", "gaslighting"], cycle_stage="rupture",
            contact_status="separated_in_contact",
            support_network="Domestic violence advocate; one friend.",
            risk_summary="Stalking behaviour. Safety planning with advocate; phone checked for "
                         "tracking. Contact only by email to a new address."),
        notes=[(19, NoteKind.INTAKE_ASSESSMENT, "Intake completed with safety planning first.",
                True, None)]),
]


def _request(spec: DemoCase, clinician, opened_at) -> ConsultationRequest:
    created = opened_at - timedelta(days=12)
    request = ConsultationRequest(
        reference=spec.reference, submission_id=secrets.token_urlsafe(16),
        status=RequestStatus.CONVERTED, status_changed_at=opened_at, assigned_to_id=clinician.id,
        region="NY", session_format="telehealth", referral_source="search",
        name=spec.name, pronouns=spec.pronouns, email="demo-client@example.invalid",
        ok_email=True, patterns=spec.assessment["patterns"],
        contact_status=spec.assessment["contact_status"], in_danger="no", self_harm="no",
        consent_notice_version="2026-11", consented_at=created, created_at=created,
        first_contacted_at=created + timedelta(days=1))
    db.session.add(request)
    db.session.flush()
    previous = None
    for step, status in enumerate(FUNNEL):
        at = created + timedelta(days=2 * step) if status != RequestStatus.CONVERTED else opened_at
        db.session.add(RequestStatusChange(request_id=request.id, from_status=previous,
                                           to_status=status, created_at=at,
                                           actor_id=None if step == 0 else clinician.id))
        previous = status
    return request


def _readiness(unmet) -> list[dict]:
    return [{"code": code, "met": code not in unmet,
             "comment": "Not yet: see the override." if code in unmet else "Seen over several sessions."}
            for code, _ in READINESS_ITEMS]


def _phases(case, spec, clinician, opened_at, now):
    db.session.add(PhaseChange(case=case, from_phase=None, to_phase=Phase.STABILIZATION,
                               actor_id=clinician.id, created_at=opened_at))
    current = Phase.STABILIZATION
    for days_ago, to_phase, rationale, unmet, override, return_reason in spec.phases:
        to_processing = to_phase == Phase.PROCESSING
        db.session.add(PhaseChange(
            case=case, from_phase=current, to_phase=to_phase, rationale=rationale,
            readiness=_readiness(unmet) if to_processing else None, override=override or None,
            return_reason=return_reason, actor_id=clinician.id,
            created_at=now - timedelta(days=days_ago)))
        current = to_phase


def _notes(case, spec, clinician, now):
    for days_ago, kind, body, signed, addendum in spec.notes:
        at = now - timedelta(days=days_ago)
        note = Note(case=case, kind=kind, body=body, author_id=clinician.id, created_at=at,
                    updated_at=at, signed_at=at + timedelta(hours=2) if signed else None,
                    signed_by_id=clinician.id if signed else None)
        db.session.add(note)
        if addendum:
            db.session.add(NoteAddendum(note=note, author_id=clinician.id, reason=addendum[0],
                                        body=addendum[1], created_at=at + timedelta(days=3)))


def _statuses(case, spec, clinician, now):
    current = CaseStatus.ACTIVE
    for days_ago, to_status, reason_code, comment in spec.statuses:
        at = now - timedelta(days=days_ago)
        db.session.add(CaseStatusChange(case=case, from_status=current, to_status=to_status,
                                        reason_code=reason_code, comment=comment,
                                        actor_id=clinician.id, created_at=at))
        if to_status == CaseStatus.DISCHARGED:
            case.discharged_at, case.discharge_reason = at, reason_code
        current = to_status


def _seed_case(spec: DemoCase, clinician, now) -> Case:
    opened_at = now - timedelta(days=spec.opened_days_ago)
    request = _request(spec, clinician, opened_at)
    case = Case(request_id=request.id, clinician_id=clinician.id, client_name=spec.name,
                status=spec.status, opened_at=opened_at, created_at=opened_at)
    db.session.add(case)
    db.session.flush()
    db.session.add(AssessmentRevision(case=case, number=1, author_id=clinician.id,
                                      created_at=opened_at + timedelta(days=1), **spec.assessment))
    _phases(case, spec, clinician, opened_at, now)
    _notes(case, spec, clinician, now)
    _statuses(case, spec, clinician, now)
    return case


def seed(staff: dict, options: dict) -> None:
    """staff maps the demo emails to their User rows; options holds CLI options."""
    existing = set(db.session.scalars(select(ConsultationRequest.reference).where(
        ConsultationRequest.reference.in_([spec.reference for spec in CASES]))))
    now = utcnow()
    created = [_seed_case(spec, staff[spec.clinician], now)
               for spec in CASES if spec.reference not in existing]
    if created:
        audit.record(audit.SYSTEM, "demo.cases.seeded", detail=f"count={len(created)}")
    db.session.flush()
