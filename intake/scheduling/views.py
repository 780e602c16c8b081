from flask import Blueprint, abort

bp = Blueprint("scheduling", __name__, url_prefix="/availability")


# Placeholders so other features can link here; this feature's work replaces them.

@bp.get("/")
def index():
    abort(404)
