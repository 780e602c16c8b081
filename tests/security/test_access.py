import pytest
from flask import Blueprint

from intake import create_app
from intake.auth.models import Role
from intake.extensions import db as _db
from intake.security.access import public, register_staff_blueprint, roles_required
from tests.conftest import IsolatedClient, base_config, make_user


def public_endpoints(app):
    return {name for name, view in app.view_functions.items() if getattr(view, "is_public", False)}


def test_only_the_expected_endpoints_are_public(app):
    # A new public endpoint must be added here on purpose.
    assert public_endpoints(app) <= {"health.healthz", "auth.login"} | {
        name for name in app.view_functions if name.startswith("public.")}


def test_every_staff_page_sends_anonymous_visitors_to_sign_in(app, client):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or getattr(view, "is_public", False) or rule.arguments:
            continue
        if "GET" in rule.methods:
            response = client.get(rule.rule)
            assert response.status_code == 302, rule.rule
            assert response.headers["Location"].startswith("/login?next=")
        else:
            assert client.post(rule.rule).status_code in (400, 401), rule.rule


@pytest.fixture
def guarded_app(database, tmp_path):
    """An app with probe views: one forgotten (no roles declared), one admin-only."""
    app = create_app(base_config(database.fresh_url(tmp_path)))
    app.test_client_class = IsolatedClient
    forgotten = Blueprint("forgotten", __name__)
    forgotten.add_url_rule("/forgotten", "page", lambda: "exposed")
    app.register_blueprint(forgotten)
    probes = Blueprint("probes", __name__)
    probes.add_url_rule("/probe/any", "any", lambda: "any staff")
    probes.add_url_rule("/probe/admin", "admin", roles_required(Role.ADMIN)(lambda: "admin only"))
    probes.add_url_rule("/probe/public", "open", public(lambda: "anyone"))
    register_staff_blueprint(app, probes, roles=Role.ALL)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()
    database.reset()


def test_a_view_nobody_declared_roles_for_is_denied(guarded_app):
    from tests.conftest import AuthActions

    client = guarded_app.test_client()
    AuthActions(client).login((Role.ADMIN, Role.CLINICIAN))
    assert client.get("/forgotten").status_code == 404
    assert client.get("/probe/any").status_code == 200


def test_wrong_role_gets_404_not_403(guarded_app):
    from tests.conftest import AuthActions

    client = guarded_app.test_client()
    AuthActions(client).login(Role.CLINICIAN)
    assert client.get("/probe/admin").status_code == 404
    assert client.get("/probe/public").status_code == 200


def test_unknown_paths_answer_404_with_a_page_that_leaks_nothing(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "We could not find that page" in body
    assert "Traceback" not in body and "werkzeug" not in body.lower()


def test_both_roles_in_one_person(app, login, client):
    user = login((Role.CLINICIAN, Role.ADMIN))
    assert user.roles == {Role.CLINICIAN, Role.ADMIN}
    assert client.get("/staff/").status_code == 200
    make_user(Role.ADMIN)  # another admin exists, unrelated to access


def test_a_form_sent_after_the_session_ended_explains_what_happened(app, client, auth):
    from datetime import timedelta

    from intake import clock
    from tests.conftest import csrf_token

    clock.freeze(clock.utcnow())
    auth.login(Role.CLINICIAN)
    token = csrf_token(client, "/staff/")
    clock.advance(timedelta(minutes=20))
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 401
    assert "Nothing from this form was saved" in response.get_data(as_text=True)
