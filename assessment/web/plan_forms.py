"""Forms of the plan pages: update an action, carry actions over, add an action."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from assessment.models import User
from assessment.plans import ActionStatus, Decision, Horizon
from assessment.questionnaire import Questionnaire
from assessment.services.plans import DISMISS_WITHOUT_REASON
from assessment.web.fields import CheckboxesField, RevisionField

NOTE_LIMIT = 5000
NOBODY = 0
DECISION_LABELS = {
    Decision.PROPOSED: "Not decided yet",
    Decision.ACCEPTED: "Accepted",
    Decision.DISMISSED: "Dismissed",
}


class ItemForm(FlaskForm):
    revision = RevisionField()
    decision = RadioField(
        "Decision", choices=[SelectChoice(d.value, DECISION_LABELS[d]) for d in Decision]
    )
    dismiss_reason = TextAreaField(
        "Reason for dismissing", validators=[Optional(), Length(max=NOTE_LIMIT)]
    )
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in ActionStatus])
    owner = SelectField("Owner", coerce=int)
    due_date = DateField("Due date", validators=[Optional()])
    note = TextAreaField("Add a note", validators=[Optional(), Length(max=NOTE_LIMIT)])

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        if (
            self.decision.data == Decision.DISMISSED
            and not (self.dismiss_reason.data or "").strip()
        ):
            self.dismiss_reason.errors = [*self.dismiss_reason.errors, DISMISS_WITHOUT_REASON]
            return False
        return valid


def owner_choices(form: ItemForm, people: list[User]) -> None:
    form.owner.choices = [SelectChoice(NOBODY, "Nobody yet")] + [
        SelectChoice(person.id, f"{person.name} ({person.role.value})") for person in people
    ]


class CarryForm(FlaskForm):
    items = CheckboxesField("Open actions of the previous plan", coerce=int)


class NewItemForm(FlaskForm):
    title = StringField("Action", validators=[DataRequired(), Length(max=300)])
    description = TextAreaField("What it involves", validators=[Optional(), Length(max=NOTE_LIMIT)])
    addresses = CheckboxesField("Sub-barriers it addresses")
    horizon = RadioField(
        "When",
        choices=[SelectChoice(h.value, h.label) for h in Horizon],
        default=Horizon.NEXT.value,
    )


def sub_barrier_choices(form: NewItemForm, questionnaire: Questionnaire) -> None:
    form.addresses.choices = [
        SelectChoice(sub.id, f"{area.title} › {sub.title}")
        for area in questionnaire.areas
        for sub in area.sub_barriers
    ]
