"""Error pages that say what to do next and leak nothing about the system."""
from flask import current_app, render_template
from flask_wtf.csrf import CSRFError

from intake.extensions import db

HANDLED = {
    400: "This request could not be understood.",
    403: "This page is not available.",
    404: "We could not find that page.",
    405: "That action is not available here.",
    413: "That was more than this form accepts.",
    429: "Too many attempts in a short time.",
    500: "Something went wrong on our side.",
}


def _render(code: int):
    return render_template(f"errors/{code}.html" if code in (404, 429, 500) else "errors/generic.html",
                           code=code, message=HANDLED[code]), code


def handle_http_error(error):
    return _render(error.code if error.code in HANDLED else 500)


def handle_csrf_error(error):
    current_app.logger.info("CSRF refused: %s", error.description)
    return render_template("errors/csrf.html"), 400


def handle_unexpected(error):
    db.session.rollback()
    return _render(500)


def init_app(app) -> None:
    for code in HANDLED:
        app.register_error_handler(code, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(500, handle_unexpected)
