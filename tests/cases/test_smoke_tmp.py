from intake.auth.models import Role
from tests.factories import make_case
from tests.conftest import csrf_token


def test_pages(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    for url in ["/cases/", f"/cases/{case.public_id}", f"/cases/{case.public_id}/assessment",
                f"/cases/{case.public_id}/phase/processing", f"/cases/{case.public_id}/notes",
                f"/cases/{case.public_id}/notes/new", f"/cases/{case.public_id}/discharge",
                f"/cases/{case.public_id}/status?to=on_hold"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[-3000:])
