"""Demo treatment plans and plan reviews (realistic, clearly fake), and the records seeder
other demos call for each case they create."""
from datetime import timedelta

from sqlalchemy import select

from intake.cases.models import Case
from intake.cases.plans import queries, services
from intake.cases.plans.workflow import GoalStatus, ObjectiveStatus
from intake.cases.safety.demo import seed_safety_plan
from intake.cases.workflow import CaseStatus, Phase
from intake.clock import utcnow
from intake.extensions import db

# (title, interventions, objectives, status in stabilization, status in processing)
GOALS = [
    ("Recognise the cycle as it starts and pause before acting",
     ["psychoeducation_trauma_bonding", "body_based_regulation"],
     ["Name the five stages of the cycle in my own words",
      "Notice three body signals of the pull to reconnect",
      "Use a 10-minute pause before replying"],
     GoalStatus.IN_PROGRESS, GoalStatus.MET),
    ("Keep contact to what is necessary, on my terms",
     ["communication_boundary_planning"],
     ["Move all messages to one channel", "No replies after 9 pm"],
     GoalStatus.IN_PROGRESS, GoalStatus.MET),
    ("Rebuild a reliable support network",
     ["support_network_building"],
     ["Weekly contact with two trusted people", "Join the Thursday support group"],
     GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS),
]
PROCESSING_GOAL = (
    "Process the memories that keep the bond in place",
    ["memory_processing", "body_based_regulation"],
    ["Build a timeline of key events with grounding breaks",
     "Reprocess the first-rupture memory when distress allows"],
    GoalStatus.IN_PROGRESS)
REVIEW_SUMMARIES = [
    "Reviewed all goals with the client. Cycle awareness improving; contact now mostly through "
    "one channel. Support network still thin: kept as the next focus.",
    "Regulation skills in steady use; no crisis in the last six weeks. Agreed to begin careful "
    "memory work while keeping the safety plan under review.",
]


def _by_code() -> dict:
    return {i.code: i for i in queries.active_interventions()}


def _add_goal(case, clinician, spec, status, vocabulary, *, created):
    title, codes, objectives, *_ = spec
    created = min(created, utcnow())
    goal = services.add_goal(case, actor=clinician, title=title, target_date=(created + timedelta(days=120)).date(),
                             interventions=[vocabulary[c] for c in codes if c in vocabulary],
                             objectives=objectives)
    if status != GoalStatus.NOT_STARTED:
        services.revise_goal(goal, actor=clinician, expected_version=goal.version, title=goal.title,
                             detail=None, target_date=goal.target_date, status=status,
                             interventions=goal.interventions)
    if status == GoalStatus.MET:
        for objective in goal.objectives:
            services.set_objective_status(objective, actor=clinician, status=ObjectiveStatus.MET,
                                          expected_version=objective.version)
    for number, revision in enumerate(goal.revisions):
        revision.created_at = min(created + timedelta(days=14 * number), utcnow())
    goal.created_at = created


def _seed_reviews(case, clinician, processing: bool):
    """One review for a case open long enough, two for one in processing; a young case has none
    (its first review falls due a cadence after opening)."""
    today = queries.practice_today()
    opened = case.opened_at.date()
    dates = [opened + timedelta(days=80)] + ([opened + timedelta(days=150)] if processing else [])
    for day, summary in zip(dates, REVIEW_SUMMARIES):
        if day <= today:
            services.record_review(case, actor=clinician, reviewed_on=day, summary=summary)


def seed_records(case, clinician) -> None:
    """A realistic plan, reviews and a safety plan for one demo case; the caller commits.
    Does nothing for a case that already has goals, so seeding twice is harmless."""
    if queries.goals_for(case):
        return
    processing = case.phase == Phase.PROCESSING
    vocabulary = _by_code()
    created = case.opened_at + timedelta(days=3)
    for spec in GOALS:
        _add_goal(case, clinician, spec, spec[4] if processing else spec[3], vocabulary,
                  created=created)
    if processing:
        _add_goal(case, clinician, PROCESSING_GOAL, PROCESSING_GOAL[3], vocabulary,
                  created=created + timedelta(days=150))
    _seed_reviews(case, clinician, processing)
    seed_safety_plan(case, clinician)
    db.session.flush()


def seed(staff: dict, options: dict) -> None:
    """Records for every demo case the cases seeder made, by each case's own clinician."""
    services.ensure_default_interventions()
    # A discharged case's plan is closed to changes, so only open cases get one here.
    open_cases = select(Case).where(Case.status != CaseStatus.DISCHARGED).order_by(Case.id)
    for case in db.session.scalars(open_cases):
        seed_records(case, case.clinician)
