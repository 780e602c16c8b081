"""Forms for the admin screens: they validate input only."""
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (EmailField, HiddenField, IntegerField, PasswordField, SelectField,
                     SelectMultipleField, StringField, TextAreaField, ValidationError)
from wtforms.fields import DateField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from intake.admin import settings_text
from intake.auth.models import Role
from intake.practice.services import Settings

ROLE_CHOICES = [SelectChoice(Role.CLINICIAN, "Clinician: triages requests, holds cases"),
                SelectChoice(Role.ADMIN, "Admin: staff, availability, settings, reports, audit log")]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionedForm(FlaskForm):
    """The record's version when the form was opened, for optimistic locking."""
    version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])

    @property
    def expected_version(self) -> int:
        return int(self.version.data)


def _roles_field():
    return CheckboxesField("Roles", choices=ROLE_CHOICES,
                           validators=[DataRequired("Choose at least one role.")])


def _temporary_password_field():
    return PasswordField("Temporary password", validators=[DataRequired(), Length(max=256)],
                         description="At least 12 characters. Tell them in person or by phone, "
                                     "never by email; they choose their own at first sign-in.",
                         render_kw={"autocomplete": "new-password"})


class NewStaffForm(FlaskForm):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=100)],
                               description="How colleagues see them, e.g. “Dr. Sam Ortiz”.")
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})
    roles = _roles_field()
    temporary_password = _temporary_password_field()


class EditStaffForm(VersionedForm):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=100)])
    roles = _roles_field()


class ResetPasswordForm(VersionedForm):
    temporary_password = _temporary_password_field()


class ActivationForm(VersionedForm):
    """Deactivate or reactivate: a button, the CSRF token and the version."""


def _https_url(form, field):
    parts = urlsplit(field.data or "")
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in field.data):
        raise ValidationError("Give a full https:// address, e.g. https://www.google.com/.")


def _time_zone(form, field):
    if (field.data or "").strip() not in available_timezones():
        raise ValidationError("Use a time zone name such as America/New_York.")


def _parsed(parse):
    """A validator that runs a settings_text parser and reports its message on the field."""
    def validate(form, field):
        try:
            parse(field.data)
        except settings_text.FormatError as exc:
            raise ValidationError(str(exc)) from exc
    return validate


class SettingsForm(VersionedForm):
    practice_name = StringField("Practice name", validators=[DataRequired(), Length(max=120)])
    timezone = StringField("Time zone", validators=[DataRequired(), Length(max=64), _time_zone],
                           description="All times on screens, all availability and the reports' "
                                       "days use it. After a change, the daily slot run moves "
                                       "weekly slots to the same local hours in the new zone "
                                       "(booked ones are kept) and the next report recounts "
                                       "every day.",
                           render_kw={"list": "time-zones", "spellcheck": "false"})
    served_regions = TextAreaField(
        "Served regions", validators=[_parsed(settings_text.parse_regions)],
        description="One a line: code | name, e.g. “NY | New York”. Where clinicians are licensed.")
    crisis_default = TextAreaField(
        "Crisis resources", validators=[_parsed(settings_text.parse_resources)],
        description="One a line: label | contact. Shown at once when a safety answer is yes.")
    crisis_overrides = TextAreaField(
        "Crisis resources for particular regions", validators=[Length(max=20000)],
        description="Optional, one a line: region code | label | contact. A region listed here "
                    "shows its own lines instead of the list above, so repeat any you still want.")
    quick_exit_url = StringField("Quick-exit destination", validators=[DataRequired(),
                                 Length(max=500), _https_url],
                                 description="Where the quick-exit control sends someone: an "
                                             "ordinary, harmless https page.",
                                 render_kw={"spellcheck": "false", "inputmode": "url"})
    privacy_notice_text = TextAreaField("Privacy notice", validators=[DataRequired(),
                                                                      Length(max=10000)])
    privacy_notice_version = StringField(
        "Privacy notice version", validators=[DataRequired(), Length(max=20),
                                              Regexp(r"^[A-Za-z0-9._-]+$",
                                                     message="Letters, digits, dots and dashes only.")],
        description="Each consent records it: change it whenever the text changes, e.g. 2027-01.")
    plan_review_days = IntegerField("Treatment plan review every (days)",
                                    validators=[InputRequired("Give a number of days."),
                                                NumberRange(7, 365)])
    declined_retention_days = IntegerField(
        "Keep declined requests for (days)",
        validators=[InputRequired("Give a number of days."), NumberRange(30, 3650)],
        description="After this, a declined request's name, contact details and what they wrote "
                    "are erased (the daily 'requests erase-expired' job); its counts stay in reports.")

    def validate_crisis_overrides(self, field):
        try:
            codes = {r["code"] for r in settings_text.parse_regions(self.served_regions.data)}
        except settings_text.FormatError:
            return  # the regions field reports its own problem
        try:
            settings_text.parse_overrides(field.data, codes)
        except settings_text.FormatError as exc:
            raise ValidationError(str(exc)) from exc

    @classmethod
    def from_settings(cls, settings: Settings, version: int, **kwargs) -> "SettingsForm":
        return cls(
            version=str(version),
            practice_name=settings.practice_name,
            timezone=settings.timezone,
            served_regions=settings_text.format_regions(settings.served_regions),
            crisis_default=settings_text.format_resources(settings.crisis_resources_for(None)),
            crisis_overrides=settings_text.format_overrides(settings.crisis_resources),
            quick_exit_url=settings.quick_exit_url,
            privacy_notice_text=settings.privacy_notice_text,
            privacy_notice_version=settings.privacy_notice_version,
            plan_review_days=settings.plan_review_days,
            declined_retention_days=settings.declined_retention_days,
            **kwargs)

    def to_settings(self) -> Settings:
        regions = settings_text.parse_regions(self.served_regions.data)
        resources = {"default": settings_text.parse_resources(self.crisis_default.data)}
        resources.update(settings_text.parse_overrides(self.crisis_overrides.data,
                                                       {r["code"] for r in regions}))
        return Settings(
            practice_name=self.practice_name.data.strip(),
            timezone=self.timezone.data.strip(),
            served_regions=regions,
            crisis_resources=resources,
            quick_exit_url=self.quick_exit_url.data.strip(),
            privacy_notice_text=self.privacy_notice_text.data.strip(),
            privacy_notice_version=self.privacy_notice_version.data.strip(),
            plan_review_days=self.plan_review_days.data,
            declined_retention_days=self.declined_retention_days.data,
        )


class AuditFilterForm(FlaskForm):
    """The audit log's filters, sent by GET (read-only, so no CSRF token)."""

    class Meta:
        csrf = False

    actor = SelectField("Person", choices=[], validate_choice=True, default="")
    action = SelectField("Action", choices=[], validate_choice=True, default="")
    target_type = SelectField("Record type", choices=[], validate_choice=True, default="")
    target_id = StringField("Record id", validators=[Optional(), Length(max=64)],
                            render_kw={"spellcheck": "false"})
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")
