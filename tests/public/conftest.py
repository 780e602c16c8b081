"""The client journey's fixtures: a form posting helper with valid answers by default."""
import re
from html.parser import HTMLParser

import pytest

FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    # Scripts are turned away by a minimum fill time; the tests opt in to it where they test it.
    # The per-IP limit is tested on its own; elsewhere every test post comes from 127.0.0.1.
    return {**app_config, "CONSULTATION_MIN_FILL_SECONDS": 0,
            "CONSULTATION_RATE_LIMIT": "1000 per hour"}


def valid_answers(**overrides) -> dict:
    answers = {"name": "Robin", "phone": "(212) 555-0143", "ok_text": "y", "region": "NY",
               "consent": "y", "slot": "arrange"}
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def form_tokens(client) -> dict:
    """The hidden fields of a freshly shown form, as a browser would send them back."""
    return hidden_tokens(client.get("/consultation").get_data(as_text=True))


def hidden_tokens(page: str) -> dict:
    return {"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1),
            "form_token": FORM_TOKEN.search(page).group(1)}


class _Focusables(HTMLParser):
    """Elements reachable with Tab, in document order: (tag, attributes)."""

    FOCUSABLE = {"a", "button", "input", "select", "textarea"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in self.FOCUSABLE or attributes.get("tabindex") == "-1":
            return
        if tag == "a" and "href" not in attributes or attributes.get("type") == "hidden":
            return
        self.found.append((tag, attributes))


def tab_order(page: str) -> list[tuple[str, dict]]:
    parser = _Focusables()
    parser.feed(page)
    return parser.found


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
