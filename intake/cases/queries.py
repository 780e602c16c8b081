"""Read-only selects for the caseload, the case page and the admin's assignment screen."""
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import case as sql_case, func, select
from sqlalchemy.orm import selectinload

from intake.auth.models import User
from intake.cases.models import Case, Note, PhaseChange
from intake.cases.plans.queries import next_review_due
from intake.cases.workflow import CaseStatus, Phase
from intake.clock import utcnow
from intake.extensions import db
from intake.practice.services import current_settings
from intake.triage.models import ConsultationRequest

OPEN_STATUSES = (CaseStatus.ACTIVE, CaseStatus.ON_HOLD)
# The caseload's status filter: "open" (the default) is active and on hold together.
STATUS_FILTERS = {"open": OPEN_STATUSES, "active": (CaseStatus.ACTIVE,),
                  "on_hold": (CaseStatus.ON_HOLD,), "discharged": (CaseStatus.DISCHARGED,),
                  "all": tuple(CaseStatus)}
_STATUS_RANK = {CaseStatus.ACTIVE: 0, CaseStatus.ON_HOLD: 1, CaseStatus.DISCHARGED: 2}


@dataclass(frozen=True)
class CaseloadRow:
    public_id: str
    client_name: str
    phase: str | None
    phase_since: datetime
    status: str
    review_due: date | None
    last_note_at: datetime | None
    drafts: int
    today: date

    @property
    def days_in_phase(self) -> int:
        return max(0, (utcnow() - self.phase_since).days)

    @property
    def review_overdue(self) -> bool:
        return (self.status != CaseStatus.DISCHARGED and self.review_due is not None
                and self.review_due < self.today)

    def attention_key(self):
        """Open before on hold before discharged; then overdue reviews, soonest reviews,
        unsigned drafts, and the longest without a note."""
        return (_STATUS_RANK.get(self.status, 3), not self.review_overdue,
                self.review_due or date.max, -self.drafts,
                self.last_note_at or datetime.min.replace(tzinfo=timezone.utc))


def _latest_phase_changes():
    latest = (select(PhaseChange.case_id, func.max(PhaseChange.id).label("id"))
              .group_by(PhaseChange.case_id).subquery())
    return select(PhaseChange).join(latest, latest.c.id == PhaseChange.id).subquery()


def _phase_of(latest):
    """A case with no phase change yet is in stabilization (as Case.phase says)."""
    return func.coalesce(latest.c.to_phase, Phase.STABILIZATION.value).label("phase")


def _note_activity():
    return (select(Note.case_id, func.max(Note.created_at).label("last_at"),
                   func.sum(sql_case((Note.signed_at.is_(None), 1), else_=0)).label("drafts"))
            .group_by(Note.case_id).subquery())


def caseload(clinician_id: int, *, phase: str | None = None, status: str = "open") -> list[CaseloadRow]:
    """The clinician's cases, filtered, sorted by what needs attention (three queries in all)."""
    latest, notes = _latest_phase_changes(), _note_activity()
    query = (select(Case.id, Case.public_id, Case.client_name, Case.status, Case.opened_at,
                    _phase_of(latest), latest.c.created_at, notes.c.last_at, notes.c.drafts)
             .outerjoin(latest, latest.c.case_id == Case.id)
             .outerjoin(notes, notes.c.case_id == Case.id)
             .where(Case.clinician_id == clinician_id,
                    Case.status.in_(STATUS_FILTERS.get(status, OPEN_STATUSES))))
    if phase in set(Phase):
        query = query.where(_phase_of(latest) == phase)
    rows = db.session.execute(query).all()
    due = next_review_due([r.id for r in rows])
    today = utcnow().astimezone(current_settings().zone).date()
    result = [CaseloadRow(public_id=r.public_id, client_name=r.client_name, phase=r.phase,
                          phase_since=_aware(r.created_at) or r.opened_at, status=r.status,
                          review_due=due.get(r.id), last_note_at=_aware(r.last_at),
                          drafts=int(r.drafts or 0), today=today)
              for r in rows]
    return sorted(result, key=CaseloadRow.attention_key)


def _aware(value: datetime | None) -> datetime | None:
    """Aggregates and subquery columns may come back naive from SQLite; they are UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def notes_for(case: Case) -> list[Note]:
    """The case's notes, newest first, with authors and addenda loaded in two more queries."""
    return list(db.session.scalars(
        select(Note).where(Note.case_id == case.id).order_by(Note.created_at.desc(), Note.id.desc())
        .options(selectinload(Note.addenda), selectinload(Note.author))))


def note_of_case(case: Case, note_public_id: str) -> Note | None:
    return db.session.scalar(select(Note).where(Note.case_id == case.id,
                                                Note.public_id == note_public_id))


@dataclass(frozen=True)
class AdminCaseRow:
    """What an admin sees of a case: never the client's name or any clinical text."""
    public_id: str
    reference: str
    clinician_name: str
    status: str
    phase: str | None
    opened_at: datetime
    version: int


def _admin_select():
    latest = _latest_phase_changes()
    return (select(Case.public_id, ConsultationRequest.reference, User.display_name, Case.status,
                   _phase_of(latest), Case.opened_at, Case.version)
            .join(User, User.id == Case.clinician_id)
            .join(ConsultationRequest, ConsultationRequest.id == Case.request_id)
            .outerjoin(latest, latest.c.case_id == Case.id))


def cases_for_admin(*, status: str = "open", clinician_id: int | None = None) -> list[AdminCaseRow]:
    query = (_admin_select().where(Case.status.in_(STATUS_FILTERS.get(status, OPEN_STATUSES)))
             .order_by(User.display_name, Case.opened_at))
    if clinician_id is not None:
        query = query.where(Case.clinician_id == clinician_id)
    return [AdminCaseRow(*row) for row in db.session.execute(query)]


def admin_case(public_id: str) -> AdminCaseRow | None:
    row = db.session.execute(_admin_select().where(Case.public_id == public_id)).first()
    return AdminCaseRow(*row) if row else None


def active_clinicians() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_clinician.is_(True),
                                                      User.active.is_(True))
                                   .order_by(User.display_name)))
