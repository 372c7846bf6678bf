"""Loading questionnaires: every problem reported as FILE:LINE: message, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import QuestionnaireError, load_file, load_files, load_questionnaire
from tests.conftest import CRM_YAML, EXAMPLE_YAML

EXAMPLE = EXAMPLE_YAML.read_text()


def line_of(text: str, ending: str) -> int:
    """The 1-based number of the last line that ends with ``ending``."""
    return max(n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith(ending))


def issues_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "q.yaml")
    return [str(issue) for issue in caught.value.issues]


def test_the_example_and_the_crm_questionnaire_are_valid() -> None:
    assert load_questionnaire(EXAMPLE).id == "example"
    assert load_file(CRM_YAML).id == "crm-barriers"


def test_a_yaml_syntax_error_names_its_line() -> None:
    text = EXAMPLE.replace('version: "1.0"', 'version: ["1.0"')
    (issue,) = issues_of(text)
    assert issue.startswith("q.yaml:")
    assert "YAML syntax error" in issue


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [
        (
            "history.\n            weight: 2",
            "history.\n            wieght: 2",
            "wieght: 2",
            "question 'data-1': unknown key 'wieght'",
        ),
        (
            "    title: Silos and Internal Obstacles\n",
            "",
            "- id: silos",
            "area 'silos': missing required key 'title'",
        ),
        (
            "history.\n            weight: 2",
            "history.\n            weight: 0",
            "weight: 0",
            "question 'data-1', 'weight': Input should be greater than 0",
        ),
        (
            "{id: never, label: Never, score: 0}",
            "{id: never, label: Never}",
            "{id: never, label: Never}",
            "option 'never': missing required key 'score'",
        ),
        ("- id: silos-notes", "- id: silos-1", "- id: silos-1", "duplicate question id 'silos-1'"),
        (
            "{name: Weak, min: 40,",
            "{name: Weak, min: 45,",
            '"#c4430a"}',
            "bands leave a gap between 40 and 45",
        ),
        (
            "{name: Developing, min: 60,",
            "{name: Developing, min: 55,",
            '"#f7d940"}',
            "bands 'Weak' and 'Developing' overlap between 55 and 60",
        ),
        (
            "{question: research-1,",
            "{question: research-9,",
            "in: [yearly, quarterly]}",
            "question 'research-2' has a condition on unknown question 'research-9'",
        ),
        (
            "addresses: [data, org-silos]",
            "addresses: [data, org-silo]",
            "[data, org-silo]",
            "action 'single-customer-view' addresses unknown sub-barrier 'org-silo'",
        ),
        (
            "addresses: [data, org-silos]",
            "addresses: [data]\n    also_addresses: [org-silo]",
            "also_addresses: [org-silo]",
            "action 'single-customer-view' also addresses unknown sub-barrier 'org-silo'",
        ),
        (
            "addresses: [data, org-silos]",
            "addresses: [data, org-silos]\n    also_addresses: [research, org-silos]",
            "also_addresses: [research, org-silos]",
            (
                "action 'single-customer-view' names sub-barrier 'org-silos' in both "
                "'addresses' and 'also_addresses'"
            ),
        ),
        (
            "addresses: [data, org-silos]",
            "addresses: [data, org-silos, data]",
            "addresses: [data, org-silos, data]",
            "action 'single-customer-view' names sub-barrier 'data' twice in 'addresses'",
        ),
        (
            "type: multiple_choice",
            "type: checkboxes",
            "type: checkboxes",
            "question 'silos-2': unknown type 'checkboxes'",
        ),
        (
            '{document: seed-000, heading: "5. Silos and Internal Obstacles"}',
            '{document: seed-009, heading: "5. Silos and Internal Obstacles"}',
            'heading: "5. Silos and Internal Obstacles"}',
            "source document 'seed-009' is not under 'sources'",
        ),
        (
            "departments work together?\n",
            "departments work together?\n            allow_dont_know: true\n",
            "allow_dont_know: true",
            "question 'silos-notes': 'allow_dont_know' applies only to scored questions",
        ),
        (
            "  min_answers_per_area: 2\n",
            "  min_answers_per_area: 2\n  dont_know_finding_share: 1.5\n",
            "dont_know_finding_share: 1.5",
            "top level, 'scoring.dont_know_finding_share': Input should be less than or equal to 1",
        ),
    ],
)
def test_each_mistake_is_reported_with_its_line(
    old: str, new: str, anchor: str, message: str
) -> None:
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new, 1)
    issues = issues_of(text)
    expected = f"q.yaml:{line_of(text, anchor)}: {message}"
    assert any(issue.startswith(expected) for issue in issues), (expected, issues)


def test_conditions_that_form_a_cycle_are_reported() -> None:
    text = EXAMPLE.replace(
        "            text: How often does the team run customer research?\n",
        "            text: How often does the team run customer research?\n"
        "            condition: {question: research-2, at_least: 3}\n",
    )
    issues = issues_of(text)
    assert any(
        "conditions form a cycle: research-1 -> research-2 -> research-1" in i for i in issues
    )


def test_a_condition_testing_an_impossible_answer_is_reported() -> None:
    text = EXAMPLE.replace("in: [yearly, quarterly]", "in: [yearly, monthly]")
    assert any("'monthly' is never an answer to 'research-1'" in i for i in issues_of(text))


def test_every_problem_is_reported_in_one_run() -> None:
    text = (
        EXAMPLE.replace("history.\n            weight: 2", "history.\n            weight: -1")
        .replace("{id: never, label: Never, score: 0}", "{id: never, label: Never}")
        .replace("addresses: [data, org-silos]", "addresses: [data, nowhere]")
        .replace("{name: Weak, min: 40,", "{name: Weak, min: 45,")
        .replace("- id: silos-notes", "- id: silos-1")
    )
    issues = issues_of(text)
    assert len(issues) == 5, issues
    assert issues == sorted(issues, key=lambda issue: int(issue.split(":")[1]))


def test_duplicate_yaml_keys_are_reported() -> None:
    text = EXAMPLE.replace('version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n')
    line = line_of(text, 'version: "2.0"')
    assert f"q.yaml:{line}: duplicate key 'version'" in issues_of(text)


def test_a_python_object_tag_is_refused_not_constructed() -> None:
    issues = issues_of(
        EXAMPLE.replace(
            "title: Example CRM barrier check", 'title: !!python/object/apply:os.system ["true"]'
        )
    )
    assert issues and all("q.yaml:" in issue for issue in issues)


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "plain words\n"])
def test_documents_that_are_not_a_mapping_are_refused(text: str) -> None:
    (issue, *_) = issues_of(text)
    assert issue.startswith("q.yaml:1: ")


def test_number_thresholds_must_increase() -> None:
    text = EXAMPLE.replace("{at_least: 90, score: 100}", "{at_least: 40, score: 100}")
    assert any("strictly increasing" in issue for issue in issues_of(text))


def test_load_files_reports_all_files_and_clashing_ids(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE)
    (tmp_path / "b.yaml").write_text(
        EXAMPLE.replace("title: Example CRM barrier check", "title: Copy")
    )
    (tmp_path / "c.yml").write_text("id: [\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_files([tmp_path])
    messages = [str(issue) for issue in caught.value.issues]
    assert any(
        m.startswith(f"{tmp_path / 'b.yaml'}:1: questionnaire id 'example' is also used")
        for m in messages
    )
    assert any(m.startswith(f"{tmp_path / 'c.yml'}:") for m in messages)


def test_the_content_hash_changes_with_the_text() -> None:
    first = load_questionnaire(EXAMPLE)
    second = load_questionnaire(EXAMPLE + "\n# a comment\n")
    assert first.content_hash != second.content_hash
    assert len(first.content_hash) == 64


def test_merge_keys_and_unsafe_tags_are_problems_not_crashes() -> None:
    text = EXAMPLE.replace(
        "title: Example CRM barrier check\n",
        "title: Example CRM barrier check\nbase: &base {weight: 1}\nextra:\n  <<: *base\nname: !!python/name:os.system\n",
    )
    issues = issues_of(text)
    assert f"q.yaml:{line_of(text, '<<: *base')}: merge keys ('<<') are not supported" in issues
    assert any(
        "unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'" in i for i in issues
    )


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{question: research-1, equals: yes}", "true is read by YAML as a boolean: quote it"),
        ("{question: silos-2, equals: sales}", "use 'includes' to test a multiple-choice answer"),
        ("{question: data-2, at_least: 3}", "'at_least' and 'at_most' apply to likert and number"),
        ("{question: silos-2, includes: finance}", "'finance' is not an option of 'silos-2'"),
    ],
)
def test_conditions_that_can_never_hold_are_reported(condition: str, message: str) -> None:
    text = EXAMPLE.replace("{question: research-1, in: [yearly, quarterly]}", condition)
    assert any(message in issue for issue in issues_of(text)), issues_of(text)


SEGMENTS = (
    "segments:\n  - {id: frontline, label: Frontline}\n  - {id: leadership, label: Leadership}\n"
)


def with_segments(segments: str) -> str:
    return EXAMPLE.replace("scoring:\n", segments + "scoring:\n", 1)


def test_a_questionnaire_without_segments_offers_frontline_team_lead_and_leadership() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    assert [(s.id, s.label) for s in questionnaire.segments] == [
        ("frontline", "Frontline"),
        ("team-lead", "Team lead"),
        ("leadership", "Leadership"),
    ]
    assert [s.id for s in load_questionnaire(with_segments(SEGMENTS)).segments] == [
        "frontline",
        "leadership",
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{id: frontline, label: Again}",
            "duplicate segment id 'frontline'",
        ),
        (
            "{id: manager, label: Manager}",
            "segment 'manager' is the manager's own answers, added to every campaign: leave it out",
        ),
        (
            "{id: everyone, label: All}",
            "segment 'everyone' is a name the results give a group of segments",
        ),
        (
            "{id: rest-of-leadership, label: Others}",
            "segment 'rest-of-leadership' is a name the results give a group of segments",
        ),
        (
            "{id: sales, label: ''}",
            "segment 'sales', 'label': String should have at least 1 character",
        ),
    ],
)
def test_a_bad_segment_is_reported_with_its_line(entry: str, message: str) -> None:
    text = with_segments(SEGMENTS + f"  - {entry}\n")
    assert f"q.yaml:{line_of(text, entry)}: {message}" in "\n".join(issues_of(text))


def test_an_empty_list_of_segments_is_refused() -> None:
    text = with_segments("segments: []\n")
    (issue,) = issues_of(text)
    assert issue.startswith(f"q.yaml:{line_of(text, 'segments: []')}: ")
    assert "at least 1 item" in issue


@pytest.mark.parametrize("threshold", ["0", "-5", "101", "ten"])
def test_a_perception_gap_threshold_outside_0_to_100_is_refused(threshold: str) -> None:
    text = EXAMPLE.replace("scoring:\n", f"scoring:\n  perception_gap_threshold: {threshold}\n", 1)
    (issue,) = issues_of(text)
    anchor = f"perception_gap_threshold: {threshold}"
    assert issue.startswith(f"q.yaml:{line_of(text, anchor)}: ")
    assert "perception_gap_threshold" in issue
