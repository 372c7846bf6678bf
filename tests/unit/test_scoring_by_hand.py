"""Every reported number, recomputed by hand from docs/scoring.md.

``by_hand`` is a second, independent implementation of the method: it reads the
questionnaire's YAML as plain data (not our pydantic models), computes with
``Fraction`` and rounds half up with ``Decimal``, exactly as docs/scoring.md says a
consultant checking a report would. Hypothesis then throws random answer sets,
and questionnaires with awkward decimal weights and option scores, at both
implementations and asks for the same numbers everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import parse_responses
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.scoring import ScoreStatus, score_audit
from tests.conftest import CRM_YAML, EXAMPLE_YAML
from tests.strategies import answers_strategy

LIKERT = {1: 0, 2: 25, 3: 50, 4: 75, 5: 100}
YES_NO = {"yes": 100, "partly": 50, "no": 0}
PRECISE = Context(prec=80)


def num(value: Any) -> Fraction:
    """A YAML number as the decimal written in the file."""
    return Fraction(str(value))


def half_up(value: Fraction, places: str) -> float:
    digits = PRECISE.divide(Decimal(value.numerator), Decimal(value.denominator))
    return float(digits.quantize(Decimal(places), rounding=ROUND_HALF_UP))


STATUSES = ("answered", "not_applicable", "unanswered", "dont_know")
"""The statuses a question's completeness counts, in the order of ``counts``."""


class ByHand:
    """docs/scoring.md, followed step by step."""

    def __init__(self, document: dict[str, Any], answers: dict[str, Any]) -> None:
        self.doc = document
        self.answers = answers
        self.questions = {
            q["id"]: q
            for area in document["areas"]
            for sub in area["sub_barriers"]
            for q in sub["questions"]
        }
        self.shown_cache: dict[str, bool] = {}

    def answered(self, qid: str) -> bool:
        value = self.answers.get(qid)
        return value is not None and value not in ("na", "dk") and value != []

    def holds(self, condition: dict[str, Any]) -> bool:
        if not self.answered(condition["question"]):
            return False
        value = self.answers[condition["question"]]
        if "includes" in condition:
            return isinstance(value, list) and condition["includes"] in value
        if isinstance(value, list):
            return False
        if "equals" in condition:
            return value == condition["equals"]
        if "in" in condition:
            return value in condition["in"]
        if isinstance(value, str):
            return False
        if "at_least" in condition:
            return num(value) >= num(condition["at_least"])
        return num(value) <= num(condition["at_most"])

    def shown(self, qid: str) -> bool:
        if qid not in self.shown_cache:
            condition = self.questions[qid].get("condition")
            self.shown_cache[qid] = condition is None or (
                self.shown(condition["question"]) and self.holds(condition)
            )
        return self.shown_cache[qid]

    def status(self, q: dict[str, Any]) -> str:
        if q["type"] == "text":
            return "not_scored"
        if q.get("audience") == "team_member" or not self.shown(q["id"]):
            return "hidden"  # an audit is a manager's: items for team members only are hidden
        if self.answers.get(q["id"]) == "na":
            return "not_applicable"
        if self.answers.get(q["id"]) == "dk":
            return "dont_know"
        return "answered" if self.answered(q["id"]) else "unanswered"

    def raw(self, q: dict[str, Any], value: Any) -> Fraction:
        kind = q["type"]
        if kind == "likert":
            return Fraction(LIKERT[int(value)])
        if kind == "yes_no":
            return Fraction(YES_NO[value])
        if kind == "single_choice":
            return next(num(o["score"]) for o in q["options"] if o["id"] == value)
        if kind == "multiple_choice":
            picked = [num(o["score"]) for o in q["options"] if o["id"] in value]
            rule = q["score_rule"]
            if rule == "sum":
                return min(Fraction(100), sum(picked, Fraction(0)))
            if rule == "max":
                return max(picked)
            return sum(picked, Fraction(0)) / len(picked)
        reached = [t for t in q["thresholds"] if num(value) >= num(t["at_least"])]
        return num((reached[-1] if reached else q["thresholds"][0])["score"])

    def question(self, q: dict[str, Any]) -> tuple[str, Fraction | None]:
        status = self.status(q)
        if status != "answered":
            return status, None
        raw = self.raw(q, self.answers[q["id"]])
        return status, 100 - raw if q.get("reverse") else raw

    @staticmethod
    def mean(pairs: list[tuple[Fraction, Any]]) -> Fraction | None:
        total = sum((num(w) for _, w in pairs), Fraction(0))
        return sum((s * num(w) for s, w in pairs), Fraction(0)) / total if pairs else None

    def band(self, reported: float) -> str:
        for band in self.doc["bands"]:
            if num(band["min"]) <= num(reported) < num(band["max"]):
                return band["name"]
        return max(self.doc["bands"], key=lambda b: num(b["max"]))["name"]

    def node(self, status: str, value: Fraction | None, counts: list[int]) -> dict[str, Any]:
        answered, na, unanswered, dont_know = counts
        total = answered + na + unanswered + dont_know
        fraction = Fraction(1) if total == 0 else Fraction(answered + na + dont_know, total)
        reported = None if value is None else half_up(value, "0.1")
        return {
            "status": status,
            "score": reported,
            "band": None if reported is None else self.band(reported),
            "counts": (answered, na, unanswered, dont_know, total, half_up(fraction, "0.001")),
        }

    def compute(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        area_scores = []
        all_counts = [0, 0, 0, 0]
        rules = self.doc.get("scoring", {})
        for area in self.doc["areas"]:
            sub_scores, area_counts = [], [0, 0, 0, 0]
            for sub in area["sub_barriers"]:
                counts, pairs = [0, 0, 0, 0], []
                for q in sub["questions"]:
                    status, score = self.question(q)
                    out[f"q:{q['id']}"] = (
                        status,
                        None if score is None else half_up(score, "0.1"),
                    )
                    for i, name in enumerate(STATUSES):
                        counts[i] += status == name
                    if score is not None:
                        pairs.append((score, q.get("weight", 1)))
                value = self.mean(pairs)
                status = "no_data" if value is None else "scored"
                out[f"s:{sub['id']}"] = self.node(status, value, counts)
                if value is not None:
                    sub_scores.append((value, sub.get("weight", 1)))
                area_counts = [a + b for a, b in zip(area_counts, counts, strict=True)]
            answerable = area_counts[0] + area_counts[2] + area_counts[3]  # not "na"
            minimum = area.get("min_answers", rules.get("min_answers_per_area", 3))
            threshold = min(minimum, answerable)
            if answerable == 0:
                status, value = "no_data", None
            elif area_counts[0] < threshold:
                status, value = "insufficient_data", None
            else:
                status, value = "scored", self.mean(sub_scores)
                area_scores.append((value, area.get("weight", 1)))
            out[f"a:{area['id']}"] = self.node(status, value, area_counts) | {
                "min_answers": threshold
            }
            all_counts = [a + b for a, b in zip(all_counts, area_counts, strict=True)]
        overall = self.mean(area_scores)
        status = "insufficient_data" if overall is None else "scored"
        out["overall"] = self.node(status, overall, all_counts)
        return out


def reported(tree_dict: dict[str, Any]) -> dict[str, Any]:
    """The same figures, read from the JSON the `score` command prints."""

    def node(n: dict[str, Any]) -> dict[str, Any]:
        c = n["completeness"]
        counts = (
            c["answered"],
            c["not_applicable"],
            c["unanswered"],
            c["dont_know"],
            c["total"],
            c["fraction"],
        )
        return {"status": n["status"], "score": n["score"], "band": n["band"], "counts": counts}

    out: dict[str, Any] = {}
    for area in tree_dict["areas"]:
        for sub in area["sub_barriers"]:
            for q in sub["questions"]:
                out[f"q:{q['id']}"] = (q["status"], q["score"])
            out[f"s:{sub['id']}"] = node(sub)
        out[f"a:{area['id']}"] = node(area) | {"min_answers": area["min_answers"]}
    out["overall"] = node(tree_dict)
    return out


def check(document: dict[str, Any], questionnaire: Questionnaire, answers: dict[str, Any]):
    tree = score_audit(questionnaire, parse_responses(questionnaire, answers))
    assert reported(tree.to_dict()) == ByHand(document, answers).compute()


def yaml_of(path: Any) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


SHIPPED = [(yaml_of(p), load_questionnaire(p.read_text())) for p in (CRM_YAML, EXAMPLE_YAML)]


@pytest.mark.parametrize("document, questionnaire", SHIPPED, ids=["crm", "example"])
@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_every_reported_figure_matches_the_hand_method(
    document: dict[str, Any], questionnaire: Questionnaire, data: st.DataObject
) -> None:
    check(document, questionnaire, data.draw(answers_strategy(questionnaire)))


AWKWARD_WEIGHTS = st.sampled_from([0.1, 0.2, 0.3, 0.7, 1, 1.1, 1.7, 2.3, 3])
AWKWARD_SCORES = st.sampled_from([0, 12.5, 33.3, 59.9, 60, 64, 55.9, 66.7, 100])


@st.composite
def awkward_example(draw: st.DrawFn) -> tuple[dict[str, Any], Questionnaire]:
    """The example questionnaire with decimal weights and option scores drawn at random."""
    document = yaml_of(EXAMPLE_YAML)
    for area in document["areas"]:
        area["weight"] = draw(AWKWARD_WEIGHTS)
        for sub in area["sub_barriers"]:
            sub["weight"] = draw(AWKWARD_WEIGHTS)
            for q in sub["questions"]:
                if q["type"] != "text":
                    q["weight"] = draw(AWKWARD_WEIGHTS)
                for option in q.get("options", []):
                    if not option.get("exclusive"):
                        option["score"] = draw(AWKWARD_SCORES)
    return document, load_questionnaire(yaml.safe_dump(document, sort_keys=False))


@settings(max_examples=60, deadline=None)  # test_scoring_plan compares many more
@given(data=st.data())
def test_decimal_weights_and_scores_match_the_hand_method(data: st.DataObject) -> None:
    document, questionnaire = data.draw(awkward_example())
    check(document, questionnaire, data.draw(answers_strategy(questionnaire)))


def one_sub_barrier(questions: list[dict[str, Any]]) -> str:
    """A one-area questionnaire around the given questions, as YAML."""
    document = yaml_of(EXAMPLE_YAML)
    document["areas"] = [document["areas"][1]]
    sub = document["areas"][0]["sub_barriers"][0]
    sub["questions"] = questions
    document["scoring"]["min_answers_per_area"] = 1
    document["actions"][0]["addresses"] = [sub["id"]]
    return yaml.safe_dump(document, sort_keys=False)


def choice(qid: str, weight: float, *scores: float) -> dict[str, Any]:
    options = [{"id": f"o{i}", "label": f"Option {i}", "score": s} for i, s in enumerate(scores)]
    return {"id": qid, "type": "single_choice", "text": qid, "weight": weight, "options": options}


def test_an_exact_59_95_is_reported_as_60_and_in_the_band_from_60() -> None:
    questionnaire = load_questionnaire(
        one_sub_barrier([choice("a", 0.1, 59.9, 0), choice("b", 0.1, 60, 0)])
    )
    # In binary floats (59.9 × 0.1 + 60 × 0.1) / 0.2 is 59.949999…, which rounded to 59.9.
    tree = score_audit(questionnaire, parse_responses(questionnaire, {"a": "o0", "b": "o0"}))
    assert tree.exact == Fraction(5995, 100)
    assert (tree.score, tree.band) == (60.0, "Developing")


def test_an_exact_43_75_from_two_sub_barriers_is_reported_as_43_8() -> None:
    document = yaml.safe_load(one_sub_barrier([choice("a", 1, 75, 50), choice("b", 2, 75, 0)]))
    first = document["areas"][0]["sub_barriers"][0]
    second = first | {"id": "second", "title": "Second"}
    second["questions"] = [choice("c", 5, 25, 0), choice("d", 1, 25, 0)]
    document["areas"][0]["sub_barriers"].append(second)
    questionnaire = load_questionnaire(yaml.safe_dump(document, sort_keys=False))
    answers = {"a": "o1", "b": "o0", "c": "o0", "d": "o1"}  # 200/3 and 125/6
    tree = score_audit(questionnaire, parse_responses(questionnaire, answers))
    subs = tree.areas[0].sub_barriers
    assert [s.exact for s in subs] == [Fraction(200, 3), Fraction(125, 6)]
    assert tree.exact == Fraction(175, 4)
    assert tree.score == 43.8


def test_completeness_fraction_rounds_half_up_to_three_decimals() -> None:
    questions = [choice(f"q{i}", 1, 100, 0) for i in range(16)]
    questionnaire = load_questionnaire(one_sub_barrier(questions))
    tree = score_audit(questionnaire, parse_responses(questionnaire, {"q0": "o0"}))
    assert tree.completeness.fraction == Fraction(1, 16)  # 0.0625 exactly
    assert tree.to_dict()["completeness"]["fraction"] == 0.063  # not 0.062


def test_an_area_where_every_question_is_not_applicable_has_no_data() -> None:
    questions = [choice(f"q{i}", 1, 100, 0) | {"allow_na": True} for i in range(3)]
    questionnaire = load_questionnaire(one_sub_barrier(questions))
    answers = {"q0": "na", "q1": "na", "q2": "na"}
    tree = score_audit(questionnaire, parse_responses(questionnaire, answers))
    assert tree.areas[0].status is ScoreStatus.NO_DATA  # nothing to judge
    assert tree.status is ScoreStatus.INSUFFICIENT_DATA
    blank = score_audit(questionnaire, parse_responses(questionnaire, {"q0": "na"}))
    assert blank.areas[0].status is ScoreStatus.INSUFFICIENT_DATA  # two answers missing
