"""Treatment plan forms: validate input only."""
from flask_wtf import FlaskForm
from wtforms import (DateField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from intake.cases.plans.workflow import GOAL_STATUS_LABELS, OBJECTIVE_STATUS_LABELS

TEXT_LIMIT = 4000


def options(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GoalForm(FlaskForm):
    title = StringField("Goal", validators=[DataRequired("Write the goal."), Length(max=300)],
                        description="In the client's words where possible, e.g. "
                                    "'Notice the pull to reconnect and pause before acting'.")
    detail = TextAreaField("Details", validators=[Optional(), Length(max=TEXT_LIMIT)])
    target_date = DateField("Target date", validators=[Optional()])
    status = SelectField("Status", choices=options(GOAL_STATUS_LABELS))
    interventions = MultiCheckboxField("Interventions", choices=[])
    objectives = TextAreaField("Objectives", validators=[Optional(), Length(max=TEXT_LIMIT)],
                               description="Concrete, observable steps, one per line.")
    reason = TextAreaField("Reason for the change", validators=[Optional(), Length(max=TEXT_LIMIT)],
                           description="Needed when a goal is revised or discontinued.")
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def with_interventions(self, interventions) -> "GoalForm":
        self.interventions.choices = [
            SelectChoice(i.public_id, i.label if i.active else f"{i.label} (retired)")
            for i in interventions]
        return self

    def objective_lines(self) -> list[str]:
        return [line.strip() for line in (self.objectives.data or "").splitlines() if line.strip()]


class ObjectiveForm(FlaskForm):
    text = StringField("New objective",
                       validators=[DataRequired("Write the objective."), Length(max=1000)])


class ObjectiveStatusForm(FlaskForm):
    status = SelectField("Status", choices=options(OBJECTIVE_STATUS_LABELS))
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class ReviewForm(FlaskForm):
    reviewed_on = DateField("Review date", validators=[DataRequired("Give the review's date.")])
    summary = TextAreaField("Summary of the review",
                            validators=[DataRequired("Summarise the review."),
                                        Length(max=TEXT_LIMIT)],
                            description="Progress on each goal, what changes, what stays.")


class InterventionForm(FlaskForm):
    label = StringField("Add an intervention",
                        validators=[DataRequired("Name the intervention."), Length(max=120)],
                        description="A method the practice uses that is not in the list yet. "
                                    "It becomes available on every case's plan.")

