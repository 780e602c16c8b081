"""Forms for the case pages: they validate input only; services apply the rules and save."""
from flask_wtf import FlaskForm
from wtforms import (HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from intake.cases.workflow import NOTE_KINDS, READINESS_ITEMS, RETURN_REASONS
from intake.vocabulary import CONTACT_STATUSES, CYCLE_STAGES, DISCHARGE_REASONS, PATTERNS

NOTE_MAX = 20_000
TEXT_MAX = 4_000


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(code, text) for code, text in pairs]


def _text(label, *, required=False, max_length=TEXT_MAX, message=None, **kwargs):
    # No Optional(): it would stop the chain before a form's own validate_<field> rule runs.
    validators = [DataRequired(message)] * required + [Length(max=max_length)]
    return TextAreaField(label, validators=validators, **kwargs)


class VersionField(IntegerField):
    """The version the form was opened on: the optimistic lock travels with the form."""
    widget = HiddenInput()

    def __init__(self, **kwargs):
        super().__init__("Version", validators=[InputRequired()], **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssessmentForm(FlaskForm):
    presenting_concerns = _text("Presenting concerns", description=(
        "In the client's words where possible: what brings them now."))
    patterns = MultiCheckboxField("Patterns the client recognises", choices=_choices(PATTERNS),
                                  validators=[Optional()])
    cycle_stage = RadioField("Current stage of the cycle", choices=_choices(CYCLE_STAGES),
                             validators=[Optional()])
    contact_status = RadioField("Contact with the other person", choices=_choices(CONTACT_STATUSES),
                                validators=[Optional()])
    support_network = _text("Support network", description=(
        "Reliable people and services the client can reach; who is safe to involve."))
    risk_summary = _text("Risk summary", description=(
        "Current risk to the client and from the other person; protective factors."))
    version = VersionField()


def _readiness_fields(cls):
    for code, text in READINESS_ITEMS:
        setattr(cls, f"{code}_met", RadioField(
            text, choices=_choices([("yes", "Met"), ("no", "Not met")]),
            validators=[InputRequired("Say whether this is met.")]))
        setattr(cls, f"{code}_comment", _text(
            f"Comment: {text[0].lower()}{text[1:]}", required=True,
            message="Add a short comment (what you observed)."))
    return cls


@_readiness_fields
class ReadinessForm(FlaskForm):
    override = _text("Override", description=(
        "Needed when an item is not met: why processing should begin anyway, and what keeps "
        "the client safe meanwhile."))
    rationale = _text("Rationale for moving to processing", required=True,
                      message="Write the rationale for moving to processing.")
    version = VersionField()

    def items(self):
        """(met field, comment field) for each readiness item, in order."""
        return [(self[f"{code}_met"], self[f"{code}_comment"]) for code, _ in READINESS_ITEMS]

    def validate_override(self, field):
        unmet = any(met.data == "no" for met, _ in self.items())
        if unmet and not (field.data or "").strip():
            raise ValidationError("An item is not met: write the override.")


class ReturnForm(FlaskForm):
    reason = RadioField("Why is the client returning to stabilization?", choices=_choices(RETURN_REASONS),
                        validators=[InputRequired("Choose a reason.")])
    text = _text("What happened", description="Required for “another reason”.")
    version = VersionField()

    def validate_text(self, field):
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError("Describe the reason.")


class StatusForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])
    comment = _text("Comment", description="Optional: for example, why the case is on hold.")
    version = VersionField()


class DischargeForm(FlaskForm):
    reason = SelectField("Reason for discharge", choices=_choices([("", "Choose a reason")] + DISCHARGE_REASONS),
                         validators=[DataRequired("Choose the reason for discharge.")])
    summary = _text("Discharge summary", required=True, max_length=NOTE_MAX,
                    message="Write the discharge summary.", description=(
                        "Signed when you discharge: course of treatment, phase reached, "
                        "safety at discharge, follow-up and referrals."))
    version = VersionField()


class NewNoteForm(FlaskForm):
    kind = RadioField("Kind of note", choices=_choices(NOTE_KINDS),
                      validators=[InputRequired("Choose what kind of note this is.")])
    body = _text("Note", max_length=NOTE_MAX)


class DraftForm(FlaskForm):
    body = _text("Note", max_length=NOTE_MAX)
    version = VersionField()


class AddendumForm(FlaskForm):
    reason = _text("Reason for the addendum", required=True, max_length=500,
                   message="Say why the note needs an addendum.",
                   description="For example: a correction, or information that came later.")
    body = _text("Addendum", required=True, max_length=NOTE_MAX, message="Write the addendum.")


class ReassignForm(FlaskForm):
    clinician = SelectField("Assign to", validators=[DataRequired("Choose a clinician.")])
    version = VersionField()
