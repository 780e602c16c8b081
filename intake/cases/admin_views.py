"""The admin's case assignment screen (/admin/cases/): clinicians, status and phase only.

The pages are built from selects that name their columns (queries.AdminCaseRow), so no
client name or clinical text reaches them; only the reassignment itself loads the Case."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from intake import audit
from intake.auth.models import User
from intake.cases import queries, services
from intake.cases.forms import ReassignForm
from intake.cases.models import Case
from intake.cases.views import attempt
from intake.extensions import db

bp = Blueprint("cases_admin", __name__, url_prefix="/admin/cases")


@bp.get("/")
def index():
    status = request.args.get("status") or "open"
    rows = queries.cases_for_admin(status=status)
    audit.record(current_user, "case.assignments.viewed", detail=f"count={len(rows)}")
    db.session.commit()
    return render_template("cases/admin/index.html", rows=rows, status=status)


def _reassign_form(row) -> ReassignForm:
    form = ReassignForm()
    form.clinician.choices = [SelectChoice("", "Choose a clinician")] + [
        SelectChoice(u.public_id, u.display_name) for u in queries.active_clinicians()]
    if request.method == "GET":
        form.version.data = row.version
    return form


@bp.route("/<public_id>", methods=["GET", "POST"])
def reassign(public_id):
    row = queries.admin_case(public_id)
    if row is None:
        abort(404)
    form = _reassign_form(row)
    if not form.validate_on_submit():
        return _page(row, form, 422 if form.errors else 200)
    case = db.session.scalar(select(Case).where(Case.public_id == public_id))
    clinician = db.session.scalar(select(User).where(User.public_id == form.clinician.data))
    problem = attempt(lambda: services.reassign_case(case, clinician, actor=current_user,
                                                     expected_version=form.version.data))
    if problem:
        flash(str(problem), "error")
        row = queries.admin_case(public_id)
        form.version.data = row.version
        return _page(row, form, 409 if isinstance(problem, services.StaleEdit) else 422)
    flash(f"Case {row.reference} is now assigned to {clinician.display_name}.", "success")
    return redirect(url_for("cases_admin.index"), 303)


def _page(row, form, status):
    audit.record(current_user, "case.assignment.viewed", target_type="cases",
                 target_id=row.public_id)
    db.session.commit()
    return render_template("cases/admin/reassign.html", row=row, form=form), status
