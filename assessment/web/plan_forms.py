"""Forms of the plan pages: update an action (on its page or in its row), decide several
at once, filter and sort the list, carry actions over, add an action."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from assessment.models import User
from assessment.plan_list import ListQuery, SortKey, State
from assessment.plans import ActionStatus, Decision, Horizon
from assessment.questionnaire import Questionnaire
from assessment.services.plans import DISMISS_WITHOUT_REASON
from assessment.web.converters import database_id
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
    owner = SelectField("Owner", coerce=database_id)
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


def owner_label(person: User, people: list[User]) -> str:
    """A person in an owner list; a current owner who may no longer own it says so."""
    if person in people:
        return f"{person.name} ({person.role.value})"
    return f"{person.name} (no longer on this plan)"


def owner_options(people: list[User], current: User | None) -> list[tuple[int, str]]:
    """The owner list: nobody, the people who may work on the plan, and the current owner
    even if they no longer qualify (so saving does not silently clear them)."""
    kept = people if current is None or current in people else [*people, current]
    return [(NOBODY, "Nobody yet")] + [(p.id, owner_label(p, people)) for p in kept]


def owner_choices(form: ItemForm | RowForm | NewItemForm, people: list[User],
                  current: User | None = None) -> None:  # fmt: skip
    form.owner.choices = [SelectChoice(v, label) for v, label in owner_options(people, current)]


class RowForm(FlaskForm):
    """The change of one action in its row of the list: save, accept or dismiss."""

    revision = RevisionField()
    owner = SelectField("Owner", coerce=database_id)
    due_date = DateField("Due date", validators=[Optional()])
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in ActionStatus])
    dismiss_reason = StringField(
        "Reason for dismissing", validators=[Optional(), Length(max=NOTE_LIMIT)]
    )
    do = SelectField(
        "Change", choices=[SelectChoice(v, v.capitalize()) for v in ("save", "accept", "dismiss")],
        default="save",
    )  # fmt: skip

    def decision(self, current: Decision) -> Decision:
        return {"accept": Decision.ACCEPTED, "dismiss": Decision.DISMISSED}.get(
            self.do.data or "save", current
        )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        if self.do.data == "dismiss" and not (self.dismiss_reason.data or "").strip():
            self.dismiss_reason.errors = [*self.dismiss_reason.errors, DISMISS_WITHOUT_REASON]
            return False
        return valid


class BulkForm(FlaskForm):
    """Accept or dismiss the ticked actions; each row adds ``revision-<id>`` for its check."""

    items = CheckboxesField("Select", coerce=database_id)
    do = SelectField(
        "Change", choices=[SelectChoice(v, v.capitalize()) for v in ("accept", "dismiss")]
    )
    dismiss_reason = StringField(
        "Reason for dismissing the selected actions",
        validators=[Optional(), Length(max=NOTE_LIMIT)],
    )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.items.data:
            self.items.errors = [*self.items.errors, "Tick the actions to change first."]
            valid = False
        if self.do.data == "dismiss" and not (self.dismiss_reason.data or "").strip():
            self.dismiss_reason.errors = [*self.dismiss_reason.errors, DISMISS_WITHOUT_REASON]
            valid = False
        return valid

    @property
    def decision(self) -> Decision:
        return Decision.DISMISSED if self.do.data == "dismiss" else Decision.ACCEPTED


class ListForm(FlaskForm):
    """The list's filters and order, read from the query string (a GET: no CSRF)."""

    class Meta:
        csrf = False

    owner = SelectField("Owner", coerce=str, default="")
    state = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")] + [SelectChoice(s.value, s.label) for s in State],
        default="",
    )
    horizon = SelectField(
        "Horizon",
        choices=[SelectChoice("", "Any horizon")]
        + [SelectChoice(h.value, h.label) for h in Horizon],
        default="",
    )
    overdue = BooleanField("Overdue only")
    sort = SelectField(
        "Sort by", choices=[SelectChoice(k.value, k.label) for k in SortKey],
        default=SortKey.HORIZON.value,
    )  # fmt: skip
    dir = SelectField(
        "Order", choices=[SelectChoice("asc", "Ascending"), SelectChoice("desc", "Descending")],
        default="asc",
    )  # fmt: skip

    def query(self) -> ListQuery:
        owner = self.owner.data or ""
        return ListQuery(
            owner=int(owner) if owner else None,
            state=State(self.state.data) if self.state.data else None,
            horizon=Horizon(self.horizon.data) if self.horizon.data else None,
            overdue_only=bool(self.overdue.data),
            sort=SortKey(self.sort.data or SortKey.HORIZON.value),
            descending=self.dir.data == "desc",
        )

    def args(self) -> dict[str, str]:
        """The query string that gives this list again, without the defaults."""
        values = {
            "owner": self.owner.data or "",
            "state": self.state.data or "",
            "horizon": self.horizon.data or "",
            "overdue": "1" if self.overdue.data else "",
            "sort": "" if self.sort.data == SortKey.HORIZON.value else self.sort.data or "",
            "dir": "desc" if self.dir.data == "desc" else "",
        }
        return {name: value for name, value in values.items() if value}


def list_owner_choices(form: ListForm, people: list[User]) -> None:
    form.owner.choices = [SelectChoice("", "Anyone"), SelectChoice(str(NOBODY), "Nobody yet")] + [
        SelectChoice(str(person.id), person.name) for person in people
    ]


class CarryForm(FlaskForm):
    items = CheckboxesField("Open actions of the previous plan", coerce=database_id)


class NewItemForm(FlaskForm):
    title = StringField("Action", validators=[DataRequired(), Length(max=300)])
    description = TextAreaField("What it involves", validators=[Optional(), Length(max=NOTE_LIMIT)])
    addresses = CheckboxesField("Sub-barriers it addresses")
    horizon = RadioField(
        "When",
        choices=[SelectChoice(h.value, h.label) for h in Horizon],
        default=Horizon.NEXT.value,
    )
    owner = SelectField("Owner", coerce=database_id, default=NOBODY)
    due_date = DateField(
        "Due date", validators=[Optional()],
    )  # fmt: skip


def sub_barrier_choices(form: NewItemForm, questionnaire: Questionnaire) -> None:
    form.addresses.choices = [
        SelectChoice(sub.id, f"{area.title} › {sub.title}")
        for area in questionnaire.areas
        for sub in area.sub_barriers
    ]
