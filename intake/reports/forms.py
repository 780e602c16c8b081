"""The period chooser (a GET form: it changes nothing, so it carries no CSRF token)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from intake.reports.exports import DEFAULT_THRESHOLD
from intake.reports.periods import DEFAULT_PRESET, PRESET_LABELS, Preset


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    preset = RadioField("Period", choices=[SelectChoice(p.value, PRESET_LABELS[p]) for p in Preset],
                        default=DEFAULT_PRESET.value)
    start = DateField("From", validators=[Optional()])
    end = DateField("To (included)", validators=[Optional()])
    suppress = BooleanField("Hide small counts in downloads",
                            description="Counts from 1 to the threshold minus one show as “<N”.")
    threshold = IntegerField("Threshold", default=DEFAULT_THRESHOLD,
                             validators=[Optional(), NumberRange(min=2, max=100)])

    def validate(self, extra_validators=None) -> bool:
        # Dates typed in mean custom dates, whichever preset was left selected.
        if self.start.raw_data and self.start.raw_data[0] or self.end.raw_data and self.end.raw_data[0]:
            self.preset.data = Preset.CUSTOM.value
        return super().validate(extra_validators)

    def suppression(self) -> int | None:
        return (self.threshold.data or DEFAULT_THRESHOLD) if self.suppress.data else None
