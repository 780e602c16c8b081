"""The safety plan form, one field per section."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from intake.cases.safety.sections import SECTIONS

SECTION_LIMIT = 4000


class SafetyPlanForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def content(self) -> dict:
        return {section.key: self[section.key].data or "" for section in SECTIONS}


for _section in SECTIONS:
    _field = StringField if _section.key == "code_word" else TextAreaField
    setattr(SafetyPlanForm, _section.key,
            _field(_section.heading, description=_section.hint,
                   validators=[Optional(), Length(max=200 if _section.key == "code_word" else SECTION_LIMIT)]))
