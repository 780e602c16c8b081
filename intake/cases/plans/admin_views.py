"""The practice's intervention list (/admin/interventions/): add, retire and restore.

Labels name methods, never clients, and the counts are of goals, so the page reads no case."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from intake.cases.plans import queries, services
from intake.cases.plans.forms import InterventionForm
from intake.cases.plans.models import Intervention
from intake.extensions import db

bp = Blueprint("plans_admin", __name__, url_prefix="/admin/interventions")


@bp.get("/")
def index():
    return _page(InterventionForm(formdata=None))


@bp.post("/")
def add():
    form = InterventionForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        intervention = services.add_intervention(actor=current_user, label=form.label.data)
    except services.PlanError as exc:
        db.session.rollback()
        form.label.errors.append(str(exc))
        return _page(form, 422)
    db.session.commit()
    flash(f"“{intervention.label}” added: every case's plan can use it.", "success")
    return redirect(url_for("plans_admin.index"), 303)


@bp.post("/<public_id>/retire")
def retire(public_id):
    return _set_active(public_id, False, "retired: new goals no longer offer it; goals that "
                                         "name it keep it.")


@bp.post("/<public_id>/restore")
def restore(public_id):
    return _set_active(public_id, True, "is offered for new goals again.")


def _set_active(public_id: str, active: bool, said: str):
    # The app-wide CSRF guard has checked the button's token before this runs.
    intervention = db.session.scalar(select(Intervention).where(Intervention.public_id == public_id))
    if intervention is None:
        abort(404)
    services.set_intervention_active(intervention, active, actor=current_user)
    db.session.commit()
    flash(f"“{intervention.label}” {said}", "success")
    return redirect(url_for("plans_admin.index"), 303)


def _page(form, status=200):
    return render_template("cases/admin/interventions.html", rows=queries.interventions_in_use(),
                           form=form), status
