"""Form fields shared by the app's forms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectMultipleField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from assessment.web.converters import database_int


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes rather than a select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RevisionField(IntegerField):
    """The revision a form was opened at, in a hidden input.

    It renders its current value, not the posted one, so a form re-shown after a
    conflict carries the revision it was re-shown at.
    """

    widget = HiddenInput()

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """A revision no column holds (negative, huge, not a number) is no revision, and so
        is a post without the field: it must not take the revision the page would have
        shown, or a client that leaves it out would overwrite whatever was saved since."""
        self.data = database_int(valuelist[0]) if valuelist else None


class PeriodForm(FlaskForm):
    """A range of submission dates, sent with GET so a filtered page has a link of its own."""

    class Meta:
        csrf = False

    start = DateField("Audits submitted from", validators=[Optional()])
    end = DateField("to", validators=[Optional()])

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.start.data and self.end.data and self.start.data > self.end.data:
            self.end.errors = [*self.end.errors, "The end date is before the start date."]
            return False
        return valid
