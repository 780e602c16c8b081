"""Opening an intake record (Case) from a consulted request."""
from intake import audit
from intake.cases.models import Case, PhaseChange
from intake.cases.workflow import Phase
from intake.clock import utcnow
from intake.extensions import db
from intake.triage.status import change_status
from intake.triage.workflow import RequestStatus


def open_case(request, *, actor) -> Case:
    """Create the case for a consulted request, in stabilization, and mark the request
    converted. Raises workflow.InvalidTransition unless the request is consulted.

    The case goes to the request's clinician (the actor if nobody held it); the caller commits."""
    change_status(request, RequestStatus.CONVERTED, actor=actor)
    now = utcnow()
    case = Case(request=request, clinician_id=request.assigned_to_id or actor.id,
                client_name=request.name, opened_at=now, created_at=now)
    if request.assigned_to_id is None:
        request.assigned_to_id = actor.id
    db.session.add(case)
    # Treatment starts in stabilization; the phase is derived from this first change.
    case.phase_changes.append(PhaseChange(from_phase=None, to_phase=Phase.STABILIZATION,
                                          actor_id=actor.id, created_at=now))
    db.session.flush()
    audit.record(actor, "case.opened", case, detail=f"request:{request.public_id}")
    audit.record(actor, "request.converted", request, detail=f"case:{case.public_id}")
    return case
