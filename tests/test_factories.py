"""The shared factories build valid rows on both databases (other tests rely on them)."""
from sqlalchemy import text

from intake.cases.workflow import Phase
from intake.practice.services import current_settings
from tests.factories import make_case, make_request, make_slot


def test_request_slot_and_case_round_trip(app, db):
    slot = make_slot()
    request = make_request(slot_id=slot.id, narrative="private words", patterns=["gaslighting"])
    case = make_case(request=make_request(), phase=Phase.PROCESSING)
    db.session.expire_all()
    assert request.slot.starts_at.tzinfo is not None
    assert request.patterns == ["gaslighting"]
    assert case.phase == Phase.PROCESSING
    raw = db.session.execute(text("SELECT narrative FROM consultation_requests WHERE id = :id"),
                             {"id": request.id}).scalar_one()
    assert "private" not in raw


def test_settings_fall_back_to_configured_defaults(app):
    settings = current_settings()
    assert settings.practice_name == app.config["PRACTICE_NAME"]
    assert settings.region_name("NY") == "New York"
    assert any("988" in r["contact"] for r in settings.crisis_resources_for("NY"))
