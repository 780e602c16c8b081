"""Marks the days whose roll-ups a flush has made stale (see rollups.refresh).

A session listener rather than calls in each service, so no path that changes a request, a
status change, a case, a phase change or a handover can forget to. Core statements that
bypass the ORM (the bulk history generator) rebuild the roll-ups themselves.
"""
from datetime import timezone

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from intake.cases.models import Case, CaseHandover, PhaseChange
from intake.reports.models import DirtyDay
from intake.triage.models import ConsultationRequest, RequestStatusChange

# The attributes a roll-up depends on; a change to anything else marks nothing.
REQUEST_FIELDS = ("created_at", "status", "urgent", "referral_source", "first_contacted_at")
CASE_FIELDS = ("clinician_id", "opened_at", "discharged_at", "discharge_reason")


def _values(obj, name: str) -> list:
    """The attribute's value now and before this flush (both days are stale)."""
    return [v for v in inspect(obj).attrs[name].history.sum() if v is not None]


def _changed(obj, names, is_new_or_gone: bool) -> bool:
    return is_new_or_gone or any(inspect(obj).attrs[n].history.has_changes() for n in names)


class _Marks:
    """What one flush made stale: instants seen on the flushed rows, and the ids of rows
    whose related instants must be looked up."""

    def __init__(self):
        self.instants: list = []
        self.request_ids: set[int] = set()
        self.case_ids: set[int] = set()
        self.reassigned_case_ids: set[int] = set()

    def add(self, obj, *names):
        for name in names:
            self.instants.extend(_values(obj, name))

    def note(self, obj, new_or_gone: bool) -> None:
        if isinstance(obj, ConsultationRequest):
            if _changed(obj, REQUEST_FIELDS, new_or_gone):
                self.add(obj, "created_at")
        elif isinstance(obj, RequestStatusChange):
            self.add(obj, "created_at")  # a conversion counts on the day it was made
            self.request_ids.add(obj.request_id)  # the request's stage, on its own day
        elif isinstance(obj, Case):
            if _changed(obj, CASE_FIELDS, new_or_gone):
                self.add(obj, "opened_at", "discharged_at")
                if inspect(obj).attrs.clinician_id.history.deleted:
                    # Days after its last handover are credited to the case's clinician:
                    # recount every day of its history (a handover alone changes only its own).
                    self.reassigned_case_ids.add(obj.id)
        elif isinstance(obj, PhaseChange):
            self.add(obj, "created_at")
            self.case_ids.add(obj.case_id)  # its cohort day, and the phase it was discharged in
        elif isinstance(obj, CaseHandover):
            self.add(obj, "created_at")  # the day the caseload passed from one to the other

    def utc_days(self, connection) -> set:
        """The UTC dates of every instant noted, including the related rows' ones."""
        c = connection
        if self.request_ids:
            self.instants += c.scalars(select(ConsultationRequest.created_at).where(
                ConsultationRequest.id.in_(self.request_ids))).all()
        if self.case_ids:
            for opened, discharged in c.execute(select(Case.opened_at, Case.discharged_at).where(
                    Case.id.in_(self.case_ids))):
                self.instants += [opened, discharged]
        if self.reassigned_case_ids:
            self.instants += c.scalars(select(PhaseChange.created_at).where(
                PhaseChange.case_id.in_(self.reassigned_case_ids))).all()
        return {moment.astimezone(timezone.utc).date() for moment in self.instants if moment}


TRACKED = (ConsultationRequest, RequestStatusChange, Case, PhaseChange, CaseHandover)


@event.listens_for(Session, "after_flush")
def _mark_stale_days(session, flush_context):
    gone = set(session.deleted)
    flushed = [obj for obj in (*session.new, *session.dirty, *gone) if isinstance(obj, TRACKED)]
    if not flushed:
        return
    marks = _Marks()
    for obj in flushed:
        marks.note(obj, obj in session.new or obj in gone)
    days = marks.utc_days(session.connection())
    if days:
        session.connection().execute(insert(DirtyDay.__table__),
                                     [{"utc_day": d} for d in sorted(days)])
