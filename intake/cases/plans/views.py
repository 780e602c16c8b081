"""Treatment plan pages, on the cases blueprint (clinicians only; own cases only)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from intake import audit
from intake.cases.access import own_case_or_404
from intake.cases.plans import queries, services
from intake.cases.plans.forms import (GoalForm, InterventionForm, ObjectiveForm,
                                      ObjectiveStatusForm, ReviewForm, options)
from intake.cases.plans.workflow import (GOAL_STATUS_LABELS, OBJECTIVE_STATUS_LABELS,
                                         GoalStatus, record_is_editable)
from intake.cases.plans import timeline  # noqa: F401  (registers the timeline providers)
from intake.cases.views import bp
from intake.extensions import db
from intake.practice.services import current_settings

TAB = "cases.plan"
NEW_GOAL_STATUSES = [GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS]


def _to_plan(case, anchor: str | None = None):
    return redirect(url_for("cases.plan", public_id=case.public_id,
                            _anchor=anchor), code=303)


def _render_plan(case, *, status=200, **forms):
    """The plan page; every showing of it is an audited read."""
    goals = queries.goals_for(case)
    due = queries.next_review_due([case.id])[case.id]
    forms.setdefault("review_form", ReviewForm(formdata=None, reviewed_on=queries.practice_today()))
    forms.setdefault("intervention_form", InterventionForm(formdata=None))
    forms.setdefault("objective_forms", {})
    audit.record(current_user, "case.plan.viewed", case, detail=f"goals={len(goals)}")
    db.session.commit()
    return render_template(
        "cases/plan.html", case=case, active_tab=TAB, goals=goals, due=due,
        overdue=due < queries.practice_today(), reviews=queries.reviews_for(case),
        editable=record_is_editable(case.status),
        interventions=queries.active_interventions(), goal_labels=GOAL_STATUS_LABELS,
        review_days=current_settings().plan_review_days,
        objective_labels=OBJECTIVE_STATUS_LABELS, **forms), status


@bp.errorhandler(services.CaseClosed)
def _case_closed(exc):
    """A form sent from a page opened before the case was discharged."""
    db.session.rollback()
    flash(str(exc), "error")
    return redirect(url_for("cases.plan", public_id=request.view_args["public_id"]), code=303)


@bp.get("/<public_id>/plan")
def plan(public_id):
    return _render_plan(own_case_or_404(public_id, current_user))


def _goal_form(goal=None, **kwargs) -> GoalForm:
    return GoalForm(**kwargs).with_interventions(queries.goal_form_interventions(goal))


def _render_goal_form(case, form, *, goal=None, status=200, stale=False):
    # The page shows the case header (and the goal, when editing): an audited read either way.
    if goal is not None:
        audit.record(current_user, "plan.goal.viewed", goal)
    else:
        audit.record(current_user, "case.plan.goal_form_opened", case)
    db.session.commit()
    return render_template("cases/plan_goal_form.html", case=case, active_tab=TAB, form=form,
                           goal=goal, stale=stale, goal_labels=GOAL_STATUS_LABELS), status


@bp.route("/<public_id>/plan/goals/new", methods=["GET", "POST"])
def plan_goal_new(public_id):
    case = own_case_or_404(public_id, current_user)
    form = _goal_form()
    form.status.choices = options({s: GOAL_STATUS_LABELS[s] for s in NEW_GOAL_STATUSES})
    if not form.validate_on_submit():
        return _render_goal_form(case, form, status=422 if form.is_submitted() else 200)
    services.add_goal(case, actor=current_user, title=form.title.data, detail=form.detail.data,
                      target_date=form.target_date.data, status=form.status.data,
                      interventions=queries.interventions_by_public_id(form.interventions.data),
                      objectives=form.objective_lines())
    db.session.commit()
    flash("Goal added to the plan.", "success")
    return _to_plan(case, "goals")


def _own_goal(case, goal_id):
    goal = queries.find_goal(case, goal_id)
    if goal is None:
        abort(404)
    return goal


@bp.route("/<public_id>/plan/goals/<goal_id>/edit", methods=["GET", "POST"])
def plan_goal_edit(public_id, goal_id):
    case = own_case_or_404(public_id, current_user)
    goal = _own_goal(case, goal_id)
    form = _goal_form(goal, title=goal.title, detail=goal.detail, target_date=goal.target_date,
                      status=goal.status, version=goal.version,
                      interventions=[i.public_id for i in goal.interventions])
    if not form.validate_on_submit():
        return _render_goal_form(case, form, goal=goal, status=422 if form.is_submitted() else 200)
    try:
        changed = services.revise_goal(
            goal, actor=current_user, expected_version=form.version.data, title=form.title.data,
            detail=form.detail.data, target_date=form.target_date.data, status=form.status.data,
            interventions=queries.interventions_by_public_id(form.interventions.data),
            reason=form.reason.data)
    except services.StaleEdit as exc:
        db.session.rollback()
        goal = _own_goal(case, goal_id)
        form.version.data = goal.version
        form.form_errors.append(str(exc))
        return _render_goal_form(case, form, goal=goal, status=409, stale=True)
    except services.PlanError as exc:
        db.session.rollback()
        form[exc.field].errors.append(str(exc))
        return _render_goal_form(case, form, goal=_own_goal(case, goal_id), status=422)
    db.session.commit()
    flash("Goal updated; the earlier version is kept in its history." if changed
          else "Nothing changed.", "success" if changed else "info")
    return _to_plan(case, f"goal-{goal.public_id}")


@bp.get("/<public_id>/plan/goals/<goal_id>/history")
def plan_goal_history(public_id, goal_id):
    case = own_case_or_404(public_id, current_user)
    goal = _own_goal(case, goal_id)
    audit.record(current_user, "plan.goal.history_viewed", goal,
                 detail=f"revisions={len(goal.revisions)}")
    db.session.commit()
    return render_template("cases/plan_goal_history.html", case=case, active_tab=TAB, goal=goal,
                           revisions=list(reversed(goal.revisions)),
                           intervention_labels=queries.intervention_labels(),
                           goal_labels=GOAL_STATUS_LABELS, objective_labels=OBJECTIVE_STATUS_LABELS)


@bp.post("/<public_id>/plan/goals/<goal_id>/objectives")
def plan_objective_new(public_id, goal_id):
    case = own_case_or_404(public_id, current_user)
    goal = _own_goal(case, goal_id)
    # Ends in "-" so WTForms adds no separator of its own (it skips one after "-" or "_").
    form = ObjectiveForm(prefix=f"o-{goal.public_id}-")
    if not form.validate_on_submit():
        return _render_plan(case, status=422, objective_forms={goal.public_id: form})
    try:
        services.add_objective(goal, actor=current_user, text=form.text.data)
    except services.StaleEdit:
        db.session.rollback()
        flash("The goal changed while you were adding to it; please add the objective again.",
              "error")
        return _render_plan(case, status=409, objective_forms={goal.public_id: form})
    db.session.commit()
    flash("Objective added.", "success")
    return _to_plan(case, f"goal-{goal.public_id}")


@bp.post("/<public_id>/plan/objectives/<objective_id>/status")
def plan_objective_status(public_id, objective_id):
    case = own_case_or_404(public_id, current_user)
    objective = queries.find_objective(case, objective_id)
    if objective is None:
        abort(404)
    form = ObjectiveStatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_objective_status(objective, actor=current_user, status=form.status.data,
                                      expected_version=form.version.data)
    except services.StaleEdit:
        db.session.rollback()
        flash("That objective changed after you opened the page; its current state is shown.",
              "error")
        return _render_plan(case, status=409)
    db.session.commit()
    flash("Objective updated.", "success")
    return _to_plan(case, f"goal-{objective.goal.public_id}")


@bp.post("/<public_id>/plan/reviews")
def plan_review_new(public_id):
    case = own_case_or_404(public_id, current_user)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render_plan(case, status=422, review_form=form)
    try:
        services.record_review(case, actor=current_user, reviewed_on=form.reviewed_on.data,
                               summary=form.summary.data)
    except services.PlanError as exc:
        db.session.rollback()
        form[exc.field].errors.append(str(exc))
        return _render_plan(case, status=422, review_form=form)
    db.session.commit()
    flash("Plan review recorded.", "success")
    return _to_plan(case, "reviews")


@bp.post("/<public_id>/plan/interventions")
def plan_intervention_new(public_id):
    case = own_case_or_404(public_id, current_user)
    form = InterventionForm()
    if not form.validate_on_submit():
        return _render_plan(case, status=422, intervention_form=form)
    try:
        services.add_intervention(actor=current_user, label=form.label.data)
    except services.PlanError as exc:
        db.session.rollback()
        form[exc.field].errors.append(str(exc))
        return _render_plan(case, status=422, intervention_form=form)
    db.session.commit()
    flash("Intervention added to the practice's list.", "success")
    return _to_plan(case, "interventions")
