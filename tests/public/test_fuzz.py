"""Arbitrary text in every field: never a 500, and nothing stored unless the answers are valid."""
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from intake.public.forms import ConsultationForm
from intake.triage.models import ConsultationRequest
from tests.public.conftest import form_tokens, valid_answers

FIELDS = [name for name in ConsultationForm.__dict__ if not name.startswith("_")
          and hasattr(ConsultationForm.__dict__[name], "field_class")]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
ANSWERS = st.dictionaries(st.sampled_from([f for f in FIELDS if f != "form_token"]), TEXT, max_size=len(FIELDS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=ANSWERS)
def test_arbitrary_text_never_breaks_the_form(client, db, answers):
    before = db.session.scalar(select(func.count(ConsultationRequest.id)))
    db.session.commit()
    # Start from a valid form so that text in optional fields can still reach the database.
    data = {**form_tokens(client), **valid_answers(), **answers}
    response = client.post("/consultation", data=data)
    after = db.session.scalar(select(func.count(ConsultationRequest.id)))
    db.session.commit()
    assert response.status_code in (303, 409, 422)
    assert (after - before) == (1 if response.status_code == 303 else 0)
    if response.status_code == 303 and "name" in answers:
        assert db.session.scalars(select(ConsultationRequest.name).order_by(ConsultationRequest.id.desc())
                                  ).first() == answers["name"].strip()
        db.session.commit()


def test_the_fuzzed_fields_are_every_field_of_the_form():
    assert {"name", "email", "phone", "narrative", "slot", "region", "consent", "website"} <= set(FIELDS)
