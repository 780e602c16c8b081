"""Fixtures for the cases tests: a clinician, one of their cases, readiness reviews."""
import pytest

from intake.auth.models import Role
from intake.cases.workflow import READINESS_ITEMS, ReadinessReview, ReviewItem
from tests.conftest import make_user
from tests.factories import make_case


def readiness(*, unmet: tuple[str, ...] = (), override: str = "") -> ReadinessReview:
    return ReadinessReview(tuple(ReviewItem(code, code not in unmet, f"Observed: {code}")
                                 for code, _ in READINESS_ITEMS), override=override)


@pytest.fixture
def clinician(app):
    return make_user(Role.CLINICIAN, name="Dr. Own")


@pytest.fixture
def case(clinician):
    return make_case(clinician)
