"""Every rule of the consultation form: bad input answers 422, keeps what was typed, stores nothing."""
import re

import pytest
from sqlalchemy import func, select

from intake.triage.models import ConsultationRequest


def stored(db) -> int:
    return db.session.scalar(select(func.count(ConsultationRequest.id)))


INVALID = [
    ({"name": ""}, "name", "Tell us what to call you."),
    ({"name": "   "}, "name", "Tell us what to call you."),
    ({"name": "x" * 101}, "name", "100 characters or fewer"),
    ({"pronouns": "x" * 41}, "pronouns", "40 characters or fewer"),
    ({"narrative": "x" * 4001}, "narrative", "4,000 characters or fewer"),
    ({"safe_times": "x" * 201}, "safe_times", "200 characters or fewer"),
    ({"if_someone_else_answers": "x" * 301}, "if_someone_else_answers", "300 characters or fewer"),
    ({"email": "not-an-address", "ok_email": "y"}, "email", "Enter an email address"),
    ({"email": "sam@", "ok_email": "y"}, "email", "Enter an email address"),
    ({"phone": "12345"}, "phone", "Enter a phone number we can dial"),
    ({"phone": "call me maybe"}, "phone", "Enter a phone number we can dial"),
    ({"phone": None, "ok_text": "y"}, "ok_call", "Add the phone number"),
    ({"phone": None, "ok_text": None, "ok_email": "y"}, "ok_email", "Add the email address"),
    ({"ok_text": None}, "ok_call", "Tick at least one way"),
    ({"region": ""}, "region", "Choose where you will be."),
    ({"region": "ZZ"}, "region", "Not a valid choice"),
    ({"consent": None}, "consent", "Please confirm you agree"),
    ({"patterns": "not_a_pattern"}, "patterns", "not a valid choice"),
    ({"contact_status": "sometimes"}, "contact_status", "Not a valid choice"),
    ({"session_format": "carrier_pigeon"}, "session_format", "Not a valid choice"),
    ({"referral_source": "billboard"}, "referral_source", "Not a valid choice"),
    ({"in_danger": "maybe"}, "in_danger", "Not a valid choice"),
    ({"self_harm": "maybe"}, "self_harm", "Not a valid choice"),
    ({"website": "http://spam.example"}, "website", "leave this field empty"),
]


@pytest.mark.parametrize("answers, field, message", INVALID,
                         ids=[f"{case[1]}-{i}" for i, case in enumerate(INVALID)])
def test_invalid_answers_re_show_the_form_with_422(submit, db, answers, field, message):
    response = submit(**answers)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message.lower() in page.lower()
    assert 'id="error-summary"' in page
    assert stored(db) == 0


@pytest.mark.parametrize("answers", [
    {"name": "x" * 100},
    {"narrative": "x" * 4000},
    {"phone": None, "ok_text": None, "email": "robin@example.net", "ok_email": "y"},
    {"region": "outside"},
    {"region": "CT", "patterns": ["gaslighting", "cycle"], "contact_status": "no_contact",
     "session_format": "telehealth", "referral_source": "friend_family",
     "in_danger": "no", "self_harm": "no"},
    {"in_danger": None, "self_harm": None, "narrative": None, "pronouns": None},
], ids=["name-100", "narrative-4000", "email-only", "outside-area", "every-optional", "only-required"])
def test_valid_answers_are_stored(submit, db, answers):
    assert submit(**answers).status_code == 303
    assert stored(db) == 1


@pytest.mark.parametrize("typed, expected", [
    ("(212) 555-0143", "+12125550143"),
    ("212.555.0143", "+12125550143"),
    ("+44 20 7946 0018", "+442079460018"),
    ("1-212-555-0143", "+12125550143"),
])
def test_phone_numbers_are_normalised(submit, db, typed, expected):
    assert submit(phone=typed).status_code == 303
    assert db.session.scalar(select(ConsultationRequest.phone)) == expected


def test_email_is_normalised(submit, db):
    assert submit(email="Robin@EXAMPLE.net", ok_email="y").status_code == 303
    assert db.session.scalar(select(ConsultationRequest.email)) == "Robin@example.net"


def test_every_typed_value_is_kept_on_422(submit, db):
    typed = {"name": "Robin Q", "pronouns": "they/them", "email": "robin@example.net",
             "phone": "not a number", "ok_text": "y", "ok_voicemail": "y", "may_name_practice": "y",
             "safe_times": "Weekdays 9-11", "if_someone_else_answers": "Wrong number, sorry",
             "region": "NJ", "narrative": "It keeps going round in circles.",
             "patterns": ["isolation", "fixing"], "contact_status": "separated_in_contact",
             "session_format": "in_person", "referral_source": "hotline",
             "in_danger": "no", "self_harm": "unsure"}
    page = submit(**typed).get_data(as_text=True)
    for value in ("Robin Q", "they/them", "robin@example.net", "not a number", "Weekdays 9-11",
                  "Wrong number, sorry"):
        assert f'value="{value}"' in page
    assert "It keeps going round in circles.</textarea>" in page
    for name in ("ok_text", "ok_voicemail", "may_name_practice", "consent"):
        assert _is_checked(page, name), name
    assert re.search(r'<option[^>]*selected[^>]*value="NJ"|<option[^>]*value="NJ"[^>]*selected', page)
    for name, value in (("patterns", "isolation"), ("patterns", "fixing"),
                        ("contact_status", "separated_in_contact"), ("session_format", "in_person"),
                        ("self_harm", "unsure"), ("in_danger", "no")):
        assert _is_checked(page, name, value), (name, value)
    assert stored(db) == 0


def _is_checked(page: str, name: str, value: str = "y") -> bool:
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    return False


def test_error_summary_links_to_each_field(submit):
    page = submit(name="", region="", consent=None).get_data(as_text=True)
    for field in ("name", "region", "consent"):
        assert f'href="#{field}"' in page
        assert f'id="{field}"' in page


def test_a_radio_error_links_to_its_first_option(submit):
    page = submit(contact_status="sometimes").get_data(as_text=True)
    assert 'href="#contact_status-0"' in page and 'id="contact_status-0"' in page
