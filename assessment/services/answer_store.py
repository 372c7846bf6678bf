"""A draft audit's answers read and written as plain rows, without ORM objects.

An area page reads its audit's answers on every GET and a save writes one page of
them; loading 45 ``Answer`` objects and letting the unit of work compare them cost
more than the rest of the save (see docs/performance.md). Which rows a page of
responses inserts, updates and deletes is one rule, :func:`answer_writes`, which
:func:`write_responses` also follows for lists of ORM answers (a campaign
respondent's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa

from assessment.answers import Response
from assessment.extensions import DbSession
from assessment.models import Answer
from assessment.services.bulk import insert_rows, table_of

_ANSWERS = table_of(Answer)
_RESPONSES = sa.select(
    _ANSWERS.c.question_id,
    _ANSWERS.c.value,
    _ANSWERS.c.not_applicable,
    _ANSWERS.c.comment,
    _ANSWERS.c.dont_know,
).where(_ANSWERS.c.audit_id == sa.bindparam("audit_id"))
_UPDATE = (
    sa.update(_ANSWERS)
    .where(
        _ANSWERS.c.audit_id == sa.bindparam("b_audit_id"),
        _ANSWERS.c.question_id == sa.bindparam("b_question_id"),
    )
    .values(
        value=sa.bindparam("value", type_=_ANSWERS.c.value.type),
        not_applicable=sa.bindparam("not_applicable"),
        dont_know=sa.bindparam("dont_know"),
        comment=sa.bindparam("comment"),
    )
)
_DELETE = sa.delete(_ANSWERS).where(
    _ANSWERS.c.audit_id == sa.bindparam("audit_id"),
    _ANSWERS.c.question_id.in_(sa.bindparam("question_ids", expanding=True)),
)
"""Statements built once: building them on every request cost more than running them."""


def stored_responses(session: DbSession, audit_id: int) -> dict[str, Response]:
    """An audit's stored answers as responses by question id (``audits.responses_of``
    without loading the audit's ``Answer`` objects)."""
    rows = session.execute(_RESPONSES, {"audit_id": audit_id})
    return {
        question_id: Response(value, not_applicable, comment, dont_know)
        for question_id, value, not_applicable, comment, dont_know in rows
    }


@dataclass(frozen=True)
class AnswerWrites:
    """What storing a page of responses changes in the stored answers."""

    insert: dict[str, Response] = field(default_factory=dict)
    update: dict[str, Response] = field(default_factory=dict)
    delete: list[str] = field(default_factory=list)


def answer_writes(saved: Mapping[str, Response], responses: Mapping[str, Response]) -> AnswerWrites:
    """The rows to write so that ``responses`` are stored over ``saved``: a blank response
    without a comment removes its answer, an unchanged one writes nothing."""
    writes = AnswerWrites()
    for question_id, response in responses.items():
        before = saved.get(question_id)
        if not response.is_responded and not response.comment:
            if before is not None:
                writes.delete.append(question_id)
        elif before is None:
            writes.insert[question_id] = response
        elif before != response:
            writes.update[question_id] = response
    return writes


def write_answers(session: DbSession, audit_id: int, writes: AnswerWrites) -> None:
    """Apply ``writes`` to the audit's answer rows; the caller holds the audit's revision
    (so no other save writes them meanwhile) and commits."""
    if writes.delete:
        session.execute(_DELETE, {"audit_id": audit_id, "question_ids": writes.delete})
    rows = [
        {"audit_id": audit_id, "question_id": question_id, **answer_columns(response)}
        for question_id, response in writes.insert.items()
    ]
    insert_rows(session, Answer, rows)
    if writes.update:
        changed = [
            {"b_audit_id": audit_id, "b_question_id": question_id, **answer_columns(response)}
            for question_id, response in writes.update.items()
        ]
        session.execute(_UPDATE, changed)


def answer_columns(response: Response) -> dict[str, Any]:
    """A response as an answer row's columns: the one place a response becomes columns."""
    return {
        "value": response.value,
        "not_applicable": response.not_applicable,
        "dont_know": response.dont_know,
        "comment": response.comment,
    }


_Stored = TypeVar("_Stored", bound="StoredAnswer")


class StoredAnswer(Protocol):
    """The columns of a stored answer: an audit's (``Answer``) or a campaign respondent's."""

    value: Any
    not_applicable: bool
    dont_know: bool
    comment: str | None


class KeyedAnswer(StoredAnswer, Protocol):
    question_id: str


def response_of(answer: StoredAnswer) -> Response:
    """A stored answer as a response: the reverse of :func:`store_response`."""
    return Response(answer.value, answer.not_applicable, answer.comment, answer.dont_know)


def responses_from(answers: Iterable[KeyedAnswer]) -> dict[str, Response]:
    """Stored answers (an audit's or a campaign respondent's) as responses by question id."""
    return {answer.question_id: response_of(answer) for answer in answers}


def store_response(answer: _Stored, response: Response) -> _Stored:
    """Write a response into an answer row (see :func:`answer_columns`)."""
    for column, value in answer_columns(response).items():
        setattr(answer, column, value)
    return answer


def new_answer(question_id: str, response: Response) -> Answer:
    return store_response(Answer(question_id=question_id), response)


_Keyed = TypeVar("_Keyed", bound="KeyedAnswer")


def write_responses(
    answers: list[_Keyed], responses: Mapping[str, Response], new: Callable[..., _Keyed]
) -> None:
    """Write responses into a list of stored answers (a campaign respondent's) as
    :func:`answer_writes` says; ``new(question_id=...)`` makes a missing one."""
    existing = {answer.question_id: answer for answer in answers}
    writes = answer_writes(responses_from(answers), responses)
    for question_id in writes.delete:
        answers.remove(existing[question_id])
    for question_id, response in writes.insert.items():
        answers.append(store_response(new(question_id=question_id), response))
    for question_id, response in writes.update.items():
        store_response(existing[question_id], response)
