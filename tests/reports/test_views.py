import csv
import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from intake import clock
from intake.audit.models import AuditEvent
from intake.auth.models import Role
from intake.cases.models import PhaseChange
from intake.extensions import db as _db
from intake.reports.presentation import CHARTS
from intake.triage.workflow import RequestStatus as S
from tests.conftest import make_user
from tests.reports.dataset import SEPTEMBER as PERIOD
from tests.reports.dataset import NOW, case_with_phases, request_with_history, seed_september

SLUGS = sorted(CHARTS)
SEPTEMBER = "preset=custom&start=2026-09-01&end=2026-09-30"
ROUTES = ["/reports/", f"/reports/?{SEPTEMBER}", "/reports/report.json",
          *[f"/reports/{slug}.csv" for slug in SLUGS], "/reports/unknown.csv"]


@pytest.fixture
def admin(login, db):
    clock.freeze(NOW)
    seed_september()
    return login(Role.ADMIN)


@pytest.mark.parametrize("url", ROUTES)
def test_a_clinician_gets_404_everywhere(client, login, url):
    login(Role.CLINICIAN)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ROUTES[:3])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_someone_with_both_roles_may_read_reports(client, login):
    login((Role.CLINICIAN, Role.ADMIN))
    assert client.get("/reports/").status_code == 200


def test_the_page_shows_each_figure_as_chart_and_table(client, admin):
    response = client.get(f"/reports/?{SEPTEMBER}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert page.count('<svg class="chart"') == len(SLUGS)
    captions = re.findall(r'<caption id="[^"]+">([^<]+)</caption>', page)
    assert len(set(captions)) == len(SLUGS)  # each table's region needs its own name
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "1 Sep 2026 – 30 Sep 2026" in page
    assert "style=" not in page and "<style" not in page  # the CSP forbids inline style


@pytest.mark.parametrize("preset", ["last_30_days", "last_quarter", "this_year"])
def test_each_preset_renders(client, admin, preset):
    assert client.get(f"/reports/?preset={preset}").status_code == 200


@pytest.mark.parametrize("query, message", [
    ("preset=custom&start=2026-09-30&end=2026-09-01", "on or after the start date"),
    ("preset=custom&start=2026-09-01", "both a start date and an end date"),
    ("preset=custom&start=2026-02-31&end=2026-03-01", "Not a valid date"),
    ("preset=last_decade", "Not a valid choice"),
])
def test_a_bad_period_is_explained_with_422(client, admin, query, message):
    response = client.get(f"/reports/?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and 'class="error-summary"' in page
    if "start=2026-09-30" in query:
        assert 'value="2026-09-30"' in page and 'value="2026-09-01"' in page  # typed values kept


def test_dates_typed_in_choose_custom_dates(client, admin):
    page = client.get("/reports/?preset=last_quarter&start=2026-09-01&end=2026-09-30").get_data(as_text=True)
    assert "1 Sep 2026 – 30 Sep 2026" in page


def read_csv(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_funnel_as_csv(client, admin):
    response = client.get(f"/reports/funnel.csv?{SEPTEMBER}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="intake-report-funnel-2026-09-01-to-2026-09-30.csv"')
    assert read_csv(response) == [
        ["stage", "requests", "share_of_requests", "share_of_previous"],
        ["Requests received", "7", "1.0", ""],
        ["Contacted", "4", "0.5714", "0.5714"],
        ["Consultation scheduled", "3", "0.4286", "0.75"],
        ["Consulted", "2", "0.2857", "0.6667"],
        ["Became clients", "1", "0.1429", "0.5"],
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_table_downloads_with_a_header_row(client, admin, slug):
    response = client.get(f"/reports/{slug}.csv?{SEPTEMBER}")
    table = read_csv(response)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert table[0] and all(key == key.lower() and " " not in key for key in table[0])
    assert all(len(row) == len(table[0]) for row in table)


def test_weekly_csv_has_iso_dates(client, admin):
    table = read_csv(client.get(f"/reports/weekly.csv?{SEPTEMBER}"))
    assert table[:3] == [["week_starting", "requests", "conversions"],
                         ["2026-08-31", "2", "1"], ["2026-09-07", "1", "0"]]


def test_all_figures_as_json(client, admin):
    response = client.get(f"/reports/report.json?{SEPTEMBER}")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"intake-report-all-")
    data = json.loads(response.get_data(as_text=True))
    assert data["period"] == {
        "first_day": "2026-09-01", "last_day": "2026-09-30", "preset": "custom",
        "time_zone": "America/New_York", "starts_at": "2026-09-01T04:00:00+00:00",
        "ends_before": "2026-10-01T04:00:00+00:00",
        "point_in_time_figures_as_of": "2026-10-01T04:00:00+00:00"}
    assert data["suppression"] is None
    assert sorted(data["tables"]) == SLUGS
    for table in data["tables"].values():
        keys = [c["key"] for c in table["columns"]]
        assert all(list(row) == keys for row in table["rows"])
    assert data["tables"]["first_contact"]["rows"][0]["p90_hours"] == 32.0
    assert data["tables"]["weekly"]["rows"][0]["week_starting"] == "2026-08-31"


def test_small_counts_are_suppressed_on_request(client, admin):
    funnel = read_csv(client.get(f"/reports/funnel.csv?{SEPTEMBER}&suppress=y"))
    assert funnel[1:] == [["Requests received", "7", "1.0", ""],
                          ["Contacted", "<5", "suppressed", "suppressed"],
                          ["Consultation scheduled", "<5", "suppressed", "suppressed"],
                          ["Consulted", "<5", "suppressed", "suppressed"],
                          ["Became clients", "<5", "suppressed", "suppressed"]]
    exits = read_csv(client.get(f"/reports/exits.csv?{SEPTEMBER}&suppress=y"))
    assert exits[3] == ["After scheduling", "0", "0", "0", "0"]  # zero identifies no one
    data = json.loads(client.get(f"/reports/report.json?{SEPTEMBER}&suppress=y&threshold=3").data)
    assert data["suppression"]["threshold"] == 3
    assert [r["requests"] for r in data["tables"]["funnel"]["rows"]] == [7, 4, 3, "<3", "<3"]
    assert data["tables"]["first_contact"]["rows"][1]["median_hours"] == "suppressed"


def test_the_page_offers_downloads_with_the_same_choices(client, admin):
    page = client.get(f"/reports/?{SEPTEMBER}&suppress=y&threshold=10").get_data(as_text=True)
    assert "/reports/funnel.csv?preset=custom&amp;start=2026-09-01&amp;end=2026-09-30&amp;suppress=y&amp;threshold=10" in page
    assert "Downloads hide counts under 10" in page


def test_reading_and_exporting_are_audited_without_personal_detail(client, admin, db):
    client.get(f"/reports/?{SEPTEMBER}")
    client.get(f"/reports/funnel.csv?{SEPTEMBER}")
    events = db.session.execute(select(AuditEvent.action, AuditEvent.target_id, AuditEvent.detail)
                                .where(AuditEvent.action.like("report.%"))
                                .order_by(AuditEvent.id)).all()
    assert events == [("report.viewed", "all", "all 2026-09-01..2026-09-30"),
                      ("report.exported", "funnel.csv", "funnel.csv 2026-09-01..2026-09-30")]


DISTINCTIVE = ["Zebediah Quuxworthy", "zebediah@quux.example", "+12125550199",
               "purple-lighthouse-narrative", "Never on Tuesdays", "say it is the dentist",
               "rationale-marmalade-47", "exit-reason-periwinkle"]


def test_no_personal_detail_in_any_report_or_export(client, admin, db):
    created = PERIOD.start + timedelta(days=3)
    person = request_with_history(
        created, [(S.IN_REVIEW, 1), (S.CONTACTED, 2), (S.SCHEDULED, 3), (S.CONSULTED, 4), (S.CONVERTED, 5)],
        first_contact_after=2, name=DISTINCTIVE[0], email=DISTINCTIVE[1], phone=DISTINCTIVE[2],
        narrative=DISTINCTIVE[3], safe_times=DISTINCTIVE[4], if_someone_else_answers=DISTINCTIVE[5],
        consultation_note=DISTINCTIVE[3], exit_reason=DISTINCTIVE[7])
    case = case_with_phases(make_user(Role.CLINICIAN), person, created + timedelta(hours=5))
    db.session.add(PhaseChange(case_id=case.id, from_phase="stabilization", to_phase="processing",
                               rationale=DISTINCTIVE[6], created_at=created + timedelta(days=9)))
    db.session.commit()
    secrets = DISTINCTIVE + [person.reference, person.public_id, case.public_id]
    outputs = [client.get(f"/reports/?{SEPTEMBER}"), client.get(f"/reports/report.json?{SEPTEMBER}"),
               client.get(f"/reports/?{SEPTEMBER}&suppress=y")]
    outputs += [client.get(f"/reports/{slug}.csv?{SEPTEMBER}") for slug in SLUGS]
    for preset in ("last_30_days", "last_quarter", "this_year"):
        outputs.append(client.get(f"/reports/?preset={preset}"))
    for response in outputs:
        body = response.get_data(as_text=True).lower()
        assert response.status_code == 200
        for secret in secrets:
            assert secret.lower() not in body, (response.request.path, secret)
    details = " ".join(_db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action.like("report.%"))))
    assert not any(secret.lower() in details.lower() for secret in secrets)
