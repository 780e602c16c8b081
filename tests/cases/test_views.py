"""The case pages through the test client: access, audit, forms that keep what was typed."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from intake import clock
from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases import services
from intake.cases.models import Case, Note
from intake.cases.safety.services import save_revision
from intake.cases.workflow import READINESS_ITEMS, NoteKind, Phase
from intake.extensions import db as _db
from tests.conftest import csrf_token, make_user
from tests.factories import make_case, make_request


def case_urls(case, note=None):
    base = f"/cases/{case.public_id}"
    urls = [base, f"{base}/assessment", f"{base}/phase/processing", f"{base}/phase/stabilization",
            f"{base}/status?to=on_hold", f"{base}/discharge", f"{base}/notes", f"{base}/notes/new"]
    if note is not None:
        urls.append(f"{base}/notes/{note.public_id}")
    return urls


def test_the_assigned_clinician_opens_every_page_and_each_read_is_audited(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    note = services.start_note(case, NoteKind.PROGRESS, "x", actor=me)
    db.session.commit()
    for url in case_urls(case, note):
        assert client.get(url).status_code == 200, url
    viewed = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "case.viewed", AuditEvent.target_id == case.public_id)).all()
    assert len(viewed) == len(case_urls(case, note))


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.ADMIN])
def test_anyone_else_gets_404_everywhere(client, login, db, role):
    owner = make_user(Role.CLINICIAN)
    case = make_case(owner)
    note = services.start_note(case, NoteKind.PROGRESS, "x", actor=owner)
    db.session.commit()
    login(role)
    token = csrf_token(client, "/staff/")
    for url in case_urls(case, note):
        assert client.get(url).status_code == 404, url
    posts = [u.split("?")[0] for u in case_urls(case, note)[1:] if not u.endswith("/notes")]
    for url in posts + [f"/cases/{case.public_id}/notes/{note.public_id}/addenda"]:
        assert client.post(url, data={"csrf_token": token}).status_code == 404, url
    expected_caseload = 200 if role == Role.CLINICIAN else 404
    assert client.get("/cases/").status_code == expected_caseload


def test_admin_gets_404_on_the_caseload_and_a_clinician_on_the_admin_screen(client, login, db):
    case = make_case()
    login(Role.ADMIN)
    assert client.get("/cases/").status_code == 404
    assert client.get("/admin/cases/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    login(Role.CLINICIAN)
    assert client.get("/admin/cases/").status_code == 404
    assert client.get(f"/admin/cases/{case.public_id}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    case = make_case()
    response = client.get(f"/cases/{case.public_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_caseload_shows_my_cases_sorted_by_attention_and_filters(client, login, db):
    me = login(Role.CLINICIAN)
    clock.freeze(clock.utcnow())
    overdue = make_case(me, request=make_request(name="Olive Overdue"),
                        opened_at=clock.utcnow() - timedelta(days=120))
    fresh = make_case(me, request=make_request(name="Frank Fresh"), phase=Phase.PROCESSING)
    held = make_case(me, request=make_request(name="Hana Held"), status="on_hold",
                     opened_at=clock.utcnow() - timedelta(days=200))
    make_case(request=make_request(name="Someone Elses"))
    page = client.get("/cases/").get_data(as_text=True)
    assert "Someone Elses" not in page
    assert page.index("Olive Overdue") < page.index("Frank Fresh") < page.index("Hana Held")
    assert page.count('class="overdue"') == 2  # both old cases' reviews are past due
    processing = client.get("/cases/?phase=processing").get_data(as_text=True)
    assert "Frank Fresh" in processing and "Olive Overdue" not in processing
    on_hold = client.get("/cases/?status=on_hold").get_data(as_text=True)
    assert "Hana Held" in on_hold and "Frank Fresh" not in on_hold
    assert {overdue.public_id, fresh.public_id, held.public_id}


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)


def test_the_caseload_query_count_does_not_grow_with_cases(client, login, db):
    me = login(Role.CLINICIAN)
    services.start_note(make_case(me), NoteKind.PROGRESS, "x", actor=me)
    db.session.commit()
    with counted_statements() as few:
        client.get("/cases/")
    for _ in range(6):
        case = make_case(me)
        services.start_note(case, NoteKind.PROGRESS, "x", actor=me)
    db.session.commit()
    with counted_statements() as many:
        client.get("/cases/")
    assert len(many) == len(few)


def readiness_data(token, version, *, unmet=(), override="", rationale="Regulation steady."):
    data = {"csrf_token": token, "version": version, "override": override, "rationale": rationale}
    for code, _ in READINESS_ITEMS:
        data[f"{code}_met"] = "no" if code in unmet else "yes"
        data[f"{code}_comment"] = f"Seen: {code}"
    return data


def case_views():
    return _db.session.scalars(select(AuditEvent.id).where(AuditEvent.action == "case.viewed")).all()


def test_readiness_review_form(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    url = f"/cases/{case.public_id}/phase/processing"
    token = csrf_token(client, url)
    response = client.post(url, data=readiness_data(token, case.version, unmet=("support",),
                                                    rationale="My typed rationale"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "write the override" in page and "My typed rationale" in page
    # "A safety plan is in place" marked met, with no plan saved in the record: refused.
    views_before = len(case_views())
    response = client.post(url, data=readiness_data(token, case.version, unmet=("support",),
                                                    override="Sister calls daily now."))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert len(case_views()) == views_before + 1  # one audited read for the page shown again
    assert "no safety plan is saved in this record" in page and "Sister calls daily now." in page
    assert "No safety plan is saved for this case yet" in page
    save_revision(case, {"coping_steps": "Box breathing."}, actor=me, expected_version=None)
    _db.session.commit()
    assert "A safety plan is saved (revision 1" in client.get(url).get_data(as_text=True)
    response = client.post(url, data=readiness_data(token, case.version, unmet=("support",),
                                                    override="Sister calls daily now."))
    assert response.status_code == 303
    db.session.expire_all()
    assert case.phase == Phase.PROCESSING
    # The same form sent again from an old tab: stale, with the current state shown.
    stale = client.post(url, data=readiness_data(token, 1, rationale="Again"))
    assert stale.status_code == 409 and "Again" in stale.get_data(as_text=True)


def test_return_to_stabilization_form(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me, phase=Phase.PROCESSING)
    url = f"/cases/{case.public_id}/phase/stabilization"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "version": case.version,
                                      "reason": "other", "text": ""})
    assert response.status_code == 422 and "Describe the reason" in response.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": token, "version": case.version,
                                      "reason": "crisis", "text": "ER visit on Friday"})
    assert response.status_code == 303
    db.session.expire_all()
    assert case.phase == Phase.STABILIZATION
    detail = client.get(f"/cases/{case.public_id}").get_data(as_text=True)
    assert "Returned to stabilization: a crisis" in detail and "ER visit on Friday" in detail


def test_writing_saving_and_signing_a_note(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    url = f"/cases/{case.public_id}/notes/new"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "kind": "progress",
                                      "body": "Discussed the apology phase."})
    assert response.status_code == 303
    note = db.session.scalar(select(Note))
    note_url = f"/cases/{case.public_id}/notes/{note.public_id}"
    assert response.headers["Location"].endswith(note_url)
    response = client.post(note_url, data={"csrf_token": token, "version": note.version,
                                           "body": "Discussed the apology phase at length."})
    assert response.status_code == 303
    db.session.expire_all()
    response = client.post(note_url, data={"csrf_token": token, "version": note.version,
                                           "body": note.body, "sign": "1"})
    assert response.status_code == 303
    db.session.expire_all()
    assert note.signed and note.body == "Discussed the apology phase at length."
    refused = client.post(note_url, data={"csrf_token": token, "version": note.version,
                                          "body": "sneaky edit"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Add an addendum instead" in page
    assert "sneaky edit" in page  # what was typed is not thrown away
    addendum = client.post(f"{note_url}/addenda", data={"csrf_token": token, "reason": "Date",
                                                        "body": "It was Tuesday."})
    assert addendum.status_code == 303
    notes_page = client.get(f"/cases/{case.public_id}/notes").get_data(as_text=True)
    assert "It was Tuesday." in notes_page and "Signed by" in notes_page


def test_a_stale_draft_save_keeps_the_typed_text_and_shows_the_saved_one(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    note = services.start_note(case, NoteKind.PROGRESS, "Version A", actor=me)
    db.session.commit()
    opened_version = note.version
    services.save_draft(note, "Version B from another tab", actor=me, expected_version=None)
    db.session.commit()
    note_url = f"/cases/{case.public_id}/notes/{note.public_id}"
    token = csrf_token(client, note_url)
    response = client.post(note_url, data={"csrf_token": token, "version": opened_version,
                                           "body": "Version C typed here"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Version C typed here" in page and "Version B from another tab" in page


def test_discarding_a_draft_from_its_page(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    note = services.start_note(case, NoteKind.PROGRESS, "Meant for another client", actor=me)
    db.session.commit()
    opened_version = note.version
    note_url = f"/cases/{case.public_id}/notes/{note.public_id}"
    token = csrf_token(client, note_url)
    assert "Discard the draft" in client.get(note_url).get_data(as_text=True)
    # A draft that autosave changed in another tab since this page opened is kept.
    services.save_draft(note, "Meant for another client, and more", actor=me, expected_version=None)
    db.session.commit()
    stale = client.post(f"{note_url}/discard", data={"csrf_token": token, "version": opened_version,
                                                     "body": "Meant for another client"})
    assert stale.status_code == 409 and "and more" in stale.get_data(as_text=True)
    response = client.post(f"{note_url}/discard", data={"csrf_token": token,
                                                         "version": opened_version + 1, "body": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith("/notes")
    assert "Draft discarded." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get(note_url).status_code == 404


def test_an_expired_form_keeps_the_note_text(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    url = f"/cases/{case.public_id}/notes/new"
    response = client.post(url, data={"csrf_token": "expired-or-forged", "kind": "progress",
                                      "body": "Forty minutes of careful writing"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This form had expired" in page and "Forty minutes of careful writing" in page
    assert db.session.scalar(select(Note)) is None


def test_discharge_form_requires_reason_and_summary(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    url = f"/cases/{case.public_id}/discharge"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "version": case.version,
                                      "reason": "", "summary": "Typed summary"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Typed summary" in page
    response = client.post(url, data={"csrf_token": token, "version": case.version,
                                      "reason": "goals_met", "summary": "Typed summary"})
    assert response.status_code == 303
    db.session.expire_all()
    assert case.status == "discharged" and case.discharge_reason == "goals_met"


def test_assessment_form_saves_revisions(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    url = f"/cases/{case.public_id}/assessment"
    token = csrf_token(client, url)
    data = {"csrf_token": token, "version": 0, "presenting_concerns": "Can't stop checking his page",
            "patterns": ["intermittent_reinforcement", "cycle"], "cycle_stage": "calm",
            "contact_status": "no_contact", "support_network": "Two friends", "risk_summary": "Low"}
    assert client.post(url, data=data).status_code == 303
    stale = client.post(url, data={**data, "support_network": "Typed again"})
    assert stale.status_code == 409 and "Typed again" in stale.get_data(as_text=True)
    assert "What is saved now (revision 1" in stale.get_data(as_text=True)
    page = client.get(f"/cases/{case.public_id}").get_data(as_text=True)
    assert "Can&#39;t stop checking his page" in page and "Temporary calm" in page


def test_admin_screen_shows_status_and_clinicians_never_clinical_text(client, login, db):
    owner = make_user(Role.CLINICIAN, name="Dr. First")
    other = make_user(Role.CLINICIAN, name="Dr. Second")
    case = make_case(owner, request=make_request(name="Private Person"))
    services.start_note(case, NoteKind.PROGRESS, "Private clinical words", actor=owner)
    db.session.commit()
    login(Role.ADMIN)
    listing = client.get("/admin/cases/").get_data(as_text=True)
    assert "Dr. First" in listing and "Private Person" not in listing
    url = f"/admin/cases/{case.public_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Private" not in page and "Stabilization" in page
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "version": case.version,
                                      "clinician": other.public_id})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Case, case.id).clinician_id == other.id
    stale = client.post(url, data={"csrf_token": token, "version": 1, "clinician": owner.public_id})
    assert stale.status_code == 409



def test_autosave_creates_then_updates_a_draft_and_refuses_stale_or_signed(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    token = csrf_token(client, f"/cases/{case.public_id}/notes/new")
    headers = {"X-CSRFToken": token}
    created = client.post(f"/cases/{case.public_id}/notes/autosave", headers=headers,
                          json={"body": "First words", "kind": "progress"})
    assert created.status_code == 201
    note = db.session.scalar(select(Note))
    assert created.json["autosave"].endswith(f"/notes/{note.public_id}/autosave")
    url = created.json["autosave"]
    saved = client.post(url, headers=headers, json={"body": "More words",
                                                    "version": created.json["version"]})
    assert saved.status_code == 200 and saved.json["version"] == created.json["version"] + 1
    stale = client.post(url, headers=headers, json={"body": "Old tab", "version": 1})
    assert stale.status_code == 409 and "changed after you opened" in stale.json["error"]
    assert client.post(url, headers=headers, json={"body": 5}).status_code == 400
    assert client.post(url, json={"body": "x", "version": 2}).status_code == 400  # no CSRF
    db.session.expire_all()
    assert note.body == "More words"
    services.sign_note(note, actor=me, expected_version=None)
    db.session.commit()
    signed = client.post(url, headers=headers, json={"body": "late", "version": note.version})
    assert signed.status_code == 409 and "addendum" in signed.json["error"]


def test_hold_resume_discharge_and_reopen_through_the_pages(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    url = f"/cases/{case.public_id}/status"
    token = csrf_token(client, f"{url}?to=on_hold")

    def post(target, comment=""):
        db.session.expire_all()
        return client.post(url, data={"csrf_token": token, "version": case.version,
                                      "target": target, "comment": comment})

    assert post("on_hold", "Travelling").status_code == 303
    assert post("discharged").status_code == 422  # discharge has its own form
    assert post("active").status_code == 303
    db.session.expire_all()
    client.post(f"/cases/{case.public_id}/discharge", data={
        "csrf_token": token, "version": case.version, "reason": "client_ended",
        "summary": "Client chose to end."})
    assert post("active").status_code == 303
    db.session.expire_all()
    assert case.status == "active" and case.discharge_reason is None
    detail = client.get(f"/cases/{case.public_id}").get_data(as_text=True)
    for title in ["Put on hold", "Status: active", "Discharged: Client chose to end", "Reopened",
                  "Discharge summary signed"]:
        assert title in detail


def test_earlier_assessment_revisions_stay_readable(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    fields = services.AssessmentFields("First account", [], None, None, None, None)
    services.save_assessment(case, fields, actor=me, based_on=0)
    services.save_assessment(case, services.AssessmentFields("Second account", [], None, None,
                                                             None, None), actor=me, based_on=1)
    db.session.commit()
    detail = client.get(f"/cases/{case.public_id}").get_data(as_text=True)
    assert "Second account" in detail and "Revision 1</a>" in detail
    old = client.get(f"/cases/{case.public_id}/assessment/1").get_data(as_text=True)
    assert "First account" in old
    assert client.get(f"/cases/{case.public_id}/assessment/9").status_code == 404


def test_the_notes_tab_query_count_does_not_grow_with_notes(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)

    def add_signed_notes(count):
        for _ in range(count):
            note = services.start_note(case, NoteKind.PROGRESS, "x", actor=me)
            services.sign_note(note, actor=me, expected_version=None)
            services.add_addendum(note, actor=me, reason="r", body="b")
        db.session.commit()

    add_signed_notes(1)
    with counted_statements() as few:
        client.get(f"/cases/{case.public_id}/notes")
    add_signed_notes(5)
    with counted_statements() as many:
        client.get(f"/cases/{case.public_id}/notes")
    assert len(many) == len(few)


def test_an_expired_discharge_form_keeps_the_summary(client, login, db):
    me = login(Role.CLINICIAN)
    case = make_case(me)
    response = client.post(f"/cases/{case.public_id}/discharge", data={
        "csrf_token": "expired", "version": case.version, "reason": "goals_met",
        "summary": "A long discharge summary"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This form had expired" in page and "A long discharge summary" in page
    db.session.expire_all()
    assert case.status == "active"


def test_the_overview_summarises_the_plan_and_safety_plan(client, login, db):
    from intake.cases.safety import services as safety

    me = login(Role.CLINICIAN)
    case = make_case(me)
    page = client.get(f"/cases/{case.public_id}").get_data(as_text=True)
    assert "0 open goals, 0 met" in page and "none written yet" in page
    assert "(overdue)" not in page
    assert f'href="/cases/{case.public_id}/plan"' in page
    assert f'href="/cases/{case.public_id}/safety-plan"' in page
    safety.save_revision(case, {"warning_signs": "Late-night messages"}, actor=me,
                         expected_version=None)
    case.opened_at = clock.utcnow() - timedelta(days=120)  # past the 90-day cadence
    db.session.commit()
    page = client.get(f"/cases/{case.public_id}").get_data(as_text=True)
    assert "(overdue)" in page and "Safety plan</a>:\n      on file" in page
