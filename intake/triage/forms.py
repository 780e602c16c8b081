"""Forms for the queue and the request page. Validation only.

Several forms share the request page, so each has a prefix (unique field ids) and carries
the request's version it was rendered with. CSRF is checked for every POST by CSRFProtect;
the templates add the token as a plain hidden input."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, RadioField,
                     SearchField, SelectChoice, SelectField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from intake.triage.queries import ASSIGNMENT_CHOICES
from intake.triage.workflow import EXITS, LABELS, RequestStatus
from intake.vocabulary import CONTACT_METHODS, CONTACT_OUTCOMES

NOTE_MAX = 5000


def options(pairs) -> list[SelectChoice]:
    """(code, label) pairs as WTForms choices."""
    return [SelectChoice(code, text) for code, text in pairs]


def _whole_number(form, field):
    if not (field.data or "").isdigit():
        raise ValidationError("This form is out of date. Reload the page.")


class RequestActionForm(FlaskForm):
    class Meta:
        csrf = False  # CSRFProtect guards every POST; see the module docstring

    version = HiddenField(validators=[_whole_number])

    @property
    def expected_version(self) -> int:
        return int(self.version.data)


class ClaimForm(RequestActionForm):
    pass


class ReleaseForm(RequestActionForm):
    pass


class AssignForm(RequestActionForm):
    clinician = SelectField("Clinician", validators=[InputRequired("Choose a clinician.")])


class ContactAttemptForm(RequestActionForm):
    method = RadioField("How you tried to reach them", choices=options(CONTACT_METHODS),
                        validators=[InputRequired("Choose how you tried to reach them.")])
    outcome = SelectField("What happened", choices=options([("", "Choose…"), *CONTACT_OUTCOMES]),
                          validators=[InputRequired("Choose what happened.")])
    attempted_at = DateTimeLocalField("When", format="%Y-%m-%dT%H:%M", validators=[Optional()],
                                      description="Leave as it is for just now.")
    note = TextAreaField("Note", validators=[Optional(), Length(max=NOTE_MAX)],
                         description="Stored encrypted. Seen only by clinicians.")

    def validate_outcome(self, field):
        if not field.data:
            raise ValidationError("Choose what happened.")


class ScheduleForm(RequestActionForm):
    # A time taken a moment ago is the service's clear message, not "not a valid choice".
    slot = RadioField("Consultation time", validate_choice=False,
                      validators=[InputRequired("Choose a time.")])


class CancelBookingForm(RequestActionForm):
    pass


class ConsultedForm(RequestActionForm):
    note = TextAreaField("Consultation note",
                         validators=[DataRequired("Write a short consultation note."),
                                     Length(max=NOTE_MAX)],
                         description="What you learned and what you agreed. Stored encrypted.")


EXIT_CHOICES = [(s.value, LABELS[s].capitalize()) for s in RequestStatus if s in EXITS]


class CloseForm(RequestActionForm):
    outcome = RadioField("How the request ends", choices=options(EXIT_CHOICES),
                         validators=[InputRequired("Choose how the request ends.")])
    reason = TextAreaField("Reason", validators=[DataRequired("Say why."), Length(max=NOTE_MAX)],
                           description="Stored encrypted. Required.")


class ReopenForm(RequestActionForm):
    pass


class ConvertForm(RequestActionForm):
    pass


STATUS_FILTERS = [("open", "Open (not yet closed)"), ("closed", "Closed or converted"),
                  ("all", "Any status")] + [(s.value, LABELS[s].capitalize()) for s in RequestStatus]
ASSIGNMENT_LABELS = {"anyone": "Anyone", "mine": "Assigned to me", "unassigned": "Unassigned"}


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField("Reference or full name", validators=[Optional(), Length(max=200)],
                    description="Searches closed requests too.")
    status = SelectField("Status", choices=options(STATUS_FILTERS), default="open", validators=[Optional()])
    assigned = SelectField("Assigned", choices=options((c, ASSIGNMENT_LABELS[c]) for c in ASSIGNMENT_CHOICES),
                           default="anyone", validators=[Optional()])
    region = SelectField("Region", choices=options([("", "Any region")]), default="", validators=[Optional()])
    created_from = DateField("Received from", validators=[Optional()])
    created_to = DateField("Received until", validators=[Optional()])
    urgent = BooleanField("Urgent only")
