"""Form fields shared by the app's forms."""

from __future__ import annotations

from wtforms import IntegerField, SelectMultipleField
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget


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
