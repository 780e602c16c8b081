import pytest

from intake.cases.plans.workflow import GoalStatus, intervention_code, is_open, reason_required

STATUSES = list(GoalStatus)


@pytest.mark.parametrize("old", [None, *STATUSES])
@pytest.mark.parametrize("new", STATUSES)
def test_a_reason_is_needed_only_when_a_goal_becomes_revised_or_discontinued(old, new):
    expected = new in (GoalStatus.REVISED, GoalStatus.DISCONTINUED) and old != new
    assert reason_required(old, new) is expected


@pytest.mark.parametrize("status, expected", [
    (GoalStatus.NOT_STARTED, True), (GoalStatus.IN_PROGRESS, True), (GoalStatus.MET, False),
    (GoalStatus.REVISED, False), (GoalStatus.DISCONTINUED, False)])
def test_open_goals_are_the_ones_still_being_worked_on(status, expected):
    assert is_open(status) is expected


@pytest.mark.parametrize("label, code", [
    ("EMDR (adapted)", "emdr_adapted"),
    ("  Somatic   tracking ", "somatic_tracking"),
    ("Internal Family Systems – parts work", "internal_family_systems_parts_work"),
    ("!!!", ""),
    ("x" * 60, "x" * 40),
])
def test_intervention_codes_are_stable_slugs(label, code):
    assert intervention_code(label) == code
