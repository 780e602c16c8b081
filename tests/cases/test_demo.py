"""The demo seed gives cases in both phases with histories, drafts, signed notes and an addendum."""
from sqlalchemy import func, select

from intake import demo
from intake.cases.models import Case, Note, NoteAddendum
from intake.cases.workflow import CaseStatus, Phase
from intake.triage.models import ConsultationRequest


def test_demo_cases_cover_both_phases_and_are_seeded_once(app, db):
    demo.seed("demo-password-for-tests-1")
    total = db.session.scalar(select(func.count()).select_from(Case))
    demo.seed("demo-password-for-tests-1")
    assert db.session.scalar(select(func.count()).select_from(Case)) == total
    # Other seeders open cases too (triage converts requests); these are this feature's own.
    cases = db.session.scalars(select(Case).join(ConsultationRequest)
                               .where(ConsultationRequest.reference.like("DEMO-C%"))).all()
    assert len(cases) == 6
    assert {c.phase for c in cases} == {Phase.STABILIZATION, Phase.PROCESSING}
    assert {c.status for c in cases} == set(CaseStatus)
    assert any(len(c.phase_changes) == 3 for c in cases)  # went to processing and back
    assert all(c.request.status == "converted" and c.assessment for c in cases)
    signed = db.session.scalar(select(func.count()).where(Note.signed_at.is_not(None)))
    drafts = db.session.scalar(select(func.count()).where(Note.signed_at.is_(None)))
    assert signed > 5 and drafts >= 1
    assert db.session.scalar(select(func.count()).select_from(NoteAddendum)) == 1
    discharged = next(c for c in cases if c.status == CaseStatus.DISCHARGED)
    assert discharged.discharge_reason == "goals_met" and discharged.discharged_at
