from flask import Blueprint, abort

bp = Blueprint("reports", __name__, url_prefix="/reports")


# Placeholders so other features can link here; this feature's work replaces them.

@bp.get("/")
def index():
    abort(404)
