"""Loaded questionnaires: versions stored in the database, parsed on demand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import QuestionnaireVersion
from assessment.questionnaire import Questionnaire, load_questionnaire

_parsed: dict[str, Questionnaire] = {}


@dataclass(frozen=True)
class LoadResult:
    questionnaire: Questionnaire
    is_new: bool


def store_versions(session: DbSession, questionnaires: Iterable[Questionnaire]) -> list[LoadResult]:
    """Store each questionnaire's version unless it is known, and make it current.

    A version is its content hash, so an edited YAML file becomes a new version
    while audits stay pinned to the one they were taken with.
    """
    results = []
    for questionnaire in questionnaires:
        row = session.scalar(
            sa.select(QuestionnaireVersion).where(
                QuestionnaireVersion.content_hash == questionnaire.content_hash
            )
        )
        is_new = row is None
        if row is None:
            row = QuestionnaireVersion(
                key=questionnaire.id,
                version=questionnaire.version,
                content_hash=questionnaire.content_hash,
                title=questionnaire.title,
                yaml_text=questionnaire.yaml_text,
                source_name=questionnaire.source_name,
                question_count=len(questionnaire.questions),
            )
            session.add(row)
        session.execute(
            sa.update(QuestionnaireVersion)
            .where(QuestionnaireVersion.key == questionnaire.id)
            .values(is_current=QuestionnaireVersion.content_hash == questionnaire.content_hash)
        )
        results.append(LoadResult(questionnaire, is_new))
    session.commit()
    return results


def current_versions(session: DbSession) -> list[QuestionnaireVersion]:
    return list(
        session.scalars(
            sa.select(QuestionnaireVersion)
            .where(QuestionnaireVersion.is_current)
            .order_by(QuestionnaireVersion.title)
        )
    )


def all_versions(session: DbSession) -> list[QuestionnaireVersion]:
    return list(
        session.scalars(
            sa.select(QuestionnaireVersion).order_by(
                QuestionnaireVersion.key, QuestionnaireVersion.loaded_at
            )
        )
    )


def current_version(session: DbSession, key: str) -> QuestionnaireVersion | None:
    return session.scalar(
        sa.select(QuestionnaireVersion).where(
            QuestionnaireVersion.key == key, QuestionnaireVersion.is_current
        )
    )


def parse_version(row: QuestionnaireVersion) -> Questionnaire:
    """The questionnaire of a stored version; parsed once per process and hash."""
    parsed = _parsed.get(row.content_hash)
    if parsed is None:
        parsed = load_questionnaire(row.yaml_text, f"{row.key}@{row.content_hash[:12]}")
        _parsed[row.content_hash] = parsed
    return parsed
