"""Fixtures for the cases tests: a clinician, one of their cases, its safety plan, readiness
reviews."""
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


@pytest.fixture
def safety_plan(case, clinician):
    """A saved safety plan for `case`, which marking "A safety plan is in place" met needs."""
    from intake.cases.safety.services import save_revision

    return save_revision(case, {"warning_signs": "He goes quiet, then checks my phone."},
                         actor=clinician, expected_version=None)
