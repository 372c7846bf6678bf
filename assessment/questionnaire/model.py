"""A validated questionnaire with the look-ups the rest of the domain needs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import (
    Action,
    Area,
    Band,
    Condition,
    LikertQuestion,
    Question,
    QuestionnaireDocument,
    Segment,
    SubBarrier,
)

if TYPE_CHECKING:
    from assessment.questionnaire.loader import Issue


NO_BAND_COLOUR = "#98a2b3"
"""The grey of a score without a band (no data) or of a band the YAML gives no colour."""


def content_hash(text: str) -> str:
    """The version fingerprint of a questionnaire: SHA-256 of its YAML text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire as loaded: the validated document plus where it came from."""

    document: QuestionnaireDocument
    content_hash: str
    source_name: str = "<string>"
    yaml_text: str = field(default="", repr=False, compare=False)
    warnings: tuple[Issue, ...] = field(default=(), repr=False, compare=False)
    """Problems worth fixing that do not stop the questionnaire from loading."""

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def version(self) -> str:
        return self.document.version

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def areas(self) -> list[Area]:
        return self.document.areas

    @property
    def bands(self) -> list[Band]:
        return self.document.bands

    @property
    def actions(self) -> list[Action]:
        return self.document.actions

    @property
    def segments(self) -> list[Segment]:
        """The segments a campaign's respondent chooses from (the YAML's, or the defaults);
        the manager's own answers are the ``manager`` segment besides these."""
        return self.document.segments

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Every question by id, in questionnaire order."""
        return {q.id: q for area in self.areas for sub in area.sub_barriers for q in sub.questions}

    def questions_for(self, respondent: Respondent) -> dict[str, Question]:
        """The questions put to ``respondent`` (their audience includes them), by id."""
        return self._questions_by_respondent[respondent]

    @cached_property
    def _questions_by_respondent(self) -> dict[Respondent, dict[str, Question]]:
        return {
            respondent: {qid: q for qid, q in self.questions.items() if q.asked_of(respondent)}
            for respondent in Respondent
        }

    @cached_property
    def conditions(self) -> dict[str, Condition]:
        """The condition of each question that has one, by question id."""
        return {q.id: q.condition for q in self.questions.values() if q.condition is not None}

    @cached_property
    def sub_barriers(self) -> dict[str, SubBarrier]:
        return {sub.id: sub for area in self.areas for sub in area.sub_barriers}

    @cached_property
    def area_of_question(self) -> dict[str, Area]:
        return {
            q.id: area for area in self.areas for sub in area.sub_barriers for q in sub.questions
        }

    @cached_property
    def area_numbers(self) -> dict[str, int]:
        """The 1-based number of the area each question is in, as the audit pages count."""
        return {
            q.id: number
            for number, area in enumerate(self.areas, 1)
            for sub in area.sub_barriers
            for q in sub.questions
        }

    @cached_property
    def offers_dont_know(self) -> bool:
        """Whether any question accepts "don't know": pages then show its counts."""
        return any(q.allow_dont_know for q in self.questions.values())

    @property
    def scored_question_count(self) -> int:
        return sum(1 for q in self.questions.values() if q.scored)

    def labels_of(self, question: LikertQuestion) -> list[str]:
        """The five labels a Likert question is answered with, point 1 first: its own, the
        label set it names (the loader has checked the name), else the document's scale."""
        if isinstance(question.labels, str):
            return self.document.label_sets[question.labels]
        return question.labels or self.document.scale.likert.labels

    def band_for(self, score: float) -> Band:
        """The band a score falls in: ``min`` inclusive, ``max`` exclusive, 100 in the top band."""
        for band in self.bands:
            if band.min <= score < band.max:
                return band
        return max(self.bands, key=lambda band: band.max)

    def colour_of(self, band: str | None) -> str:
        """The colour of the band named ``band``: the one place pages and reports look it up."""
        return self.band_colours.get(band or "", NO_BAND_COLOUR)

    @cached_property
    def band_colours(self) -> dict[str, str]:
        """Every band's colour by name, grey where the YAML gives none."""
        return {band.name: band.colour or NO_BAND_COLOUR for band in self.bands}

    def target_for(self, sub_barrier: SubBarrier) -> float:
        if sub_barrier.target is not None:
            return sub_barrier.target
        return self.document.scoring.default_target

    def min_answers_for(self, area: Area) -> int:
        if area.min_answers is not None:
            return area.min_answers
        return self.document.scoring.min_answers_per_area
