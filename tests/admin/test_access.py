"""Admin pages are for admins only: a clinician gets 404 on every /admin/ route and method."""
import pytest

from intake.auth.models import Role
from tests.conftest import csrf_token


def admin_routes(app):
    return sorted({(rule.rule, method) for rule in app.url_map.iter_rules()
                   if rule.rule.startswith("/admin")
                   for method in rule.methods - {"HEAD", "OPTIONS"}})


def fill(rule: str, public_id: str) -> str:
    """Fill every URL variable with a real record's id, so a 404 comes from the role check."""
    import re
    return re.sub(r"<[^>]+>", public_id, rule)


def test_every_admin_route_is_listed(app):
    rules = {rule for rule, _ in admin_routes(app)}
    assert {"/admin/", "/admin/users", "/admin/users/new", "/admin/users/<public_id>",
            "/admin/settings", "/admin/audit", "/admin/audit/chain"} <= rules


def test_a_clinician_gets_404_everywhere_under_admin(app, client, login):
    clinician = login(Role.CLINICIAN)
    token = csrf_token(client, "/staff/")
    routes = admin_routes(app)
    assert len(routes) >= 12
    for rule, method in routes:
        url = fill(rule, clinician.public_id)
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 404, (method, url, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/admin/", "/admin/users", "/admin/users/new",
                                 "/admin/settings", "/admin/audit", "/admin/audit/chain"])
def test_an_admin_sees_each_page(client, login, url):
    login(Role.ADMIN)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_nav_links_admin_sections_for_admins_only(client, login, app):
    login(Role.ADMIN)
    page = client.get("/admin/").get_data(as_text=True)
    for href in ("/admin/users", "/availability/", "/admin/settings", "/admin/audit"):
        assert f'href="{href}"' in page
