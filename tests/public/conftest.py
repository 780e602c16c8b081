"""The client journey's fixtures: a form posting helper with valid answers by default."""
import re
from datetime import timedelta

import pytest

from tests.conftest import csrf_token

FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    # Scripts are turned away by a minimum fill time; the tests opt in to it where they test it.
    return {**app_config, "CONSULTATION_MIN_FILL_SECONDS": 0}


def valid_answers(**overrides) -> dict:
    answers = {"name": "Robin", "phone": "(212) 555-0143", "ok_text": "y", "region": "NY",
               "consent": "y", "slot": "arrange"}
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def form_tokens(client) -> dict:
    """The hidden fields of a freshly shown form, as a browser would send them back."""
    page = client.get("/consultation").get_data(as_text=True)
    return {"csrf_token": csrf_token_from(page), "form_token": FORM_TOKEN.search(page).group(1)}


def csrf_token_from(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


class ConsultationPoster:
    def __init__(self, client):
        self.client = client

    def __call__(self, tokens=None, **answers):
        data = {**(tokens or form_tokens(self.client)), **valid_answers(**answers)}
        return self.client.post("/consultation", data=data)


@pytest.fixture
def submit(client):
    """submit(**answers) posts the form with valid answers, overridden by `answers`."""
    return ConsultationPoster(client)
