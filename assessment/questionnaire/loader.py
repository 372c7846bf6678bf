"""Load questionnaires from YAML and report every problem as ``FILE:LINE: message``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from assessment.questionnaire.checks import check_band_colours, check_document
from assessment.questionnaire.item_checks import check_items
from assessment.questionnaire.model import Questionnaire, content_hash
from assessment.questionnaire.schema import QuestionnaireDocument
from assessment.questionnaire.yaml_lines import LineMap, Path, load_yaml_with_lines

_KINDS = {
    "areas": "area",
    "sub_barriers": "sub-barrier",
    "questions": "question",
    "actions": "action",
    "options": "option",
    "bands": "band",
    "thresholds": "threshold",
    "segments": "segment",
}


LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPED_BREAKS = str.maketrans({c: c.encode("unicode_escape").decode() for c in LINE_BREAKS})


def one_line(text: str) -> str:
    """``text`` with its line breaks written as escapes (``\\n``): a value quoted in a
    message must not break the ``FILE:LINE: message`` line."""
    return text.translate(_ESCAPED_BREAKS)


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in a questionnaire file, located by file and line, on one line."""

    file: str
    line: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class QuestionnaireError(Exception):
    """Raised with every issue found, so they can be reported together."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sorted(set(issues))
        super().__init__("\n".join(str(issue) for issue in self.issues))


def describe(path: Path, data: Any) -> str:
    """Name the place a path points to by the ids found along it.

    ``('areas', 0, 'sub_barriers', 1, 'questions', 2, 'weight')`` becomes
    ``question 'cu-3', 'weight'`` when the data has those ids.
    """
    where = "top level"
    node = data
    field_path: list[str] = []
    for step in path:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            kind = _KINDS.get(str(field_path[-1]) if field_path else "", "item")
            name = node.get("id", node.get("name")) if isinstance(node, dict) else None
            where = f"{kind} '{name}'" if name is not None else f"{kind} #{step + 1}"
            field_path = []
        elif isinstance(node, dict) and step in node:
            node = node[step]
            field_path.append(str(step))
        else:
            field_path.append(str(step))
    if field_path and field_path[-1] in _KINDS:
        field_path = field_path[:-1] or field_path
    suffix = ".".join(field_path)
    return f"{where}, '{suffix}'" if suffix else where


def _schema_message(error: Any, data: Any, path: Path) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return f"{describe(path, data)}: missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        return f"{describe(path[:-1], data)}: unknown key '{loc[-1]}'"
    if kind == "union_tag_invalid":
        expected = error["ctx"]["expected_tags"].replace("'", "")
        return f"{describe(path[:-1], data)}: unknown type '{error['ctx']['tag']}' (expected one of {expected})"
    message = error["msg"]
    message = message.removeprefix("Value error, ")
    return f"{describe(path, data)}: {message}"


def _schema_issues(
    data: Any, lines: LineMap, file: str
) -> tuple[QuestionnaireDocument | None, list[Issue]]:
    try:
        return QuestionnaireDocument.model_validate(data), []
    except ValidationError as error:
        issues = []
        for detail in error.errors():
            loc = tuple(detail["loc"])
            if detail["type"] == "union_tag_invalid":
                loc += ("type",)  # point at the offending `type:` line
            path = lines.resolve(loc)
            issues.append(Issue(file, lines.line_of(path), _schema_message(detail, data, path)))
        return None, issues


def load_questionnaire(text: str, file: str = "<string>") -> Questionnaire:
    """Validate YAML text and return the questionnaire, or raise with every issue."""
    data, lines, problems = load_yaml_with_lines(text)
    issues = [Issue(file, p.line, p.message) for p in problems]
    if data is None:
        raise QuestionnaireError(issues)
    if not isinstance(data, dict):
        raise QuestionnaireError(
            issues + [Issue(file, 1, "the document must be a mapping of keys")]
        )
    document, schema_issues = _schema_issues(data, lines, file)
    issues += schema_issues
    issues += [
        Issue(file, lines.line_of(finding.path), finding.message)
        for finding in check_document(data) + check_items(data)
    ]
    if issues or document is None:
        raise QuestionnaireError(issues)
    warnings = sorted(
        Issue(file, lines.line_of(finding.path), finding.message)
        for finding in check_band_colours(data)
    )
    return Questionnaire(document, content_hash(text), file, text, tuple(warnings))


def load_file(path: FilePath) -> Questionnaire:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError([Issue(str(path), 1, f"cannot read the file: {error}")]) from error
    return load_questionnaire(text, str(path))


def questionnaire_files(paths: Iterable[FilePath]) -> list[FilePath]:
    """Expand directories to the YAML files inside them, sorted by name."""
    files: list[FilePath] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def load_files(paths: Iterable[FilePath]) -> list[Questionnaire]:
    """Load several files; raise once with the issues of all of them.

    Two files declaring the same questionnaire id is an issue of its own.
    """
    loaded: list[Questionnaire] = []
    issues: list[Issue] = []
    for path in questionnaire_files(paths):
        try:
            questionnaire = load_file(path)
        except QuestionnaireError as error:
            issues += error.issues
            continue
        clash = next((q for q in loaded if q.id == questionnaire.id), None)
        if clash is not None:
            issues.append(
                Issue(
                    str(path),
                    1,
                    f"questionnaire id '{questionnaire.id}' is also used by {clash.source_name}",
                )
            )
            continue
        loaded.append(questionnaire)
    if issues:
        raise QuestionnaireError(issues)
    return loaded
