"""Moving a request through its status machine: the one place that writes a status change."""
from intake.clock import utcnow
from intake.extensions import db
from intake.triage import workflow
from intake.triage.models import ConsultationRequest, RequestStatusChange


def change_status(request: ConsultationRequest, target: str, *, actor,
                  reason: str | None = None) -> RequestStatusChange:
    """Apply `request.status → target` if the workflow allows it and keep its history row
    (the funnel report reads request_status_changes). The caller audits and commits."""
    workflow.check(request.status, target, reason=reason)
    change = RequestStatusChange(request=request, from_status=request.status, to_status=target,
                                 actor_id=getattr(actor, "id", None), created_at=utcnow())
    request.status = target
    request.status_changed_at = change.created_at
    request.updated_at = change.created_at
    db.session.add(change)
    return change
