from flask import Blueprint, abort

bp = Blueprint("triage", __name__, url_prefix="/requests")


# Placeholders so other features can link here; this feature's work replaces them.

@bp.get("/")
def queue():
    abort(404)


@bp.get("/<public_id>")
def detail(public_id):
    abort(404)
