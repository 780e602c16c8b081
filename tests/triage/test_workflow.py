from itertools import product

import pytest

from intake.triage import workflow
from intake.triage.workflow import EXITS, InvalidTransition, ReasonRequired, RequestStatus

S = RequestStatus
LEGAL = {
    (S.NEW, S.IN_REVIEW), (S.NEW, S.DECLINED), (S.NEW, S.REFERRED_OUT), (S.NEW, S.NO_RESPONSE),
    (S.IN_REVIEW, S.CONTACTED), (S.IN_REVIEW, S.SCHEDULED), (S.IN_REVIEW, S.DECLINED),
    (S.IN_REVIEW, S.REFERRED_OUT), (S.IN_REVIEW, S.NO_RESPONSE),
    (S.CONTACTED, S.SCHEDULED), (S.CONTACTED, S.DECLINED), (S.CONTACTED, S.REFERRED_OUT),
    (S.CONTACTED, S.NO_RESPONSE),
    (S.SCHEDULED, S.CONSULTED), (S.SCHEDULED, S.CONTACTED), (S.SCHEDULED, S.DECLINED),
    (S.SCHEDULED, S.REFERRED_OUT), (S.SCHEDULED, S.NO_RESPONSE),
    (S.CONSULTED, S.CONVERTED), (S.CONSULTED, S.DECLINED), (S.CONSULTED, S.REFERRED_OUT),
    (S.DECLINED, S.IN_REVIEW), (S.REFERRED_OUT, S.IN_REVIEW), (S.NO_RESPONSE, S.IN_REVIEW),
}


@pytest.mark.parametrize("current,target", list(product(RequestStatus, RequestStatus)))
def test_every_pair_is_legal_only_if_listed(current, target):
    reason = "They chose another practice." if target in EXITS else None
    if (current, target) in LEGAL:
        assert workflow.allowed(current, target)
        workflow.check(current, target, reason=reason)
    else:
        assert not workflow.allowed(current, target)
        with pytest.raises(InvalidTransition) as refused:
            workflow.check(current, target, reason=reason)
        assert workflow.label(current) in str(refused.value)


@pytest.mark.parametrize("current,target", sorted(p for p in LEGAL if p[1] in EXITS))
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_exits_need_a_reason(current, target, reason):
    with pytest.raises(ReasonRequired):
        workflow.check(current, target, reason=reason)


def test_converted_is_final():
    assert not workflow.TRANSITIONS[S.CONVERTED]


@pytest.mark.parametrize("status", list(RequestStatus))
def test_every_status_has_a_label(status):
    assert workflow.label(status)
