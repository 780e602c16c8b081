"""For the page tests of the case's parts: the test client signed in as the clinician who
holds `case`. Test modules import these names (pytest finds fixtures among them)."""
import pytest

from intake.auth.models import Role
from tests.factories import make_case


@pytest.fixture
def clinician(login):
    return login(Role.CLINICIAN)


@pytest.fixture
def case(clinician):
    return make_case(clinician)


def body(response):
    return response.get_data(as_text=True)
