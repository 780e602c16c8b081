import pytest

from intake.cases.plans.services import ensure_default_interventions
from intake.extensions import db


@pytest.fixture(autouse=True)
def default_interventions(app):
    """The migration seeds the vocabulary; a PostgreSQL test reset empties every table."""
    ensure_default_interventions()
    db.session.commit()
