"""Who may open a case: only its assigned clinician. Anyone else gets 404 (no existence oracle)."""
from flask import abort
from sqlalchemy import select

from intake.cases.models import Case
from intake.extensions import db


def own_case_or_404(public_id: str, user) -> Case:
    """The case with `public_id` if `user` is its assigned clinician; otherwise 404.

    The caller audits the read (one event per request, naming what was opened)."""
    case = db.session.scalar(select(Case).where(Case.public_id == public_id))
    if case is None or case.clinician_id != user.id:
        abort(404)
    return case
