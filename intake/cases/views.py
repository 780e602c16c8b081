from flask import Blueprint, abort

bp = Blueprint("cases", __name__, url_prefix="/cases")


# Placeholders so other features can link here; this feature's work replaces them.

@bp.get("/")
def caseload():
    abort(404)


@bp.get("/<public_id>")
def detail(public_id):
    abort(404)
