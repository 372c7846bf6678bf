"""YAML that would hang or exhaust the loader is reported as ``FILE:LINE: message``:
self-referencing aliases, nesting past a sane depth, alias expansion bombs; and every
message stays on one line, whatever the values it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import QuestionnaireError, load_questionnaire
from assessment.questionnaire.yaml_lines import MAX_DEPTH, MAX_VALUES, load_yaml_with_lines
from tests.conftest import CRM_YAML, EXAMPLE_YAML

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=False)
    ]
)


def issues_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "q.yaml")
    lines = str(caught.value).splitlines()
    assert lines == [str(issue) for issue in caught.value.issues]  # one line each
    return lines


def test_an_alias_inside_its_own_value_is_reported_on_its_line() -> None:
    assert (
        "q.yaml:2: an alias refers to a value that contains it, so it would never end"
        in issues_of("title: x\nid: &a [*a]\n")
    )


def test_a_mapping_containing_itself_is_reported_too() -> None:
    issues = issues_of("id: x\nloop: &m\n  again: *m\n")
    assert any(
        i.startswith("q.yaml:2: an alias refers to a value that contains it") for i in issues
    )


def test_nesting_past_the_limit_is_reported_on_the_line_it_starts() -> None:
    deep = "id: x\nareas:\n" + "".join("  " * n + "- \n" for n in range(1, MAX_DEPTH + 5))
    issues = issues_of(deep)
    assert any(f"values nest deeper than {MAX_DEPTH} levels" in issue for issue in issues)


def test_nesting_deeper_than_python_can_compose_is_a_problem_not_a_traceback() -> None:
    text = "id: x\nareas: " + "[" * 600 + "]" * 600 + "\n"
    (issue,) = issues_of(text)
    assert issue == f"q.yaml:2: values nest deeper than {MAX_DEPTH} levels"


def test_a_billion_laughs_is_refused_without_expanding_it() -> None:
    assert len(BILLION_LAUGHS) < 1200  # a 9**9 expansion in about a kilobyte
    issues = issues_of(BILLION_LAUGHS)
    bomb = [issue for issue in issues if f"aliases expand to more than {MAX_VALUES:,}" in issue]
    assert len(bomb) == 1 and bomb[0].startswith("q.yaml:")


@pytest.mark.parametrize("path", [CRM_YAML, EXAMPLE_YAML], ids=["crm", "example"])
def test_real_questionnaires_stay_far_inside_the_limits(path: Path) -> None:
    _, lines, problems = load_yaml_with_lines(path.read_text())
    assert problems == [] and len(lines.lines) < MAX_VALUES / 20
    assert max(len(p) for p in lines.lines) < MAX_DEPTH / 2


@pytest.mark.parametrize(
    "text",
    [
        'id: x\n"dup\\nkey": 1\n"dup\\nkey": 2\n',
        'id: "a\\nb"\ntitle: t\nversion: "1"\nareas: []\n',
        'id: x\n"bad\\u2028tag": !!python/object:os.system "a\\rb"\n',
    ],
    ids=["duplicate-key", "id-in-a-message", "tag"],
)
def test_every_message_stays_on_one_line(text: str) -> None:
    assert all("\n" not in issue and "\r" not in issue for issue in issues_of(text))
