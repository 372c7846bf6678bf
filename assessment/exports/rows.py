"""Export rows: one per answer (the CSV and the "Answers" sheet) and one per score
node (the "Scores" sheet), as typed values for the CSV and workbook writers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from assessment.answers import Response
from assessment.exports.cells import utc_day
from assessment.exports.queries import AuditRecord, PlanRecord, ScoreRecord
from assessment.findings import describe_answer
from assessment.models import ScoreLevel
from assessment.plans import is_overdue
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Question, SubBarrier
from assessment.scoring import QuestionScore, round_score, score_audit

CellValue = str | int | float | date | None

ANSWER_COLUMNS = [
    "organisation",
    "team",
    "audit",
    "date",
    "questionnaire_id",
    "questionnaire_version",
    "area",
    "sub_barrier",
    "question_id",
    "question_text",
    "answer",
    "score",
    "comment",
    "answer_label",
]
SCORE_COLUMNS = [
    "organisation",
    "team",
    "audit",
    "date",
    "questionnaire",
    "level",
    "area",
    "sub-barrier",
    "score",
    "band",
    "answered",
    "not applicable",
    "unanswered",
    "don't know",
    "answered by",
]
PLAN_COLUMNS = [
    "organisation",
    "team",
    "audit",
    "date",
    "priority",
    "action",
    "sub-barriers",
    "also helps with",
    "horizon",
    "lift",
    "decision",
    "status",
    "owner",
    "due date",
    "overdue",
    "dismissed because",
    "answered by",
]
ONE_PERSON = "one person"
MULTIPLE_SEPARATOR = "|"
SUB_BARRIER_SEPARATOR = "; "


def answered_by(respondents: int | None) -> str:
    """Who an audit's scores are from: one person, or a closed campaign's respondents (whose
    answers are never exported: a campaign's audit has no answer rows)."""
    if respondents is None:
        return ONE_PERSON
    return f"team campaign of {respondents} respondent{'s' if respondents != 1 else ''}"


def answer_value(response: Response) -> CellValue:
    """The machine value the import accepts: ``4``, ``yes``, ``a|b``, ``12.5``, ``na``,
    ``dk``, text."""
    if response.marker is not None:
        return response.marker
    value = response.value
    if isinstance(value, list):
        return MULTIPLE_SEPARATOR.join(value)
    return value


def _question_scores(record: AuditRecord) -> dict[str, QuestionScore]:
    return score_audit(record.questionnaire, record.responses).question_scores()


def _answered_questions(record: AuditRecord) -> Iterator[tuple[str, Question | None]]:
    """The answered questions in questionnaire order, then any the questionnaire lacks."""
    questions = record.questionnaire.questions
    yield from ((qid, q) for qid, q in questions.items() if qid in record.responses)
    yield from ((qid, None) for qid in record.responses if qid not in questions)


def answer_rows(record: AuditRecord) -> Iterator[list[CellValue]]:
    questionnaire = record.questionnaire
    scores = _question_scores(record)
    sub_titles = _sub_barrier_titles(questionnaire)
    head: list[CellValue] = [
        record.organisation,
        record.team,
        record.audit_id,
        utc_day(record.submitted_at),
        questionnaire.id,
        questionnaire.version,
    ]
    for question_id, question in _answered_questions(record):
        response = record.responses[question_id]
        area = questionnaire.area_of_question.get(question_id)
        scored = scores.get(question_id)
        yield head + [
            area.title if area else None,
            sub_titles.get(question_id),
            question_id,
            question.text if question else None,
            answer_value(response),
            round_score(scored.score) if scored and scored.score is not None else None,
            response.comment or None,
            describe_answer(questionnaire, question, response) if question else None,
        ]


_SUB_TITLES: dict[str, dict[str, str]] = {}


def _sub_barrier_titles(questionnaire: Questionnaire) -> dict[str, str]:
    """The title of each question's sub-barrier; worked out once per questionnaire version."""
    titles = _SUB_TITLES.get(questionnaire.content_hash)
    if titles is None:
        titles = {
            q.id: sub.title for sub in questionnaire.sub_barriers.values() for q in sub.questions
        }
        _SUB_TITLES[questionnaire.content_hash] = titles
    return titles


def score_row(record: ScoreRecord) -> list[CellValue]:
    questionnaire = record.questionnaire
    titles = {area.id: area.title for area in questionnaire.areas}
    subs = questionnaire.sub_barriers
    area, sub = None, None
    if record.level is ScoreLevel.AREA:
        area = titles.get(record.node_id, record.node_id)
    elif record.level is ScoreLevel.SUB_BARRIER:
        area = titles.get(record.parent_id or "", record.parent_id)
        sub = subs[record.node_id].title if record.node_id in subs else record.node_id
    return [
        record.organisation,
        record.team,
        record.audit_id,
        utc_day(record.submitted_at),
        f"{questionnaire.id} {questionnaire.version}",
        record.level.value.replace("_", "-"),
        area,
        sub,
        record.score,
        record.band,
        record.answered,
        record.not_applicable,
        record.unanswered,
        record.dont_know,
        answered_by(record.respondents),
    ]


def _titles(subs: Mapping[str, SubBarrier], ids: list[str]) -> str:
    """Sub-barrier titles (an id the questionnaire no longer has as itself), ``; `` between."""
    return SUB_BARRIER_SEPARATOR.join(subs[s].title if s in subs else s for s in ids)


def plan_row(record: PlanRecord, today: date) -> list[CellValue]:
    """One action of a plan; ``overdue`` is as of ``today`` (the day of the export)."""
    subs = record.questionnaire.sub_barriers
    overdue = is_overdue(record.decision, record.status, record.due_date, record.carried, today)
    return [
        record.organisation,
        record.team,
        record.audit_id,
        utc_day(record.submitted_at),
        record.rank,
        record.title,
        _titles(subs, record.addresses),
        _titles(subs, record.also_addresses),
        record.horizon.label,
        record.lift,
        record.decision.label,
        record.status.label,
        record.owner,
        record.due_date,
        "yes" if overdue else "no",
        record.dismiss_reason,
        answered_by(record.respondents),
    ]
