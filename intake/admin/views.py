from flask import Blueprint, abort

bp = Blueprint("admin", __name__, url_prefix="/admin")


# Placeholders so other features can link here; this feature's work replaces them.

@bp.get("/")
def index():
    abort(404)
