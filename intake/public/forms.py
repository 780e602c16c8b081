"""The consultation form: validation only (it never saves). Codes come from intake.vocabulary."""
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (BooleanField, HiddenField, RadioField, SelectChoice, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from intake import vocabulary

OUTSIDE_AREA = "outside"
ARRANGE_LATER = "arrange"  # the slot choice meaning "contact me to arrange a time"
NAME_MAX, NARRATIVE_MAX = 100, 4000
SAFETY_ANSWERS = [("yes", "Yes"), ("no", "No"), ("unsure", "I'm not sure")]
PHONE_METHODS = ("ok_call", "ok_voicemail", "ok_text")
DEFAULT_PHONE_REGION = "US"


def as_choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (code, label) pairs, such as intake.vocabulary's lists."""
    return [SelectChoice(code, label) for code, label in pairs]


class OptionalChoice:
    """A radio group or select that may be left unanswered (WTForms would call that invalid)."""

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        super().pre_validate(form)


class OptionalRadioField(OptionalChoice, RadioField):
    pass


class OptionalSelectField(OptionalChoice, SelectField):
    pass


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (rendered by the `choices` macro as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value):
    value = _strip(value)
    return value or None


TEXT = {"filters": [_blank_to_none]}


def normalised_email(value: str) -> str:
    """The address as email-validator normalises it; raises ValidationError if malformed."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError("Enter an email address like name@example.com.") from None


def normalised_phone(value: str) -> str:
    """E.164 (+12125550123); numbers without a country code are read as US numbers."""
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError("Enter a phone number we can dial, like 212 555 0123 or +44 20 7946 0018.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ConsultationForm(FlaskForm):
    """Only what-to-call-you, one contact method marked safe, region and consent are required."""

    # Anti-abuse: a signed (submission id, time the form was shown) pair, and a honeypot.
    form_token = HiddenField()
    website = StringField("Leave this field empty", filters=[_strip],
                          render_kw={"autocomplete": "off", "tabindex": "-1"})

    name = StringField(
        "What should we call you?", validators=[DataRequired("Tell us what to call you."),
                                                Length(max=NAME_MAX, message="Please keep this to 100 characters or fewer.")],
        filters=[_strip],
        description="Any name you are comfortable with. It does not have to be your legal name.",
        render_kw={"autocomplete": "off", "spellcheck": "false"})
    pronouns = StringField("Pronouns", validators=[Optional(), Length(max=40, message="Please keep this to 40 characters or fewer.")],
                           description="So we address you the way you want.", **TEXT)

    email = StringField("Email address", validators=[Optional(), Length(max=254, message="That address is too long.")],
                        description="Only if email is a safe way to reach you.",
                        render_kw={"type": "email", "autocomplete": "off", "spellcheck": "false",
                                   "inputmode": "email"}, **TEXT)
    phone = StringField("Phone number", validators=[Optional(), Length(max=40, message="That number is too long.")],
                        description="Only if calls or texts to this number are safe.",
                        render_kw={"type": "tel", "autocomplete": "off", "inputmode": "tel"}, **TEXT)
    ok_call = BooleanField("Phone calls are safe")
    ok_voicemail = BooleanField("You may leave a voicemail")
    ok_text = BooleanField("Text messages are safe")
    ok_email = BooleanField("Email is safe")
    may_name_practice = BooleanField("You may say the practice's name when you contact me",
                                     description="If not, we introduce ourselves only by first name.")
    safe_times = StringField("When is it safe to contact you?",
                             validators=[Optional(), Length(max=200, message="Please keep this to 200 characters or fewer.")],
                             description="For example: weekdays 9 to 11 am.", **TEXT)
    if_someone_else_answers = StringField(
        "If someone else answers, what should we say?",
        validators=[Optional(), Length(max=300, message="Please keep this to 300 characters or fewer.")],
        description="For example: \"Sorry, wrong number.\" We will never mention why we are calling.", **TEXT)

    region = SelectField("Where will you be during sessions?",
                         validators=[InputRequired("Choose where you will be.")],
                         description="Our clinicians may only work with people in the places they are licensed.")

    narrative = TextAreaField(
        "What brings you here?", validators=[Optional(), Length(max=NARRATIVE_MAX, message="Please keep this to 4,000 characters or fewer.")],
        description="A few words are enough, and you can leave this empty. It helps the clinician prepare.",
        **TEXT)
    patterns = MultiCheckboxField("Which of these feel familiar?",
                                  choices=as_choices(vocabulary.PATTERNS), validate_choice=True,
                                  description="Tick any that fit. There are no wrong answers.")
    contact_status = OptionalRadioField("Are you in contact with the other person?",
                                choices=as_choices(vocabulary.CONTACT_STATUSES),
                                validators=[Optional()],
                                description="It helps us think about your safety and what support fits.")
    session_format = OptionalRadioField("How would you like to meet?", choices=as_choices(vocabulary.SESSION_FORMATS),
                                validators=[Optional()])
    referral_source = OptionalSelectField("How did you hear about us?",
                                  choices=as_choices([("", "Choose one")] + vocabulary.REFERRAL_SOURCES),
                                  validators=[Optional()], **TEXT)

    in_danger = OptionalRadioField("Are you in danger right now?", choices=as_choices(SAFETY_ANSWERS),
                           validators=[Optional()])
    self_harm = OptionalRadioField("Are you having thoughts of harming yourself?", choices=as_choices(SAFETY_ANSWERS),
                           validators=[Optional()])

    slot = OptionalRadioField("Choose a time for the free 20-minute consultation", default=ARRANGE_LATER,
                      validate_choice=False, validators=[Optional()])

    consent = BooleanField("I have read how my information is used, and I agree",
                           validators=[InputRequired("Please confirm you agree, so we can keep your details.")])

    def set_choices(self, regions: list[dict], slot_choices: list[tuple[str, str]]) -> None:
        self.region.choices = as_choices([("", "Choose one")] + [(r["code"], r["name"]) for r in regions]
                                         + [(OUTSIDE_AREA, "Somewhere else")])
        self.slot.choices = as_choices(slot_choices + [(ARRANGE_LATER, "Contact me to arrange a time")])

    def validate_email(self, field):
        if field.data:
            field.data = normalised_email(field.data)

    def validate_phone(self, field):
        if field.data:
            field.data = normalised_phone(field.data)

    def validate_website(self, field):
        if field.data:
            raise ValidationError("Please leave this field empty.")

    def validate_ok_email(self, field):
        if field.data and not self.email.data:
            raise ValidationError("Add the email address that is safe to use.")

    def validate_ok_call(self, field):
        chosen = [name for name in PHONE_METHODS if self[name].data]
        if chosen and not self.phone.data:
            raise ValidationError("Add the phone number that is safe to use.")
        if not chosen and not self.ok_email.data:
            raise ValidationError("Tick at least one way it is safe to reach you, and give the number or address.")

    @property
    def outside_area(self) -> bool:
        return self.region.data == OUTSIDE_AREA

    @property
    def wants_slot(self) -> str | None:
        """The public id of the chosen slot, or None for "contact me to arrange a time"."""
        return None if self.slot.data in (None, "", ARRANGE_LATER) else self.slot.data

    def answers(self) -> dict:
        """The validated answers as ConsultationRequest columns (slot and consent aside)."""
        plain = ["name", "pronouns", "email", "phone", "ok_call", "ok_voicemail", "ok_text",
                 "ok_email", "may_name_practice", "safe_times", "if_someone_else_answers",
                 "narrative", "contact_status", "session_format", "referral_source",
                 "in_danger", "self_harm"]
        values = {name: self[name].data for name in plain}
        values.update(region=self.region.data, out_of_area=self.outside_area,
                      patterns=list(self.patterns.data or []) or None)
        for name in ("contact_status", "session_format", "referral_source", "in_danger", "self_harm"):
            values[name] = values[name] or None
        return values
