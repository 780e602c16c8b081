"""Deny by default: every endpoint is staff-only and role-checked unless marked public.

A blueprint declares its roles once when it is registered; a view may narrow them. An endpoint
with no declared roles answers 404, so forgetting a declaration denies rather than exposes.
"""
from flask import (abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_login import current_user

from intake.auth.services import SessionPolicy, live_session, touch
from intake.extensions import db, login_manager

BLUEPRINT_ROLES = "intake.blueprint_roles"
SESSION_TOKEN = "sid"


def public(view):
    """Reachable without signing in."""
    view.is_public = True
    return view


def roles_required(*roles: str):
    """Only staff holding one of `roles`; anyone else gets 404."""
    def mark(view):
        view.required_roles = frozenset(roles)
        return view
    return mark


def during_sign_in(view):
    """Reachable by a signed-in user who still owes a second factor or a new password."""
    view.during_sign_in = True
    return view


def register_staff_blueprint(app, blueprint, *, roles, **options) -> None:
    app.register_blueprint(blueprint, **options)
    app.extensions.setdefault(BLUEPRINT_ROLES, {})[blueprint.name] = frozenset(roles)


def _required_roles(view):
    declared = getattr(view, "required_roles", None)
    if declared is not None:
        return declared
    return current_app.extensions.get(BLUEPRINT_ROLES, {}).get(request.blueprint)


def _pending_step(view):
    """Where a half-signed-in user must go next, or None."""
    if getattr(view, "during_sign_in", False):
        return None
    staff_session = g.get("staff_session")
    user = current_user
    if user.mfa_enabled and not staff_session.mfa_verified:
        return redirect(url_for("auth.second_factor"))
    if current_app.config["REQUIRE_MFA"] and not user.mfa_enabled:
        return redirect(url_for("auth.enrol_mfa"))
    if user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


def _explain_ended_session() -> None:
    reason = g.get("session_end_reason")
    if reason == "idle":
        flash("You were signed out after a period without activity. Please sign in again.", "info")
    elif reason == "absolute":
        flash("Your session reached its time limit. Please sign in again.", "info")


def enforce_access():
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    if getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        _explain_ended_session()
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.path))
        # A form sent after the session ended: say so (the browser's Back still holds what
        # was typed) instead of a bare error that looks like the text was lost for good.
        return render_template("errors/session_ended.html"), 401
    pending = _pending_step(view)
    if pending is not None:
        return pending
    roles = _required_roles(view)
    if not roles or not current_user.has_role(*roles):
        abort(404)
    return None


@login_manager.user_loader
def load_user(public_id: str):
    """Flask-Login stores the user's public id; the server-side session must also be live."""
    policy = SessionPolicy.from_config(current_app.config)
    staff_session, why = live_session(session.get(SESSION_TOKEN), policy=policy)
    if staff_session is None or staff_session.user.public_id != public_id:
        g.session_end_reason = why
        session.clear()
        return None
    if touch(staff_session):
        db.session.commit()
    g.staff_session = staff_session
    return staff_session.user


def init_app(app) -> None:
    app.before_request(enforce_access)
