"""Safety plan pages, on the cases blueprint (clinicians only; own cases only)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from intake import audit
from intake.cases.access import own_case_or_404
from intake.cases.plans.workflow import record_is_editable
from intake.cases.safety import queries, services
from intake.cases.safety.forms import SafetyPlanForm
from intake.cases.safety.sections import SECTIONS, changes_by_revision, lines
from intake.cases.safety import timeline  # noqa: F401  (registers the timeline providers)
from intake.cases.views import bp
from intake.extensions import db

TAB = "cases.safety_plan"


def _page(template, case, *, status=200, **context):
    return render_template(template, case=case, active_tab=TAB, sections=SECTIONS, lines=lines,
                           editable=record_is_editable(case.status), **context), status


@bp.get("/<public_id>/safety-plan")
def safety_plan(public_id):
    case = own_case_or_404(public_id, current_user)
    plan = queries.plan_for(case)
    audit.record(current_user, "case.safety_plan.viewed", case,
                 detail=f"revision={plan.revision_count if plan else 0}")
    db.session.commit()
    return _page("cases/safety_plan.html", case, plan=plan,
                 revision=plan.current if plan else None,
                 changes=changes_by_revision(plan.revisions) if plan else {})


def _edit_page(case, form, plan, *, status=200, stale=False):
    audit.record(current_user, "case.safety_plan.edit_opened", case,
                 detail=f"revision={plan.revision_count if plan else 0}")
    db.session.commit()
    return _page("cases/safety_plan_form.html", case, status=status, form=form, plan=plan,
                 stale=stale, saved=plan.current if plan else None)


@bp.route("/<public_id>/safety-plan/edit", methods=["GET", "POST"])
def safety_plan_edit(public_id):
    case = own_case_or_404(public_id, current_user)
    plan = queries.plan_for(case)
    current = plan.current.content if plan and plan.current else {}
    form = SafetyPlanForm(data={**current, "version": plan.version if plan else None})
    if not form.validate_on_submit():
        return _edit_page(case, form, plan, status=422 if form.is_submitted() else 200)
    try:
        revision = services.save_revision(case, form.content(), actor=current_user,
                                          expected_version=form.version.data)
    except services.StalePlan as exc:
        db.session.rollback()
        plan = queries.plan_for(case)
        form.version.data = plan.version if plan else None
        form.form_errors.append(exc.message)
        return _edit_page(case, form, plan, status=409, stale=True)
    except (services.NothingChanged, services.CaseClosed) as exc:
        db.session.rollback()
        flash(exc.message, "info")
        return redirect(url_for("cases.safety_plan", public_id=case.public_id), code=303)
    db.session.commit()
    flash(f"Safety plan saved as revision {revision.number}.", "success")
    return redirect(url_for("cases.safety_plan", public_id=case.public_id), code=303)


@bp.get("/<public_id>/safety-plan/revisions/<revision_id>")
def safety_plan_revision(public_id, revision_id):
    case = own_case_or_404(public_id, current_user)
    revision = queries.find_revision(case, revision_id)
    if revision is None:
        abort(404)
    audit.record(current_user, "case.safety_plan.revision_viewed", case,
                 detail=f"revision={revision.number}")
    db.session.commit()
    return _page("cases/safety_plan_revision.html", case, revision=revision, plan=revision.plan)


@bp.get("/<public_id>/safety-plan/print")
def safety_plan_print(public_id):
    """One page for the client to keep: no practice name, no site header, a neutral title.
    The code word is left off unless asked for: the paper may be found."""
    case = own_case_or_404(public_id, current_user)
    plan = queries.plan_for(case)
    if plan is None or plan.current is None:
        abort(404)
    with_word = request.args.get("word") == "1"
    audit.record(current_user, "case.safety_plan.printed", case,
                 detail=f"revision={plan.current.number} word={int(with_word)}")
    db.session.commit()
    return _page("cases/safety_plan_print.html", case, revision=plan.current,
                 with_word=with_word)
