"""Forms for the availability screen: they validate input only."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, ValidationError
from wtforms.fields import DateField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from intake.scheduling import weekly
from intake.scheduling.services import DEFAULT_WEEKS, MAX_WEEKS


class HoursForm(FlaskForm):
    weekday = SelectField("Day", coerce=int, choices=[SelectChoice(number, name) for number, name in enumerate(weekly.WEEKDAYS)])
    start = TimeField("From", validators=[InputRequired("Give a start time.")])
    end = TimeField("Until", validators=[InputRequired("Give an end time.")])

    def validate_end(self, field):
        if self.start.data and field.data:
            problem = weekly.hours_problem(self.start.data, field.data)
            if problem:
                raise ValidationError(problem)


class OneOffForm(FlaskForm):
    day = DateField("Date", validators=[InputRequired("Give a date.")])
    at = TimeField("Time", validators=[InputRequired("Give a start time.")],
                   description="A single 20-minute slot.")


class BlockForm(FlaskForm):
    day = DateField("Date to block", validators=[InputRequired("Give a date.")],
                    description="Open slots that day are withdrawn; booked ones are kept.")


class GenerateForm(FlaskForm):
    weeks = IntegerField("Weeks ahead", default=DEFAULT_WEEKS,
                         validators=[InputRequired("Give a number of weeks."),
                                     NumberRange(1, MAX_WEEKS)])
