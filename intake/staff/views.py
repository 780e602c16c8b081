"""The signed-in landing page; later features add their at-a-glance panels."""
from flask import Blueprint, render_template

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
def home():
    return render_template("staff/home.html")
