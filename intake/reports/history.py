"""A realistic, clearly fake year of practice history, inserted in bulk.

Requests arrive with a weekly rhythm (busier early in the week, quiet at weekends), a slow
seasonal swell and a little growth; each then moves through the status machine with
realistic delays (urgent ones contacted sooner), stopping wherever "now" falls, so recent
requests are still open. Converted requests become cases whose phase moves from
stabilization to processing, sometimes back again, and some end in a discharge.

Rows go in through SQLAlchemy Core executemany in batches. Names and reasons are encrypted
once and reused (it is demo data), through copies of the tables whose encrypted columns are
plain text, so a million requests take minutes rather than hours.
"""
import math
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import accumulate

from sqlalchemy import (Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, func,
                        insert, select, text)

from intake.cases.models import Case, CaseHandover, PhaseChange
from intake.cases.workflow import CaseStatus, Phase
from intake.clock import utcnow
from intake.database import UTCDateTime
from intake.practice.services import current_settings
from intake.reports import rollups
from intake.reports.periods import local_midnight
from intake.security import crypto
from intake.security.blind_index import blind_index
from intake.security.crypto import EncryptedText
from intake.triage.models import ConsultationRequest, RequestStatusChange
from intake.triage.workflow import RequestStatus as S
from intake.vocabulary import DISCHARGE_REASONS, REFERRAL_SOURCES, SESSION_FORMATS, codes

REFERRAL_CODES, DISCHARGE_CODES = codes(REFERRAL_SOURCES), codes(DISCHARGE_REASONS)
FORMAT_CODES = codes(SESSION_FORMATS)
SUBMISSION_PREFIX = "history-"  # marks generated requests (the demo seeds its history once)
BATCH = 5_000
DAYS = 365
URGENT_SHARE = 0.10
HANDOVER_SHARE = 0.05  # cases passed to another clinician (leave, a caseload rebalanced)
OUT_OF_AREA = ("PA", "MA", "VT")

FAKE_NAMES = [
    "Alex Demo", "Robin Sample", "Jamie Placeholder", "Taylor Fictional", "Morgan Testcase",
    "Riley Madeup", "Quinn Pretend", "Avery Notreal", "Casey Mock", "Drew Example",
    "Skyler Invented", "Rowan Standin", "Emerson Dummy", "Hayden Specimen", "Parker Fauxname",
]
EXIT_REASONS = {
    S.DECLINED: "Demo: not a fit for the practice's focus at this time.",
    S.REFERRED_OUT: "Demo: referred to a service closer to what they need.",
    S.NO_RESPONSE: "Demo: no reply after several attempts through the safe channels.",
}
WEEKDAY_WEIGHT = [1.35, 1.25, 1.1, 1.05, 0.9, 0.55, 0.6]  # Monday first
HOUR_WEIGHT = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 5, 5, 4, 4, 5, 6, 7, 8, 7, 5, 3]
HOUR_CUMULATIVE = list(accumulate(HOUR_WEIGHT))
REFERRAL_CUMULATIVE = list(accumulate([30, 20, 15, 8, 12, 10, 5]))
DISCHARGE_CUMULATIVE = list(accumulate([40, 20, 10, 15, 8, 7]))


@dataclass
class Counts:
    requests: int = 0
    status_changes: int = 0
    cases: int = 0
    phase_changes: int = 0
    handovers: int = 0
    by_status: dict = field(default_factory=dict)


def _plain_copy(model, dialect: str) -> Table:
    """The model's table with types that do no per-value work: encrypted columns as plain
    text (values arrive pre-encrypted), timestamps as the driver takes them (see _stamp)."""
    source = model.__table__
    columns = []
    for c in source.columns:
        kind = c.type
        if isinstance(kind, EncryptedText):
            kind = Text()
        elif isinstance(kind, UTCDateTime):
            kind = String() if dialect == "sqlite" else DateTime(timezone=True)
        elif isinstance(kind, Boolean) and dialect == "sqlite":
            kind = Integer()
        columns.append(Column(c.name, kind, primary_key=c.primary_key))
    return Table(source.name, MetaData(), *columns)


def _stamper(dialect: str):
    """How a UTC datetime is handed to the driver: SQLite stores SQLAlchemy's text form."""
    if dialect == "sqlite":
        # Every moment here is already UTC; isoformat is SQLAlchemy's format, only faster.
        return lambda moment: None if moment is None else moment.isoformat(" ", "microseconds")[:26]
    return lambda moment: moment


def already_generated(session) -> bool:
    found = session.scalar(select(ConsultationRequest.id).where(
        ConsultationRequest.submission_id.like(f"{SUBMISSION_PREFIX}%")).limit(1))
    return found is not None


def _next_id(session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _hours(rng, median: float, spread: float = 0.8) -> timedelta:
    """A lognormal delay: most near the median, a long tail of slow ones."""
    return timedelta(hours=median * math.exp(rng.gauss(0, spread)))


class _Simulation:
    """Plays out one request's history; events after `now` do not happen (yet)."""

    def __init__(self, generator, created: datetime):
        self.g, self.t, self.now = generator, created, generator.now
        self.changes = [(None, S.NEW, created)]
        self.status = S.NEW

    def move(self, to: S, delay: timedelta) -> bool:
        when = self.t + delay
        if when > self.now:
            return False
        self.changes.append((self.status, to, when))
        self.status, self.t = to, when
        return True

    def exit(self, to: S) -> None:
        self.move(to, _hours(self.g.rng, 20))


class HistoryGenerator:
    def __init__(self, session, clinician_ids: list[int], *, now: datetime | None = None,
                 seed: int | None = None, days: int = DAYS):
        if not clinician_ids:
            raise ValueError("the history needs at least one clinician")
        self.session = session
        self.clinicians = clinician_ids
        self.now = (now or utcnow()).astimezone(timezone.utc)
        self.rng = random.Random(seed)
        self.days = days
        settings = current_settings()
        self.zone = settings.zone
        self.regions = [r["code"] for r in settings.served_regions] or ["NY"]
        cipher = crypto.cipher()
        self.names = [(cipher.encrypt(n.encode()).decode(), blind_index(n)) for n in FAKE_NAMES]
        self.reasons = {k: cipher.encrypt(v.encode()).decode() for k, v in EXIT_REASONS.items()}
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            # A bigger page cache for this connection: the unique indexes take random keys.
            session.connection().exec_driver_sql("PRAGMA cache_size = -262144")
        self.stamp = _stamper(dialect)
        self.tables = {m: _plain_copy(m, dialect) for m in
                       (ConsultationRequest, RequestStatusChange, Case, PhaseChange, CaseHandover)}
        self.next_id = {m: _next_id(session, m) for m in self.tables}
        self.counts = Counts()
        self.midnights: dict[int, datetime] = {}
        self.compiled: dict = {}

    # -- when requests arrive -------------------------------------------------------------
    def arrival_days(self, count: int) -> list[int]:
        """Day offsets (0 = a year ago) drawn with weekly rhythm, seasons and growth."""
        first = (self.now - timedelta(days=self.days)).astimezone(self.zone).date()
        weights = []
        for offset in range(self.days + 1):
            day = first + timedelta(days=offset)
            season = 1 + 0.18 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 20) / 365)
            weights.append(WEEKDAY_WEIGHT[day.weekday()] * season * (0.85 + 0.3 * offset / self.days))
        self.first_day = first
        return sorted(self.rng.choices(range(self.days + 1), cum_weights=list(accumulate(weights)),
                                       k=count))

    def arrival(self, offset: int) -> datetime:
        midnight = self.midnights.get(offset)
        if midnight is None:
            midnight = local_midnight(self.first_day + timedelta(days=offset), self.zone)
            self.midnights[offset] = midnight
        hour = self.rng.choices(range(24), cum_weights=HOUR_CUMULATIVE)[0]
        moment = midnight + timedelta(hours=hour, minutes=self.rng.random() * 60)
        if moment < self.now:
            return moment
        return self.now - timedelta(minutes=self.rng.random() * 90)

    # -- one request's path ---------------------------------------------------------------
    def play(self, created: datetime, urgent: bool, out_of_area: bool):
        """(status changes, first contact, converted at) for one request."""
        rng, sim = self.rng, _Simulation(self, created)
        if not sim.move(S.IN_REVIEW, _hours(rng, 1.5 if urgent else 10)):
            return sim, None, None
        if out_of_area or rng.random() < 0.03:
            sim.exit(S.REFERRED_OUT if out_of_area else S.DECLINED)
            return sim, None, None
        first_contact = sim.t + _hours(rng, 2 if urgent else 20, 0.9)
        if first_contact > self.now:
            return sim, None, None
        roll = rng.random()
        if roll < 0.15:
            sim.move(S.NO_RESPONSE, timedelta(days=7 + rng.random() * 7))
            return sim, first_contact, None
        if roll < 0.21:
            sim.exit(S.DECLINED)
            return sim, first_contact, None
        sim.t = first_contact
        if roll < 0.31:  # booked on the first call
            reached = sim.move(S.SCHEDULED, timedelta(minutes=20))
        else:
            reached = sim.move(S.CONTACTED, _hours(rng, 2)) and self._schedule(sim)
        if not reached or not self._consult(sim):
            return sim, first_contact, None
        roll = rng.random()
        if roll < 0.62:
            converted = sim.move(S.CONVERTED, _hours(rng, 30))
            return sim, first_contact, (sim.t if converted else None)
        sim.exit(S.REFERRED_OUT if roll < 0.84 else S.DECLINED)
        return sim, first_contact, None

    def _schedule(self, sim) -> bool:
        roll = self.rng.random()
        if roll < 0.07:
            sim.move(S.NO_RESPONSE, timedelta(days=6 + self.rng.random() * 8))
            return False
        if roll < 0.11:
            sim.exit(S.REFERRED_OUT)
            return False
        return sim.move(S.SCHEDULED, _hours(self.rng, 30))

    def _consult(self, sim) -> bool:
        rng = self.rng
        if rng.random() < 0.04:  # rescheduled once
            if not (sim.move(S.CONTACTED, _hours(rng, 48)) and sim.move(S.SCHEDULED, _hours(rng, 24))):
                return False
        roll = rng.random()
        if roll < 0.05:
            sim.exit(S.NO_RESPONSE)
            return False
        if roll < 0.08:
            sim.exit(S.DECLINED)
            return False
        return sim.move(S.CONSULTED, _hours(rng, 120, 0.6))

    # -- one case's path ------------------------------------------------------------------
    def phases(self, opened: datetime):
        """(phase changes [(from, to, at)], discharged at, reason, status) for one case."""
        rng = self.rng
        length = timedelta(days=150 * math.exp(rng.gauss(0, 0.7)))
        discharged = opened + length if opened + length <= self.now else None
        ends = discharged or self.now
        changes, at, phase = [(None, Phase.STABILIZATION, opened)], opened, Phase.STABILIZATION
        wait = timedelta(days=42 * math.exp(rng.gauss(0, 0.55)))
        for _ in range(4):
            if at + wait >= ends:
                break
            at += wait
            following = Phase.PROCESSING if phase == Phase.STABILIZATION else Phase.STABILIZATION
            changes.append((phase, following, at))
            phase = following
            back = 0.25 if phase == Phase.PROCESSING else 0.6
            if rng.random() >= back:
                break
            wait = timedelta(days=30 * math.exp(rng.gauss(0, 0.5)))
        if discharged:
            reason = rng.choices(DISCHARGE_CODES, cum_weights=DISCHARGE_CUMULATIVE)[0]
            return changes, discharged, reason, CaseStatus.DISCHARGED
        status = CaseStatus.ON_HOLD if rng.random() < 0.05 else CaseStatus.ACTIVE
        return changes, None, None, status

    # -- rows ------------------------------------------------------------------------------
    def batch_rows(self, offsets: list[int]):
        rng, stamp = self.rng, self.stamp
        requests, changes, cases, phase_rows, handovers = [], [], [], [], []
        for offset in offsets:
            created = self.arrival(offset)
            urgent = rng.random() < URGENT_SHARE
            out_of_area = rng.random() < 0.04
            sim, first_contact, converted = self.play(created, urgent, out_of_area)
            request_id = self._take(ConsultationRequest)
            clinician = rng.choice(self.clinicians) if sim.status != S.NEW else None
            requests.append(self._request_row(request_id, sim, created, urgent, out_of_area,
                                              first_contact, clinician))
            for before, after, at in sim.changes:
                changes.append({"id": self._take(RequestStatusChange), "request_id": request_id,
                                "from_status": before, "to_status": after,
                                "actor_id": clinician if before else None,
                                "created_at": stamp(at)})
            self.counts.by_status[sim.status] = self.counts.by_status.get(sim.status, 0) + 1
            if converted:
                case_id = self._take(Case)
                moves, discharged, reason, status = self.phases(converted)
                name = requests[-1]["name"]
                opened = stamp(converted)
                holder = self._handover(case_id, clinician, converted, discharged, handovers)
                cases.append({"id": case_id, "public_id": secrets.token_urlsafe(12),
                              "request_id": request_id, "clinician_id": holder,
                              "status": status, "client_name": name, "opened_at": opened,
                              "discharged_at": stamp(discharged), "discharge_reason": reason,
                              "version": 1, "created_at": opened,
                              "updated_at": stamp(discharged or moves[-1][2])})
                for before, after, at in moves:
                    phase_rows.append({"id": self._take(PhaseChange),
                                       "public_id": secrets.token_urlsafe(12), "case_id": case_id,
                                       "from_phase": before, "to_phase": after, "rationale": None,
                                       "actor_id": clinician, "created_at": stamp(at)})
        return requests, changes, cases, phase_rows, handovers

    def _handover(self, case_id, clinician, opened, discharged, handovers) -> int:
        """Now and then a case passes to another clinician partway through; returns who
        holds it at the end."""
        ends = discharged or self.now
        others = [c for c in self.clinicians if c != clinician]
        if not others or self.rng.random() >= HANDOVER_SHARE or ends - opened < timedelta(days=21):
            return clinician
        taker = self.rng.choice(others)
        at = opened + timedelta(days=7) + (ends - opened - timedelta(days=14)) * self.rng.random()
        handovers.append({"id": self._take(CaseHandover), "case_id": case_id,
                          "from_clinician_id": clinician, "to_clinician_id": taker,
                          "actor_id": None, "created_at": self.stamp(at)})
        return taker

    def _take(self, model) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    def _request_row(self, request_id, sim, created, urgent, out_of_area, first_contact, clinician):
        rng, stamp = self.rng, self.stamp
        name, name_index = rng.choice(self.names)
        created_at, changed_at = stamp(created), stamp(sim.t)
        ok_call = rng.random() < 0.6
        return {
            "id": request_id, "public_id": secrets.token_urlsafe(12),
            # Unique by construction, and plainly generated: H-0000012345.
            "reference": f"H-{request_id:010d}", "submission_id": f"{SUBMISSION_PREFIX}{request_id}",
            "status": sim.status, "status_changed_at": changed_at, "urgent": urgent,
            "assigned_to_id": clinician, "slot_id": None, "version": 1, "updated_at": changed_at,
            "region": rng.choice(OUT_OF_AREA) if out_of_area else rng.choice(self.regions),
            "out_of_area": out_of_area,
            "session_format": rng.choice(FORMAT_CODES),
            "referral_source": (rng.choices(REFERRAL_CODES, cum_weights=REFERRAL_CUMULATIVE)[0]
                                if rng.random() < 0.93 else None),
            "name": name, "name_index": name_index,
            "ok_call": ok_call, "ok_voicemail": ok_call and rng.random() < 0.4,
            "ok_text": rng.random() < 0.5, "ok_email": rng.random() < 0.7,
            "may_name_practice": rng.random() < 0.5,
            "consent_notice_version": "2026-11", "consented_at": created_at, "created_at": created_at,
            "first_contacted_at": stamp(first_contact),
            "exit_reason": self.reasons.get(sim.status),
        }

    def insert(self, rows) -> None:
        connection = self.session.connection()
        for model, batch in zip(self.tables, rows):
            if batch:
                self._insert(connection, self.tables[model], batch)
        requests, changes, cases, phase_rows, handovers = rows
        self.counts.requests += len(requests)
        self.counts.status_changes += len(changes)
        self.counts.cases += len(cases)
        self.counts.phase_changes += len(phase_rows)
        self.counts.handovers += len(handovers)

    def _insert(self, connection, table: Table, batch: list[dict]) -> None:
        """Core executemany; on SQLite the compiled INSERT goes straight to the driver's
        executemany with tuples, which halves the time (PostgreSQL keeps SQLAlchemy's
        multi-row VALUES batching, faster there than the driver's executemany)."""
        if connection.dialect.name != "sqlite":
            connection.execute(insert(table), batch)
            return
        compiled = self.compiled.get(table.name)
        if compiled is None:
            compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(batch[0]))
            self.compiled[table.name] = compiled
        order = compiled.positiontup
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.executemany(str(compiled), [tuple(row[k] for k in order) for row in batch])
        finally:
            cursor.close()

    def fix_sequences(self) -> None:
        """Explicit ids leave PostgreSQL's sequences behind; move them past the new rows."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for table in self.tables.values():
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"))


def generate(session, count: int, clinician_ids: list[int], *, now: datetime | None = None,
             seed: int | None = None, batch: int = BATCH, progress=None,
             commit_batches: bool = False) -> Counts:
    """Insert `count` requests of history (with their cases); returns what was made.

    `progress(n)` is told after each batch; `commit_batches` commits each one (the bulk
    command: keeps SQLite's write-ahead log small and the work done so far kept)."""
    generator = HistoryGenerator(session, clinician_ids, now=now, seed=seed)
    offsets = generator.arrival_days(count)
    for start in range(0, count, batch):
        chunk = offsets[start:start + batch]
        generator.insert(generator.batch_rows(chunk))
        if commit_batches:
            generator.fix_sequences()
            session.commit()
        if progress:
            progress(len(chunk))
    generator.fix_sequences()
    # The rows went in around the ORM, so no day was marked stale: count them all again.
    rollups.rebuild(session)
    return generator.counts
