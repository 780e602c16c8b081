"""The case's pure rules: phase moves over every readiness outcome, status moves, notes."""
import itertools

import pytest

from intake.cases import workflow
from intake.cases.workflow import (READINESS_ITEMS, CaseStatus, InvalidTransition, NoteLocked,
                                   Phase, ReadinessIncomplete, ReadinessReview, ReasonRequired,
                                   ReviewItem)
from intake.vocabulary import DISCHARGE_REASONS, codes

CODES = [code for code, _ in READINESS_ITEMS]


def review(outcomes, *, override="", comment="Observed in session."):
    return ReadinessReview(tuple(ReviewItem(code, met, comment)
                                 for code, met in zip(CODES, outcomes)), override=override)


ALL_OUTCOMES = list(itertools.product([True, False], repeat=len(CODES)))


def check(r, rationale="Ready.", *, phase=Phase.STABILIZATION, status=CaseStatus.ACTIVE,
          safety_plan_saved=True):
    workflow.check_move_to_processing(phase, status, r, rationale,
                                      safety_plan_saved=safety_plan_saved)


@pytest.mark.parametrize("outcomes", ALL_OUTCOMES)
def test_every_review_outcome_without_override(outcomes):
    r = review(outcomes)
    if all(outcomes):
        check(r)
    else:
        with pytest.raises(ReadinessIncomplete, match="override"):
            check(r)
    assert r.unmet == [code for code, met in zip(CODES, outcomes) if not met]
    assert r.all_met == all(outcomes)


@pytest.mark.parametrize("outcomes", ALL_OUTCOMES)
def test_every_review_outcome_with_override_may_proceed(outcomes):
    r = review(outcomes, override="Client stable for six weeks; crisis plan reviewed.")
    check(r, status=CaseStatus.ON_HOLD)


def test_the_safety_plan_item_is_met_only_with_a_saved_plan():
    with pytest.raises(ReadinessIncomplete, match="no safety plan is saved"):
        check(review([True] * 5), safety_plan_saved=False)
    # Not met, with an override: the move may go ahead, and the record says why.
    check(review([False, True, True, True, True], override="Plan agreed aloud; writing it next."),
          safety_plan_saved=False)
    check(review([True] * 5), safety_plan_saved=True)


@pytest.mark.parametrize("override", ["", "   ", None])
def test_blank_override_is_no_override(override):
    r = review([True, True, False, True, True], override=override or "")
    with pytest.raises(ReadinessIncomplete):
        check(r)


@pytest.mark.parametrize("missing", CODES)
def test_every_item_must_be_answered(missing):
    items = tuple(ReviewItem(c, None if c == missing else True, "ok") for c in CODES)
    r = ReadinessReview(items)
    assert r.unanswered == [missing]
    with pytest.raises(ReadinessIncomplete, match="each readiness item"):
        check(r)


def test_an_item_left_out_counts_as_unanswered():
    r = ReadinessReview(tuple(ReviewItem(c, True, "ok") for c in CODES[:-1]))
    assert r.unanswered == [CODES[-1]] and not r.all_met


@pytest.mark.parametrize("uncommented", CODES)
def test_every_item_needs_a_comment(uncommented):
    items = tuple(ReviewItem(c, True, "" if c == uncommented else "ok") for c in CODES)
    with pytest.raises(ReadinessIncomplete, match="comment"):
        check(ReadinessReview(items))


@pytest.mark.parametrize("rationale", ["", "  ", None])
def test_moving_to_processing_needs_a_rationale(rationale):
    with pytest.raises(ReasonRequired):
        check(review([True] * 5), rationale)


@pytest.mark.parametrize("phase,status,error", [
    (Phase.PROCESSING, CaseStatus.ACTIVE, InvalidTransition),
    (Phase.STABILIZATION, CaseStatus.DISCHARGED, InvalidTransition),
])
def test_processing_only_from_stabilization_of_an_open_case(phase, status, error):
    with pytest.raises(error):
        check(review([True] * 5), phase=phase, status=status)


@pytest.mark.parametrize("reason,text,ok", [
    ("re_escalation", "", True), ("crisis", None, True), ("other", "Moved in with partner", True),
    ("other", "", False), ("other", "  ", False), ("", "text", False), (None, None, False),
    ("made_up", "text", False),
])
def test_returning_to_stabilization_needs_a_reason(reason, text, ok):
    if ok:
        workflow.check_return_to_stabilization(Phase.PROCESSING, CaseStatus.ACTIVE, reason, text)
    else:
        with pytest.raises(ReasonRequired):
            workflow.check_return_to_stabilization(Phase.PROCESSING, CaseStatus.ACTIVE, reason, text)


@pytest.mark.parametrize("phase,status", [(Phase.STABILIZATION, CaseStatus.ACTIVE),
                                          (Phase.PROCESSING, CaseStatus.DISCHARGED)])
def test_return_only_from_processing_of_an_open_case(phase, status):
    with pytest.raises(InvalidTransition):
        workflow.check_return_to_stabilization(phase, status, "crisis", "")


ALLOWED = {(CaseStatus.ACTIVE, CaseStatus.ON_HOLD), (CaseStatus.ACTIVE, CaseStatus.DISCHARGED),
           (CaseStatus.ON_HOLD, CaseStatus.ACTIVE), (CaseStatus.ON_HOLD, CaseStatus.DISCHARGED),
           (CaseStatus.DISCHARGED, CaseStatus.ACTIVE)}


@pytest.mark.parametrize("current,target", list(itertools.product(CaseStatus, CaseStatus)))
def test_status_transition_table(current, target):
    assert workflow.status_allowed(current, target) == ((current, target) in ALLOWED)
    kwargs = dict(discharge_reason="goals_met", discharge_reasons=codes(DISCHARGE_REASONS),
                  summary="Goals met.")
    if (current, target) in ALLOWED:
        workflow.check_status_change(current, target, **kwargs)
    else:
        with pytest.raises(InvalidTransition):
            workflow.check_status_change(current, target, **kwargs)


@pytest.mark.parametrize("reason,summary", [("", "Goals met."), ("unknown", "Goals met."),
                                            ("goals_met", ""), ("goals_met", "  "), (None, None)])
def test_discharge_needs_a_coded_reason_and_a_summary(reason, summary):
    with pytest.raises(ReasonRequired):
        workflow.check_status_change(CaseStatus.ACTIVE, CaseStatus.DISCHARGED,
                                     discharge_reason=reason,
                                     discharge_reasons=codes(DISCHARGE_REASONS), summary=summary)


@pytest.mark.parametrize("signed,is_author,allowed", [
    (False, True, True), (False, False, False), (True, True, False), (True, False, False)])
def test_only_the_author_edits_a_draft(signed, is_author, allowed):
    if allowed:
        workflow.check_can_edit(signed=signed, is_author=is_author)
        workflow.check_can_sign(signed=signed, is_author=is_author, body="Session content.")
    else:
        with pytest.raises(NoteLocked):
            workflow.check_can_edit(signed=signed, is_author=is_author)
        with pytest.raises(NoteLocked):
            workflow.check_can_sign(signed=signed, is_author=is_author, body="Session content.")


def test_an_empty_note_cannot_be_signed():
    with pytest.raises(ReasonRequired):
        workflow.check_can_sign(signed=False, is_author=True, body="  ")


@pytest.mark.parametrize("signed,reason,body,error", [
    (True, "Correction", "Date was 3 Nov.", None),
    (False, "Correction", "Date was 3 Nov.", NoteLocked),
    (True, "", "Date was 3 Nov.", ReasonRequired),
    (True, "Correction", " ", ReasonRequired),
])
def test_addenda_only_on_signed_notes_with_a_reason(signed, reason, body, error):
    if error is None:
        workflow.check_addendum(signed=signed, reason=reason, body=body)
    else:
        with pytest.raises(error):
            workflow.check_addendum(signed=signed, reason=reason, body=body)


@pytest.mark.parametrize("status,allowed", [(CaseStatus.ACTIVE, True), (CaseStatus.ON_HOLD, True),
                                            (CaseStatus.DISCHARGED, False)])
def test_new_notes_only_on_open_cases(status, allowed):
    if allowed:
        workflow.check_can_write_note(status)
    else:
        with pytest.raises(InvalidTransition):
            workflow.check_can_write_note(status)
