"""/reports/: the practice's aggregate figures for a period, as charts, tables and downloads.

Admin only (declared when the blueprint is registered); nothing here reads a name, a
reference or clinical text, so there is nothing personal to leak into a page or a file."""
import json

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from intake import audit
from intake.clock import utcnow
from intake.extensions import db
from intake.practice.services import current_settings
from intake.reports import exports, figures, presentation
from intake.reports.forms import PeriodForm
from intake.reports.periods import InvalidPeriod, Period, resolve

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _period_from(form: PeriodForm) -> Period | None:
    """The chosen period, or None with the problem attached to the form's fields."""
    if not form.validate():
        return None
    zone = current_settings().zone
    today = utcnow().astimezone(zone).date()
    try:
        return resolve(form.preset.data, today, zone, first=form.start.data, last=form.end.data)
    except InvalidPeriod as problem:
        field = form.end if form.start.data else form.start
        field.errors = [*field.errors, str(problem)]
        return None


def _report(form: PeriodForm, action: str, what: str):
    period = _period_from(form)
    if period is None:
        return None
    report = figures.build(db.session, period, period.as_of(utcnow()))
    audit.record(current_user, action, detail=f"{what} {period.first}..{period.last}",
                 target_type="report", target_id=what)
    db.session.commit()
    return report


def _rejected(form: PeriodForm):
    return render_template("reports/index.html", form=form, report=None), 422


@bp.get("/")
def index():
    form = PeriodForm(request.args)
    report = _report(form, "report.viewed", "all")
    if report is None:
        return _rejected(form)
    return render_template("reports/index.html", form=form, report=report,
                           sections=presentation.sections(report), cell=presentation.cell,
                           headline_value=presentation.headline_value,
                           query=request.args.to_dict())


@bp.get("/<slug>.csv")
def export_csv(slug):
    if slug not in _table_slugs():
        abort(404)
    form = PeriodForm(request.args)
    report = _report(form, "report.exported", f"{slug}.csv")
    if report is None:
        return _rejected(form)
    return _download(exports.to_csv(report.tables[slug], form.suppression()),
                     "text/csv", exports.filename(slug, report, "csv"))


@bp.get("/report.json")
def export_json():
    form = PeriodForm(request.args)
    report = _report(form, "report.exported", "report.json")
    if report is None:
        return _rejected(form)
    body = json.dumps(exports.to_json(report, form.suppression(), utcnow()), indent=2)
    return _download(body, "application/json", exports.filename("all", report, "json"))


def _download(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _table_slugs() -> set[str]:
    return set(presentation.CHARTS)
