"""Sign-in, second factor, sign-out and password change."""
from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from intake.auth import services
from intake.auth.forms import ChangePasswordForm, CodeForm, LoginForm
from intake.auth.models import Role
from intake.clock import utcnow
from intake.extensions import db, limiter
from intake.security import mfa
from intake.security.access import SESSION_TOKEN, during_sign_in, public, roles_required

bp = Blueprint("auth", __name__)

GENERIC_FAILURE = ("That email and password did not match an active account, or the account "
                   "is locked for a while after repeated attempts.")

def _policy():
    return services.SessionPolicy.from_config(current_app.config)

def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("staff.home")

def _login_rate_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]

@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    user = services.authenticate(form.email.data, form.password.data, policy=_policy())
    if user is None:
        db.session.commit()  # keep the failure count and its audit rows
        flash(GENERIC_FAILURE, "error")
        return render_template("auth/login.html", form=form), 422
    next_path = _safe_next(request.args.get("next"))
    session.clear()  # a fresh session: nothing from before sign-in carries over
    session[SESSION_TOKEN] = services.start_session(user)
    db.session.commit()
    login_user(user)
    return redirect(next_path, code=303)

@bp.route("/login/code", methods=["GET", "POST"])
@roles_required(*Role.ALL)
@during_sign_in
def second_factor():
    if not current_user.mfa_enabled:
        return redirect(url_for("staff.home"))
    form = CodeForm()
    if form.validate_on_submit():
        if services.verify_second_factor(current_user, form.code.data, policy=_policy()):
            services.complete_mfa(g.staff_session, enrolled_now=False)
            db.session.commit()
            return redirect(url_for("staff.home"), code=303)
        db.session.commit()
        if current_user.is_locked(utcnow()):
            return _end_session_and_redirect()
        form.code.errors.append("That code did not work. Codes change every 30 seconds.")
    return render_template("auth/second_factor.html", form=form), 422 if form.errors else 200

@bp.route("/account/mfa", methods=["GET", "POST"])
@roles_required(*Role.ALL)
@during_sign_in
def enrol_mfa():
    form = CodeForm()
    if current_user.mfa_enabled:
        return redirect(url_for("staff.home"))
    if not current_user.totp_secret:
        services.begin_mfa_enrolment(current_user)
        db.session.commit()
    elif form.validate_on_submit():
        if services.verify_second_factor(current_user, form.code.data, policy=_policy()):
            services.complete_mfa(g.staff_session, enrolled_now=True)
            db.session.commit()
            flash("Two-step sign-in is on for your account.", "success")
            return redirect(url_for("staff.home"), code=303)
        db.session.commit()
        form.code.errors.append("That code did not work. Check the time on your phone and try again.")
    uri = mfa.provisioning_uri(current_user.totp_secret, current_user.email,
                               current_app.config["PRACTICE_NAME"])
    return render_template("auth/enrol_mfa.html", form=form, qr=Markup(mfa.qr_svg(uri)),
                           secret=current_user.totp_secret), 422 if form.errors else 200

@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*Role.ALL)
@during_sign_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, current=form.current.data, new=form.new.data,
                                     actor=current_user)
        except services.AccountError as exc:
            form.new.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Your password has been changed.", "success")
            return redirect(url_for("staff.home"), code=303)
    return render_template("auth/change_password.html", form=form), 422 if form.errors else 200

@bp.post("/logout")
@roles_required(*Role.ALL)
@during_sign_in
def logout():
    return _end_session_and_redirect(message="You have signed out.")

def _end_session_and_redirect(message: str | None = None):
    services.end_session(g.staff_session)
    db.session.commit()
    logout_user()
    session.clear()
    if message:
        flash(message, "info")
    return redirect(url_for("auth.login"), code=303)
