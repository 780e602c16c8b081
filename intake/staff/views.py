"""The signed-in landing page: what needs attention, at a glance."""
from flask import Blueprint, render_template
from flask_login import current_user

from intake.templating import practice_zone
from intake.triage.queries import at_a_glance, sees_clinical

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
def home():
    return render_template("staff/home.html", glance=at_a_glance(current_user, practice_zone()),
                           sees_clinical=sees_clinical)
