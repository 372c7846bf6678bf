"""Items that fit who answers them and what they ask: audiences, team-member wording,
kinds and label sets, each problem reported as FILE:LINE: message."""

from __future__ import annotations

import pytest

from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.questionnaire.audience import Audience, Respondent
from assessment.questionnaire.schema import LikertQuestion
from tests.conftest import AUDIENCES_YAML, EXAMPLE_YAML
from tests.unit.test_loader import issues_of, line_of

AUDIENCES = AUDIENCES_YAML.read_text()
MANAGER_ONLY = "            audience: manager\n"
FOLLOW_2_LABELS = "            labels: frequency\n"
FEEDBACK_1_TYPE = "          - id: feedback-1\n            type: yes_no\n"


def reported(text: str, anchor: str, message: str) -> None:
    """``text`` fails to load with ``message`` on the line that ends with ``anchor``."""
    issues = issues_of(text)
    assert f"q.yaml:{line_of(text, anchor)}: {message}" in issues, issues


def test_the_audiences_example_loads_with_its_keys(audiences: Questionnaire) -> None:
    questions = audiences.questions
    assert [q.audience for q in questions.values()] == [
        Audience.MANAGER,
        Audience.BOTH,
        Audience.TEAM_MEMBER,
        Audience.BOTH,
        Audience.BOTH,
    ]
    assert [q.kind for q in questions.values()] == [
        "fact",
        "frequency",
        "opinion",
        "fact",
        "opinion",
    ]
    assert audiences.warnings == ()


def test_a_label_set_name_gives_the_question_its_five_labels(audiences: Questionnaire) -> None:
    follow, feedback = audiences.questions["follow-2"], audiences.questions["feedback-2"]
    assert isinstance(follow, LikertQuestion) and isinstance(feedback, LikertQuestion)
    assert audiences.labels_of(follow) == ["Never", "Rarely", "Sometimes", "Often", "Always"]
    assert audiences.labels_of(feedback)[4] == "Strongly agree"


def test_a_question_without_an_audience_is_for_everyone(example: Questionnaire) -> None:
    assert all(q.audience is Audience.BOTH for q in example.questions.values())
    assert all(q.kind == "opinion" for q in example.questions.values())


@pytest.mark.parametrize(
    ("audience", "manager", "team_member"),
    [("manager", True, False), ("team_member", False, True), ("both", True, True)],
)
def test_an_audience_includes_its_respondents(
    audience: str, manager: bool, team_member: bool
) -> None:
    assert Audience(audience).includes(Respondent.MANAGER) is manager
    assert Audience(audience).includes(Respondent.TEAM_MEMBER) is team_member


def test_team_members_read_their_own_wording_where_there_is_one(
    audiences: Questionnaire,
) -> None:
    follow, feedback = audiences.questions["follow-2"], audiences.questions["feedback-2"]
    assert follow.text_for(Respondent.MANAGER).startswith("Team members call or write")
    assert follow.text_for(Respondent.TEAM_MEMBER).startswith("Of your last 10 sales")
    assert follow.help_for(Respondent.MANAGER) == "Automated emails do not count."
    assert follow.help_for(Respondent.TEAM_MEMBER).startswith("Count your own calls")
    assert feedback.text_for(Respondent.TEAM_MEMBER) == (
        "Customer feedback changed how I work in the last six months."
    )
    assert feedback.help_for(Respondent.TEAM_MEMBER) is None


def test_an_unknown_label_set_name_is_reported() -> None:
    text = AUDIENCES.replace(FOLLOW_2_LABELS, "            labels: frequncy\n")
    reported(
        text,
        "labels: frequncy",
        "question 'follow-2': label set 'frequncy' is not under 'label_sets'",
    )


@pytest.mark.parametrize(
    ("labels", "problem"),
    [
        ("[Never, Sometimes, Always]", "give exactly 5 labels or the name of a label set, not 3"),
        (
            "Frequency",
            (
                "give exactly 5 labels or the name of a label set; "
                "'Frequency' is not a name: lower-case letters, digits, '-', '_', '.'"
            ),
        ),
        ("{often: 4}", "give exactly 5 labels or the name of a label set"),
        (
            "[No, Rarely, Sometimes, Often, Yes]",
            "every label must be text: quote numbers and words like yes or no",
        ),
    ],
)
def test_labels_must_be_five_texts_or_the_name_of_a_set(labels: str, problem: str) -> None:
    text = AUDIENCES.replace(FOLLOW_2_LABELS, f"            labels: {labels}\n")
    assert issues_of(text) == [
        f"q.yaml:{line_of(text, labels)}: question 'follow-2', 'labels': {problem}"
    ]


def test_a_label_set_needs_five_labels() -> None:
    text = AUDIENCES.replace(
        "frequency: [Never, Rarely, Sometimes, Often, Always]", "frequency: [Never, Always]"
    )
    reported(
        text,
        "frequency: [Never, Always]",
        "top level, 'label_sets.frequency': List should have at least 5 items after validation, not 2",
    )


@pytest.mark.parametrize("key", ["team_member_text: I follow up.", "team_member_help: Count."])
def test_team_member_wording_on_a_manager_only_item_is_reported(key: str) -> None:
    text = AUDIENCES.replace(MANAGER_ONLY, f"{MANAGER_ONLY}            {key}\n")
    name = key.split(":")[0]
    reported(
        text,
        key,
        f"question 'follow-1' is for managers only (audience: manager), "
        f"so its '{name}' would never be shown",
    )


def test_an_unknown_audience_is_reported() -> None:
    text = AUDIENCES.replace(MANAGER_ONLY, "            audience: managers\n")
    reported(
        text,
        "audience: managers",
        "question 'follow-1', 'audience': Input should be 'manager', 'team_member' or 'both'",
    )


@pytest.mark.parametrize(
    "labels",
    [
        "",  # the document's scale: Strongly disagree … Strongly agree
        "            labels: agreement\n",
        "            labels: [Disagree, Somewhat disagree, Unsure, Somewhat agree, Agree]\n",
    ],
)
def test_a_frequency_item_on_an_agree_scale_is_reported(labels: str) -> None:
    text = AUDIENCES.replace(FOLLOW_2_LABELS, labels).replace(
        "label_sets:\n", "label_sets:\n  agreement: [No, Hardly, Partly, Mostly, Agree fully]\n"
    )
    reported(
        text,
        "kind: frequency",
        "question 'follow-2' asks how often (kind: frequency) but is on an agree scale: "
        "give it frequency labels (such as 'Never' to 'Always') or make it a choice",
    )


def test_a_fact_on_a_likert_scale_is_reported() -> None:
    text = AUDIENCES.replace(FEEDBACK_1_TYPE, FEEDBACK_1_TYPE.replace("yes_no", "likert"))
    reported(
        text,
        "kind: fact",
        "question 'feedback-1' asks for a fact (kind: fact), which a likert scale cannot "
        "answer: make it yes_no, single_choice, multiple_choice or number",
    )


def test_a_condition_on_an_item_some_respondents_never_answer_is_reported() -> None:
    text = AUDIENCES.replace(
        FOLLOW_2_LABELS,
        FOLLOW_2_LABELS + "            condition: {question: follow-1, at_least: 10}\n",
    )
    reported(
        text,
        "condition: {question: follow-1, at_least: 10}",
        "question 'follow-2' is for managers and team members but its condition names "
        "'follow-1', which only managers answer: team members would never see it",
    )


def test_a_team_member_item_may_depend_on_an_item_for_both() -> None:
    text = AUDIENCES.replace(
        "            audience: team_member\n",
        "            audience: team_member\n            condition: {question: follow-2, at_most: 3}\n",
    )
    assert load_questionnaire(text).questions["follow-3"].condition is not None


@pytest.mark.parametrize(("ident", "answer"), [("na", "not applicable"), ("dk", "don't know")])
def test_an_option_may_not_take_the_id_of_not_applicable_or_dont_know(
    ident: str, answer: str
) -> None:
    text = EXAMPLE_YAML.read_text().replace(
        "{id: never, label: Never, score: 0}", f"{{id: {ident}, label: Never, score: 0}}"
    )
    reported(
        text,
        f"{{id: {ident}, label: Never, score: 0}}",
        f"option id '{ident}' is the answer \"{answer}\": choose another id",
    )
