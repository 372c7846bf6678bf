"""Check imported audits against the organisation and the questionnaires: every
problem is reported with its location, and an audit with any problem is not kept.

Pure: what the database knows (teams, loaded questionnaire versions, audits
already submitted) comes in as :class:`ImportRules`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from assessment.answers import (
    DONT_KNOW,
    DONT_KNOW_REFUSED,
    NOT_APPLICABLE,
    NOT_APPLICABLE_REFUSED,
    AnswerError,
    Response,
    parse_response,
)
from assessment.exports.cells import as_utc
from assessment.exports.rows import MULTIPLE_SEPARATOR
from assessment.exports.sources import Location, Problem, SourceAnswer, SourceAudit
from assessment.progress import missing_required
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import (
    MultipleChoiceQuestion,
    Question,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

IMPORT_TIME = time(12, 0)
"""A date without a time is taken as noon UTC: the same calendar day in nearly every time zone."""
TEAM_NAME_LIMIT = 200
DATE_HINT = "write dates as YYYY-MM-DD, such as 2026-05-11"
DONT_KNOW_CELLS = (DONT_KNOW, "don't know", "dont know")
"""What a CSV cell may say for "don't know"; the export writes ``dk``."""


@dataclass(frozen=True)
class KnownVersion:
    """A loaded questionnaire version: the database row's id and its questionnaire."""

    version_id: int
    questionnaire: Questionnaire


@dataclass(frozen=True)
class TeamDirectory:
    existing: Mapping[str, tuple[str, ...]]
    """Every team of the organisation: case-folded name -> the exact names that fold to it."""
    permitted: frozenset[str]
    """The exact names of the teams the user may import into."""
    may_create: bool = False
    unknown_hint: str = "an administrator can create it"
    archived: frozenset[str] = frozenset()
    """The exact names of archived teams: nothing is imported into them."""

    def resolve(self, name: str) -> tuple[str, bool] | str:
        """``(exact team name, is new)``, or the problem with the name.

        An exact match wins; otherwise a match ignoring case, if only one team has it.
        """
        key = name.casefold()
        if not key:
            return "the team is empty"
        matches = self.existing.get(key, ())
        if name in matches or len(matches) == 1:
            found = name if name in matches else matches[0]
            if found in self.archived:
                return f"team '{found}' is archived: an administrator can restore it"
            if found in self.permitted:
                return found, False
            return f"you can import only into teams you belong to, not into '{found}'"
        if matches:
            spelled = " or ".join(f"'{match}'" for match in matches)
            return f"team '{name}' could be {spelled}: write its name exactly"
        if not self.may_create:
            return f"unknown team '{name}': {self.unknown_hint}"
        if len(name) > TEAM_NAME_LIMIT:
            return f"the team name is longer than {TEAM_NAME_LIMIT} characters"
        return name, True


@dataclass(frozen=True)
class ImportRules:
    teams: TeamDirectory
    find_version: Callable[[str, str, str | None], KnownVersion | None]
    """(questionnaire id, version, content hash or None) -> the version to pin the audit to."""
    loaded: list[str]
    """The loaded questionnaires as "id version", for a hint."""
    submitted_days: frozenset[tuple[str, date]]
    """(case-folded team name, day) of the audits already submitted."""
    today: date


@dataclass(frozen=True)
class AuditToStore:
    label: str
    at: Location
    team: str
    is_new_team: bool
    submitted_at: datetime
    created_at: datetime
    version: KnownVersion
    responses: dict[str, Response]


def parse_moment(text: str) -> datetime:
    """``2026-05-11`` (noon UTC that day) or an ISO timestamp; raises ``ValueError``."""
    if len(text) == len("2026-05-11"):
        return datetime.combine(date.fromisoformat(text), IMPORT_TIME, tzinfo=UTC)
    try:
        return as_utc(datetime.fromisoformat(text))
    except OverflowError:  # such as year 1 at +01:00, before the first UTC moment
        raise ValueError(f"{text} is out of range") from None


def _moment(source: SourceAudit, rules: ImportRules) -> datetime | str:
    if not source.date:
        return f"the date is empty: {DATE_HINT}"
    try:
        moment = parse_moment(source.date)
    except ValueError:
        return f"'{source.date}' is not a date: {DATE_HINT}"
    if moment.date() > rules.today:
        return f"the date {moment.date().isoformat()} is in the future"
    return moment


def _version(source: SourceAudit, rules: ImportRules) -> KnownVersion | str:
    key, version = source.questionnaire_id, source.questionnaire_version
    if not key or not version:
        return "the questionnaire_id or questionnaire_version is empty"
    found = rules.find_version(key, version, source.content_hash)
    if found is None:
        loaded = ", ".join(rules.loaded) or "none"
        return f"questionnaire '{key}' version '{version}' is not loaded (loaded: {loaded})"
    return found


def answer_from_cell(question: Question, text: str) -> Any:
    """A CSV cell as the raw answer its question type takes: ``a|b`` -> ``["a", "b"]``."""
    if isinstance(question, TextQuestion):
        return text or None
    cell = text.strip()
    if not cell:
        return None
    if cell.lower() in (NOT_APPLICABLE, "n/a"):
        return NOT_APPLICABLE
    if cell.lower().replace("\u2019", "'") in DONT_KNOW_CELLS:
        return DONT_KNOW
    if isinstance(question, MultipleChoiceQuestion):
        parts = (part.strip().lower() for part in cell.split(MULTIPLE_SEPARATOR))
        return [part for part in parts if part]
    if isinstance(question, YesNoQuestion | SingleChoiceQuestion):
        return cell.lower()
    return cell


def _response(question: Question, answer: SourceAnswer) -> Response:
    if answer.from_text:
        raw = answer_from_cell(question, str(answer.value))
    elif answer.not_applicable:
        if not question.scored:
            raise AnswerError(NOT_APPLICABLE_REFUSED)
        raw = NOT_APPLICABLE
    elif answer.dont_know:
        if not question.scored:
            raise AnswerError(DONT_KNOW_REFUSED)
        raw = DONT_KNOW
    else:
        raw = answer.value
    return parse_response(question, raw, answer.comment)


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _shown_answer(answer: SourceAnswer) -> str:
    if answer.not_applicable:
        return "not applicable"
    return "don't know" if answer.dont_know else _shown(answer.value)


class _AuditCheck:
    """The checks of one audit, collecting its problems."""

    def __init__(self, source: SourceAudit, rules: ImportRules) -> None:
        self.source = source
        self.rules = rules
        self.problems: list[Problem] = []

    def fail(self, at: Location, message: str) -> None:
        self.problems.append(Problem(at, message))

    def responses(self, questionnaire: Questionnaire) -> tuple[dict[str, Response], set[str]]:
        """The answers that parse, and the ids of the questions whose answer did not."""
        responses: dict[str, Response] = {}
        failed: set[str] = set()
        seen: dict[str, Location] = {}
        for answer in self.source.answers:
            qid = answer.question_id
            question = questionnaire.questions.get(qid)
            if question is None:
                where = f"{questionnaire.id} {questionnaire.version}"
                self.fail(answer.at, f"question '{qid}' is not in questionnaire {where}")
            elif qid in seen:
                first = str(seen[qid]).lower()
                self.fail(
                    answer.at,
                    f"question '{qid}' is answered twice in audit "
                    f"'{self.source.label}' (first at {first})",
                )
            else:
                seen[qid] = answer.at
                try:
                    responses[qid] = _response(question, answer)
                except AnswerError as error:
                    failed.add(qid)
                    shown = _shown_answer(answer)
                    self.fail(answer.at, f"question '{qid}' (got '{shown}'): {error}")
        return responses, failed

    def required(
        self, questionnaire: Questionnaire, responses: dict[str, Response], failed: set[str]
    ) -> None:
        missing = [q.id for q in missing_required(questionnaire, responses) if q.id not in failed]
        if missing:
            self.fail(
                self.source.at,
                f"audit '{self.source.label}': {len(missing)} required "
                f"question(s) unanswered: {', '.join(missing)}",
            )

    def duplicate(self, team: str, moment: datetime) -> None:
        if (team, moment.date()) in self.rules.submitted_days:
            self.fail(
                self.source.at,
                f"probable duplicate: team '{team}' already has a "
                f"submitted audit on {moment.date().isoformat()}",
            )


def _created_at(source: SourceAudit, submitted_at: datetime) -> datetime:
    """When the audit was started: the JSON's ``created_at`` if it reads, else its submission."""
    try:
        return parse_moment(source.created_at) if source.created_at else submitted_at
    except ValueError:
        return submitted_at


def check_audit(
    source: SourceAudit, rules: ImportRules
) -> tuple[AuditToStore | None, list[Problem]]:
    """The audit ready to store, or ``None`` and its problems."""
    check = _AuditCheck(source, rules)
    team, moment, version = (
        rules.teams.resolve(source.team),
        _moment(source, rules),
        _version(source, rules),
    )
    for outcome in (team, moment, version):
        if isinstance(outcome, str):
            check.fail(source.at, f"audit '{source.label}': {outcome}")
    responses: dict[str, Response] = {}
    if isinstance(version, KnownVersion):
        responses, failed = check.responses(version.questionnaire)
        check.required(version.questionnaire, responses, failed)
    if isinstance(team, tuple) and isinstance(moment, datetime):
        check.duplicate(team[0], moment)
    if (
        check.problems
        or not isinstance(team, tuple)
        or not isinstance(moment, datetime)
        or not isinstance(version, KnownVersion)
    ):
        return None, check.problems
    return AuditToStore(
        source.label,
        source.at,
        team[0],
        team[1],
        moment,
        _created_at(source, moment),
        version,
        responses,
    ), []


def _same_day(audits: list[AuditToStore]) -> list[Problem]:
    """Two audits of the file for one team on one day: most likely the same audit twice."""
    first: dict[tuple[str, date], AuditToStore] = {}
    problems = []
    for audit in audits:
        key = (audit.team.casefold(), audit.submitted_at.date())
        earlier = first.setdefault(key, audit)
        if earlier is not audit:
            problems.append(
                Problem(
                    audit.at,
                    f"probable duplicate: audit '{audit.label}' has the same team and date "
                    f"as audit '{earlier.label}' ({str(earlier.at).lower()})",
                )
            )
    return problems


def validate(
    sources: list[SourceAudit], rules: ImportRules
) -> tuple[list[AuditToStore], list[Problem]]:
    """Every audit checked; the problems in the order of the file."""
    checked = [check_audit(source, rules) for source in sources]
    audits = [audit for audit, _ in checked if audit is not None]
    problems = [problem for _, found in checked for problem in found] + _same_day(audits)
    return audits, problems
