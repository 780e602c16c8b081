"""A small history with chosen timestamps, whose every report figure is worked out by hand
(see the expectations in test_figures.py). The period is September 2026 in New York (EDT,
UTC-4): 2026-09-01T04:00Z up to 2026-10-01T04:00Z."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from intake.auth.models import Role
from intake.cases.models import Case, PhaseChange
from intake.cases.workflow import CaseStatus, Phase
from intake.extensions import db
from intake.reports.periods import Period
from intake.triage.models import RequestStatusChange
from intake.triage.workflow import RequestStatus as S
from tests.conftest import make_user
from tests.factories import make_request

NEW_YORK = ZoneInfo("America/New_York")
SEPTEMBER = Period(date(2026, 9, 1), date(2026, 9, 30), NEW_YORK)
NOW = datetime(2026, 10, 15, 12, tzinfo=timezone.utc)
STAB, PROC = Phase.STABILIZATION, Phase.PROCESSING


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def request_with_history(created, path=(), *, first_contact_after=None, **fields):
    """A request created at `created` that then moved along `path` [(status, hours after)]."""
    request = make_request(created_at=created, status_changed_at=created, consented_at=created,
                           **fields)
    status, at = S.NEW, created
    for target, hours in path:
        at = created + timedelta(hours=hours)
        db.session.add(RequestStatusChange(request_id=request.id, from_status=status,
                                           to_status=target, created_at=at))
        status = target
    request.status, request.status_changed_at = status, at
    if first_contact_after is not None:
        request.first_contacted_at = created + timedelta(hours=first_contact_after)
    db.session.commit()
    return request


def case_with_phases(clinician, request, opened, moves=(), *, discharged=None, reason=None):
    """A case opened at `opened`; moves are [(to phase, days after opening)]."""
    case = Case(request_id=request.id, clinician_id=clinician.id, client_name=request.name,
                opened_at=opened, created_at=opened, discharged_at=discharged,
                discharge_reason=reason,
                status=CaseStatus.DISCHARGED if discharged else CaseStatus.ACTIVE)
    db.session.add(case)
    db.session.flush()
    db.session.add(PhaseChange(case_id=case.id, from_phase=None, to_phase=STAB, created_at=opened))
    phase = STAB
    for target, days in moves:
        db.session.add(PhaseChange(case_id=case.id, from_phase=phase, to_phase=target,
                                   created_at=opened + timedelta(days=days)))
        phase = target
    db.session.commit()
    return case


def converted_earlier(day):
    """A request from before the period, already converted (its case opens later)."""
    return make_request(status=S.CONVERTED, created_at=utc(2026, 8, day, 12),
                        status_changed_at=utc(2026, 8, day, 12))


def seed_september():
    """Returns the two clinicians (Avery first in name order, then Blake)."""
    avery = make_user(Role.CLINICIAN, name="Avery Clinician")
    blake = make_user(Role.CLINICIAN, name="Blake Clinician")
    r1 = request_with_history(
        utc(2026, 9, 2, 14),
        [(S.IN_REVIEW, 1), (S.CONTACTED, 2), (S.SCHEDULED, 24), (S.CONSULTED, 72), (S.CONVERTED, 96)],
        first_contact_after=2, urgent=True, referral_source="search")
    request_with_history(
        utc(2026, 9, 3, 14),
        [(S.IN_REVIEW, 5), (S.CONTACTED, 10), (S.SCHEDULED, 30), (S.CONSULTED, 100), (S.DECLINED, 120)],
        first_contact_after=10, referral_source="search")
    request_with_history(utc(2026, 9, 10, 14), [(S.IN_REVIEW, 2), (S.NO_RESPONSE, 200)],
                         first_contact_after=20, referral_source="friend_family")
    request_with_history(utc(2026, 9, 15, 14), [(S.IN_REVIEW, 1), (S.CONTACTED, 4), (S.REFERRED_OUT, 30)],
                         first_contact_after=4, urgent=True)
    request_with_history(utc(2026, 9, 20, 14), referral_source="therapist")
    request_with_history(
        utc(2026, 9, 22, 14),
        [(S.IN_REVIEW, 3), (S.SCHEDULED, 40), (S.CONTACTED, 60), (S.SCHEDULED, 70)],
        first_contact_after=40, referral_source="therapist")
    request_with_history(utc(2026, 10, 1, 3, 59))   # 23:59 on 30 September in New York: in
    request_with_history(utc(2026, 10, 1, 4, 0))    # midnight on 1 October: out
    request_with_history(utc(2026, 9, 1, 3, 59))    # 23:59 on 31 August: out

    case_with_phases(avery, r1, utc(2026, 9, 6, 14), [(PROC, 20), (STAB, 29)])
    case_with_phases(blake, converted_earlier(1), utc(2026, 8, 1, 12), [(PROC, 10), (STAB, 35)])
    case_with_phases(avery, converted_earlier(2), utc(2026, 7, 1, 12),
                     discharged=utc(2026, 9, 10, 12), reason="goals_met")
    case_with_phases(blake, converted_earlier(3), utc(2026, 9, 12, 12))
    case_with_phases(avery, converted_earlier(4), utc(2026, 9, 14, 12), [(PROC, 30)])
    case_with_phases(blake, converted_earlier(5), utc(2026, 9, 20, 12),
                     discharged=utc(2026, 9, 25, 12), reason="client_ended")
    case_with_phases(avery, converted_earlier(6), utc(2026, 9, 1, 12),
                     discharged=utc(2026, 10, 2, 12), reason="moved")
    return avery, blake
