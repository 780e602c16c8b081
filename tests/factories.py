"""Plain factory functions for tests: real rows through the real models, committed."""
import secrets
from datetime import timedelta

from intake.auth.models import Role
from intake.cases.models import Case, PhaseChange
from intake.cases.workflow import Phase
from intake.clock import utcnow
from intake.extensions import db
from intake.scheduling.models import SLOT_MINUTES, Slot
from intake.triage.models import ConsultationRequest, RequestStatusChange
from intake.triage.workflow import RequestStatus
from tests.conftest import make_user


def make_slot(clinician=None, *, starts_in=timedelta(days=2), starts_at=None, **fields) -> Slot:
    clinician = clinician or make_user(Role.CLINICIAN)
    start = starts_at or (utcnow() + starts_in).replace(second=0, microsecond=0)
    slot = Slot(clinician_id=clinician.id, starts_at=start,
                ends_at=start + timedelta(minutes=SLOT_MINUTES), **fields)
    db.session.add(slot)
    db.session.commit()
    return slot


def make_request(**overrides) -> ConsultationRequest:
    """A submitted request with sensible answers; override any column."""
    now = utcnow()
    values = dict(
        reference=f"{secrets.token_hex(2).upper()}-{secrets.token_hex(2).upper()}",
        submission_id=secrets.token_urlsafe(16),
        status=RequestStatus.NEW,
        region="NY",
        name="Sam Example",
        email="sam@example.net",
        ok_email=True,
        consent_notice_version="2026-11",
        consented_at=now,
        created_at=now,
        status_changed_at=now,
    )
    values.update(overrides)
    request = ConsultationRequest(**values)
    db.session.add(request)
    db.session.flush()
    db.session.add(RequestStatusChange(request_id=request.id, from_status=None,
                                       to_status=request.status, created_at=request.created_at))
    db.session.commit()
    return request


def make_case(clinician=None, *, request=None, phase=Phase.STABILIZATION, **overrides) -> Case:
    clinician = clinician or make_user(Role.CLINICIAN)
    request = request or make_request(status=RequestStatus.CONVERTED, assigned_to_id=clinician.id)
    case = Case(request_id=request.id, clinician_id=clinician.id, client_name=request.name,
                **overrides)
    db.session.add(case)
    db.session.flush()
    db.session.add(PhaseChange(case_id=case.id, from_phase=None, to_phase=Phase.STABILIZATION,
                               actor_id=clinician.id))
    if phase == Phase.PROCESSING:
        db.session.add(PhaseChange(case_id=case.id, from_phase=Phase.STABILIZATION,
                                   to_phase=Phase.PROCESSING, actor_id=clinician.id,
                                   rationale="Regulation skills in steady use."))
    db.session.commit()
    return case
