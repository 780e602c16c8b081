import pytest
from werkzeug.exceptions import NotFound

from intake.auth.models import Role
from intake.cases.access import own_case_or_404
from tests.conftest import make_user
from tests.factories import make_case


def test_only_the_assigned_clinician_gets_the_case(app):
    mine = make_user(Role.CLINICIAN)
    other = make_user(Role.CLINICIAN)
    case = make_case(mine)
    assert own_case_or_404(case.public_id, mine) == case
    with pytest.raises(NotFound):
        own_case_or_404(case.public_id, other)
    with pytest.raises(NotFound):
        own_case_or_404("no-such-case", mine)
