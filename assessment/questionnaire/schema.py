"""The questionnaire format as pydantic models.

Field validation and checks local to one object live here; checks that span the
whole document (duplicate ids, references, band coverage, condition cycles) live
in :mod:`assessment.questionnaire.checks`, which runs even when this schema fails
so that a file's problems are all reported at once.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assessment.questionnaire.audience import Audience, ItemKind, Respondent

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
Identifier = Annotated[
    str,
    Field(
        pattern=IDENTIFIER_PATTERN,
        max_length=64,
        description="lower-case letters, digits, '-', '_' and '.'",
    ),
]
Score = Annotated[float, Field(ge=0, le=100)]
Weight = Annotated[float, Field(gt=0)]
HexColour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
LIKERT_POINTS = 5
YES_NO_SCORES: dict[str, float] = {"yes": 100.0, "partly": 50.0, "no": 0.0}
NOT_APPLICABLE = "na"
DONT_KNOW = "dk"
"""The answers that say "not applicable" and "don't know" (see assessment/answers.py): an
option may not take either id, or choosing it would read as the marker."""


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(StrictModel):
    """Where a barrier or an action comes from: a document and a heading in it."""

    document: Identifier
    heading: str = Field(min_length=1)


class SourceDocument(StrictModel):
    title: str = Field(min_length=1)
    file: str | None = None


class Segment(StrictModel):
    """A group a campaign's respondent says they belong to (frontline, team lead …), so that
    the results can set the groups' views side by side."""

    id: Identifier
    label: str = Field(min_length=1, max_length=80)
    description: str | None = None


DEFAULT_SEGMENTS = (
    Segment(id="frontline", label="Frontline"),
    Segment(id="team-lead", label="Team lead"),
    Segment(id="leadership", label="Leadership"),
)
"""The segments of a questionnaire whose YAML names none."""


class Band(StrictModel):
    """A named score range; ``min`` is inclusive, ``max`` exclusive except at 100."""

    name: str = Field(min_length=1)
    min: Score
    max: Score
    colour: HexColour | None = None
    description: str | None = None


Labels = Annotated[list[str], Field(min_length=LIKERT_POINTS, max_length=LIKERT_POINTS)]
"""The five labels of a Likert scale, point 1 first."""


class LikertScale(StrictModel):
    labels: Labels


class Scale(StrictModel):
    likert: LikertScale


class ScoringRules(StrictModel):
    min_answers_per_area: int = Field(default=3, ge=1)
    default_target: Score = 70
    change_threshold: float = Field(default=5, gt=0, le=100)
    """How many points a score must move before a comparison calls it improved or declined."""
    dont_know_finding_share: float = Field(default=0.3, ge=0, le=1)
    """The share of a sub-barrier's shown scored questions answered "don't know" at which
    the results report it as a finding (at least one "don't know" is always needed)."""
    perception_gap_threshold: float = Field(default=10, gt=0, le=100)
    """How many points a segment's score (the manager's, leadership's) must differ from the
    rest of the team's before a campaign flags the perception gap."""


class Condition(StrictModel):
    """Show a question only when another question's answer satisfies one test."""

    question: Identifier
    equals: str | float | None = None
    in_: list[str | float] | None = Field(default=None, alias="in", min_length=1)
    includes: str | None = None
    at_least: float | None = None
    at_most: float | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one_test(self) -> Condition:
        tests = [self.equals, self.in_, self.includes, self.at_least, self.at_most]
        if sum(test is not None for test in tests) != 1:
            raise ValueError(
                "a condition needs exactly one of 'equals', 'in', 'includes', "
                "'at_least' or 'at_most'"
            )
        return self


class QuestionBase(StrictModel):
    id: Identifier
    text: str = Field(min_length=1)
    help: str | None = None
    required: bool = True
    allow_na: bool = False
    allow_dont_know: bool = False
    """Whether "don't know" (``"dk"``) is accepted; a check refuses it on text questions."""
    condition: Condition | None = None
    audience: Audience = Audience.BOTH
    team_member_text: str | None = Field(default=None, min_length=1)
    """The wording for team members, where it differs from ``text``."""
    team_member_help: str | None = None
    """The help for team members; without it they see ``help``."""
    kind: ItemKind = ItemKind.OPINION

    @property
    def scored(self) -> bool:
        return True

    def asked_of(self, respondent: Respondent) -> bool:
        return self.audience.includes(respondent)

    def text_for(self, respondent: Respondent) -> str:
        if respondent is Respondent.TEAM_MEMBER and self.team_member_text:
            return self.team_member_text
        return self.text

    def help_for(self, respondent: Respondent) -> str | None:
        if respondent is Respondent.TEAM_MEMBER and self.team_member_help:
            return self.team_member_help
        return self.help


class ScoredQuestion(QuestionBase):
    weight: Weight = 1.0
    reverse: bool = False


class LikertQuestion(ScoredQuestion):
    """Answered on a five-point scale: the document's ``scale``, or ``labels`` of its own
    (five labels, or the name of one of the document's ``label_sets``)."""

    type: Literal["likert"]
    labels: list[str] | str | None = None

    @field_validator("labels", mode="before")
    @classmethod
    def _five_labels_or_a_set(cls, labels: Any) -> Any:
        """One message for any wrong ``labels``, not one per branch of the union."""
        if isinstance(labels, list) and not all(isinstance(label, str) for label in labels):
            raise ValueError("every label must be text: quote numbers and words like yes or no")
        if labels is None or isinstance(labels, list) and len(labels) == LIKERT_POINTS:
            return labels
        if isinstance(labels, str) and re.fullmatch(IDENTIFIER_PATTERN, labels):
            return labels
        message = f"give exactly {LIKERT_POINTS} labels or the name of a label set"
        if isinstance(labels, list):
            message += f", not {len(labels)}"
        elif isinstance(labels, str):
            message += f"; '{labels}' is not a name: lower-case letters, digits, '-', '_', '.'"
        raise ValueError(message)


class YesNoQuestion(ScoredQuestion):
    """Answered yes, partly or no (100, 50 and 0 before any reversal)."""

    type: Literal["yes_no"]


class Option(StrictModel):
    id: Identifier
    label: str = Field(min_length=1)
    score: Score


class MultipleOption(Option):
    exclusive: bool = False


def _check_unique_options(options: list[Option] | list[MultipleOption]) -> None:
    seen: set[str] = set()
    for option in options:
        if option.id in seen:
            raise ValueError(f"option id '{option.id}' is used twice")
        seen.add(option.id)


class SingleChoiceQuestion(ScoredQuestion):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique_options(self) -> SingleChoiceQuestion:
        _check_unique_options(self.options)
        return self


class ScoreRule(StrEnum):
    SUM = "sum"
    MAX = "max"
    MEAN = "mean"


class MultipleChoiceQuestion(ScoredQuestion):
    """Several options may be picked; ``score_rule`` combines their scores.

    ``sum`` adds the picked options' scores and caps the total at 100, ``max``
    takes the best picked option, ``mean`` their average. An ``exclusive``
    option (such as "none of these") cannot be picked with any other.
    """

    type: Literal["multiple_choice"]
    options: list[MultipleOption] = Field(min_length=2)
    score_rule: ScoreRule

    @model_validator(mode="after")
    def _unique_options(self) -> MultipleChoiceQuestion:
        _check_unique_options(self.options)
        return self


class Threshold(StrictModel):
    at_least: float
    score: Score


class NumberQuestion(ScoredQuestion):
    """A number scored by thresholds: the last threshold the value reaches.

    A value below the first threshold takes the first threshold's score.
    """

    type: Literal["number"]
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    thresholds: list[Threshold] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> NumberQuestion:
        bounds = [t.at_least for t in self.thresholds]
        if any(b >= a for a, b in zip(bounds[1:], bounds)):
            raise ValueError("thresholds must be listed in strictly increasing 'at_least' order")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        return self


class TextQuestion(QuestionBase):
    """Free text: kept with the audit, never scored."""

    type: Literal["text"]
    required: bool = False
    multiline: bool = True

    @property
    def scored(self) -> bool:
        return False


Question = Annotated[
    LikertQuestion
    | YesNoQuestion
    | SingleChoiceQuestion
    | MultipleChoiceQuestion
    | NumberQuestion
    | TextQuestion,
    Field(discriminator="type"),
]


class SubBarrier(StrictModel):
    id: Identifier
    title: str = Field(min_length=1)
    description: str | None = None
    weight: Weight = 1.0
    target: Score | None = None
    source: Source | list[Source]
    questions: list[Question] = Field(min_length=1)

    @property
    def sources(self) -> list[Source]:
        return self.source if isinstance(self.source, list) else [self.source]


class Area(StrictModel):
    id: Identifier
    title: str = Field(min_length=1)
    description: str | None = None
    weight: Weight = 1.0
    min_answers: int | None = Field(default=None, ge=1)
    source: Source | list[Source] | None = None
    sub_barriers: list[SubBarrier] = Field(min_length=1)


class Timeframe(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class Effort(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Action(StrictModel):
    """A remediation action from the guidance, tied to the sub-barriers it addresses:
    mainly (``addresses``, primary) and less (``also_addresses``, secondary)."""

    id: Identifier
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    addresses: list[Identifier] = Field(min_length=1)
    also_addresses: list[Identifier] = Field(default_factory=list)
    steps: list[str] = Field(min_length=1)
    timeframe: Timeframe
    effort: Effort
    owner_role: str = Field(min_length=1)
    success_indicator: str = Field(min_length=1)
    source: Source | list[Source]

    @property
    def sources(self) -> list[Source]:
        return self.source if isinstance(self.source, list) else [self.source]


class QuestionnaireDocument(StrictModel):
    """The whole YAML document, as validated."""

    id: Identifier
    version: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1)
    description: str | None = None
    sources: dict[Identifier, SourceDocument] = Field(default_factory=dict)
    scale: Scale
    label_sets: dict[Identifier, Labels] = Field(default_factory=dict)
    """Named five-label scales a Likert question can name in its ``labels``."""
    bands: list[Band] = Field(min_length=1)
    scoring: ScoringRules = ScoringRules()
    segments: list[Segment] = Field(default_factory=lambda: list(DEFAULT_SEGMENTS), min_length=1)
    """The groups a campaign's respondents choose from; the manager's own answers are the
    ``manager`` segment besides these."""
    areas: list[Area] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)
