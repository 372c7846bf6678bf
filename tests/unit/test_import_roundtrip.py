"""Exported answers read back by the import as the very same responses, whatever they hold."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import Response, parse_response
from assessment.exports.csv_export import answers_csv
from assessment.exports.queries import AuditRecord
from assessment.exports.upload import read_upload
from assessment.exports.validation import validate
from assessment.questionnaire import Questionnaire, load_file
from assessment.questionnaire.schema import NumberQuestion, TextQuestion
from tests.conftest import EXAMPLE_YAML
from tests.strategies import candidate_answers
from tests.unit.test_import_csv import rules

EXAMPLE = load_file(EXAMPLE_YAML)
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t=+-@'\"|;,"),
    min_size=1,
)


def _answer(question: Any) -> st.SearchStrategy[Any]:
    if isinstance(question, TextQuestion):
        return TEXT
    options: list[Any] = candidate_answers(question) + (["na"] if question.allow_na else [])
    options += ["dk"] if question.allow_dont_know else []
    choices = st.sampled_from(options)
    if isinstance(question, NumberQuestion):
        low, high = question.min, question.max
        return choices | st.floats(low, high, allow_nan=False, allow_infinity=False)
    return choices


@st.composite
def complete_responses(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Response]:
    """Every question answered (or "not applicable" or "don't know"), each with or without a
    comment."""
    return {
        qid: parse_response(question, draw(_answer(question)), draw(st.none() | TEXT))
        for qid, question in questionnaire.questions.items()
    }


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(complete_responses(EXAMPLE))
def test_the_csv_round_trip_keeps_every_answer_and_comment(responses: dict[str, Response]) -> None:
    when = datetime(2026, 5, 11, 12, tzinfo=UTC)
    record = AuditRecord(7, "Acme", "Field Sales", when, EXAMPLE, responses)
    data = "".join(answers_csv([record])).encode("utf-8")
    sources, problems = read_upload("audits.csv", data)
    (audit,), invalid = validate(sources, rules(EXAMPLE))
    assert problems == invalid == []
    assert audit.responses == responses
    assert (audit.team, audit.submitted_at, audit.label) == ("Field Sales", when, "7")
