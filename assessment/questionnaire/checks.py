"""Checks that span the whole questionnaire document.

They read the raw YAML data rather than the validated model, tolerating
malformed parts (the schema reports those), so that a file with a schema error
still gets its duplicate ids, bad references and band gaps reported in the same
run.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assessment import colours
from assessment.questionnaire.audience import MANAGER_SEGMENT, RESERVED_SEGMENTS, REST_OF
from assessment.questionnaire.yaml_lines import Path

MIN_BAND_DIFFERENCE = 15.0
"""The least CIEDE2000 difference between two band colours, in every vision simulated."""
MIN_NEIGHBOUR_LIGHTNESS = 10.0
"""The least CIELAB L* difference between the colours of neighbouring bands."""


@dataclass(frozen=True)
class Finding:
    path: Path
    message: str


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of the list at ``data[key]``, with their indices."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _areas(data: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    for i, area in _items(data, "areas"):
        yield ("areas", i), area


def _sub_barriers(data: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    for area_path, area in _areas(data):
        for j, sub in _items(area, "sub_barriers"):
            yield area_path + ("sub_barriers", j), sub


def questions_with_paths(data: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    for sub_path, sub in _sub_barriers(data):
        for k, question in _items(sub, "questions"):
            yield sub_path + ("questions", k), question


def _duplicates(kind: str, entries: Iterator[tuple[Path, dict[str, Any]]]) -> list[Finding]:
    seen: dict[str, Path] = {}
    findings = []
    for path, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            findings.append(Finding(path + ("id",), f"duplicate {kind} id '{ident}'"))
        else:
            seen[ident] = path
    return findings


def check_duplicate_ids(data: Any) -> list[Finding]:
    actions = ((("actions", i), a) for i, a in _items(data, "actions"))
    return (
        _duplicates("area", _areas(data))
        + _duplicates("sub-barrier", _sub_barriers(data))
        + _duplicates("question", questions_with_paths(data))
        + _duplicates("action", actions)
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def check_bands(data: Any) -> list[Finding]:
    """Bands must cover 0–100 exactly once: no gaps, no overlaps."""
    bands = []
    for i, band in _items(data, "bands"):
        low, high = _number(band.get("min")), _number(band.get("max"))
        if low is None or high is None:
            continue
        name = band.get("name", f"#{i + 1}")
        if low >= high:
            bands_path: Path = ("bands", i)
            return [Finding(bands_path, f"band '{name}' has min {low:g} not below max {high:g}")]
        bands.append((low, high, name, i))
    if not bands:
        return []
    bands.sort()
    findings = []
    if bands[0][0] > 0:
        findings.append(
            Finding(("bands", bands[0][3]), f"bands leave 0 to {bands[0][0]:g} uncovered")
        )
    for (_, high, name, _), (low, _, next_name, index) in itertools.pairwise(bands):
        if low > high:
            findings.append(
                Finding(("bands", index), f"bands leave a gap between {high:g} and {low:g}")
            )
        elif low < high:
            findings.append(
                Finding(
                    ("bands", index),
                    f"bands '{name}' and '{next_name}' overlap between {low:g} and {high:g}",
                )
            )
    if bands[-1][1] < 100:
        findings.append(
            Finding(("bands", bands[-1][3]), f"bands leave {bands[-1][1]:g} to 100 uncovered")
        )
    return findings


def check_sources(data: Any) -> list[Finding]:
    """Every ``source`` must name a document declared under ``sources``."""
    declared = data.get("sources") if isinstance(data, dict) else None
    documents = set(declared) if isinstance(declared, dict) else set()
    owners = list(_areas(data)) + list(_sub_barriers(data))
    owners += [(("actions", i), a) for i, a in _items(data, "actions")]
    findings = []
    for path, owner in owners:
        source = owner.get("source")
        entries = source if isinstance(source, list) else [source]
        for n, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("document"), str):
                continue
            if entry["document"] not in documents:
                where = path + ("source", n) if isinstance(source, list) else path + ("source",)
                findings.append(
                    Finding(where, f"source document '{entry['document']}' is not under 'sources'")
                )
    return findings


ACTION_TARGET_KEYS = ("addresses", "also_addresses")
"""The keys of an action that name sub-barriers: primary, then secondary."""


def _action_targets(action: dict[str, Any]) -> Iterator[tuple[str, int, str]]:
    """(key, index, sub-barrier id) of each sub-barrier an action names."""
    for key in ACTION_TARGET_KEYS:
        targets = action.get(key)
        for n, target in enumerate(targets if isinstance(targets, list) else []):
            if isinstance(target, str):
                yield key, n, target


def _action_target_problem(key: str, target: str, known: set[Any], seen: dict[str, str]) -> str:
    if target not in known:
        verb = "addresses" if key == "addresses" else "also addresses"
        return f"{verb} unknown sub-barrier '{target}'"
    if seen.get(target) == key:
        return f"names sub-barrier '{target}' twice in '{key}'"
    if target in seen:
        return f"names sub-barrier '{target}' in both 'addresses' and 'also_addresses'"
    return ""


def check_action_references(data: Any) -> list[Finding]:
    """Actions name known sub-barriers, each once, either as primary or as secondary."""
    known = {sub.get("id") for _, sub in _sub_barriers(data)}
    findings = []
    for i, action in _items(data, "actions"):
        seen: dict[str, str] = {}
        for key, n, target in _action_targets(action):
            problem = _action_target_problem(key, target, known, seen)
            if problem:
                message = f"action '{action.get('id')}' {problem}"
                findings.append(Finding(("actions", i, key, n), message))
            seen.setdefault(target, key)
    return findings


def _condition_value_problem(condition: dict[str, Any], target: dict[str, Any]) -> str | None:
    """Whether a condition's test can ever hold for the question it names."""
    kind = target.get("type")
    options = {o.get("id") for o in target.get("options", []) if isinstance(o, dict)}
    allowed: dict[str, set[Any]] = {
        "yes_no": {"yes", "partly", "no"},
        "likert": {1, 2, 3, 4, 5},
        "single_choice": options,
    }
    if "includes" in condition and kind != "multiple_choice":
        return "'includes' only applies to multiple-choice questions"
    if "includes" in condition and condition["includes"] not in options:
        return f"'{condition['includes']}' is not an option of '{target.get('id')}'"
    if ("at_least" in condition or "at_most" in condition) and kind not in ("likert", "number"):
        return "'at_least' and 'at_most' apply to likert and number questions"
    if ("equals" in condition or "in" in condition) and kind == "multiple_choice":
        return "use 'includes' to test a multiple-choice answer"
    values = [condition["equals"]] if "equals" in condition else condition.get("in") or []
    if kind in allowed and isinstance(values, list):
        for value in values:
            if isinstance(value, bool):
                return f"{str(value).lower()} is read by YAML as a boolean: quote it, e.g. 'yes'"
            if value not in allowed[kind]:
                return f"'{value}' is never an answer to '{target.get('id')}'"
    return None


def check_conditions(data: Any) -> list[Finding]:
    """Conditions must name known questions, test possible answers and not form a cycle."""
    questions = {
        q["id"]: (path, q) for path, q in questions_with_paths(data) if isinstance(q.get("id"), str)
    }
    depends_on: dict[str, str] = {}
    findings = []
    for ident, (path, question) in questions.items():
        condition = question.get("condition")
        if not isinstance(condition, dict) or not isinstance(condition.get("question"), str):
            continue
        target = condition["question"]
        where = path + ("condition", "question")
        if target not in questions:
            findings.append(
                Finding(where, f"question '{ident}' has a condition on unknown question '{target}'")
            )
            continue
        if target == ident:
            findings.append(Finding(where, f"question '{ident}' has a condition on itself"))
            continue
        problem = _condition_value_problem(condition, questions[target][1])
        if problem:
            findings.append(
                Finding(path + ("condition",), f"question '{ident}': condition {problem}")
            )
        depends_on[ident] = target
    return findings + _condition_cycles(depends_on, questions)


def _condition_cycles(
    depends_on: dict[str, str], questions: dict[str, tuple[Path, dict[str, Any]]]
) -> list[Finding]:
    findings = []
    reported: set[str] = set()
    for start in depends_on:
        chain = [start]
        while chain[-1] in depends_on and depends_on[chain[-1]] not in chain:
            chain.append(depends_on[chain[-1]])
        if chain[-1] not in depends_on:
            continue
        cycle = chain[chain.index(depends_on[chain[-1]]) :]
        if reported.isdisjoint(cycle):
            reported.update(cycle)
            loop = " -> ".join(cycle + [cycle[0]])
            path = questions[cycle[0]][0] + ("condition",)
            findings.append(Finding(path, f"conditions form a cycle: {loop}"))
    return findings


def _band_colours(data: Any) -> list[tuple[int, str, str]]:
    """(index, name, colour) of every band with a well-formed colour, lowest band first."""
    found = []
    for i, band in _items(data, "bands"):
        colour = band.get("colour")
        if isinstance(colour, str) and colours.HEX_COLOUR.match(colour):
            found.append(
                (_number(band.get("min")) or 0.0, i, str(band.get("name", f"#{i + 1}")), colour)
            )
    return [(i, name, colour) for _, i, name, colour in sorted(found)]


def _neighbour_lightness(bands: list[tuple[int, str, str]]) -> list[Finding]:
    """Neighbouring bands must differ in lightness, which every reader and a grey print keep."""
    findings = []
    for (_, name, colour), (j, other, other_colour) in itertools.pairwise(bands):
        low, high = sorted((colours.lab(colour)[0], colours.lab(other_colour)[0]))
        if high - low < MIN_NEIGHBOUR_LIGHTNESS:
            findings.append(
                Finding(
                    ("bands", j, "colour"),
                    f"neighbouring bands '{name}' and '{other}' differ in lightness by L* "
                    f"{high - low:.1f}; at least {MIN_NEIGHBOUR_LIGHTNESS:g} keeps them apart "
                    "in grey and for every reader",
                )
            )
    return findings


def check_band_colours(data: Any) -> list[Finding]:
    """Warnings: band colours too alike to tell apart, or text on them too faint.

    Two colours must differ by at least :data:`MIN_BAND_DIFFERENCE` (CIEDE2000) with
    normal vision and under simulated protanopia, deuteranopia and tritanopia;
    neighbouring bands must differ by :data:`MIN_NEIGHBOUR_LIGHTNESS` in L*; the
    text the app puts on a band colour must reach the WCAG AA contrast of 4.5:1.
    """
    bands = _band_colours(data)
    findings = []
    for (_, name, colour), (j, other, other_colour) in itertools.combinations(bands, 2):
        delta, vision = colours.smallest_difference(colour, other_colour)
        if delta < MIN_BAND_DIFFERENCE:
            under = "with normal vision" if vision is colours.Vision.NORMAL else f"under {vision}"
            findings.append(
                Finding(
                    ("bands", j, "colour"),
                    f"bands '{name}' and '{other}' differ by ΔE2000 {delta:.1f} {under}; "
                    f"at least {MIN_BAND_DIFFERENCE:g} is needed to tell them apart",
                )
            )
    for i, name, colour in bands:
        text = colours.text_colour_on(colour)
        ratio = colours.contrast_ratio(text, colour)
        if ratio < colours.AA_CONTRAST:
            findings.append(
                Finding(
                    ("bands", i, "colour"),
                    f"band '{name}': text on {colour} reaches a contrast of only {ratio:.2f}:1 "
                    f"(white and dark text alike); at least {colours.AA_CONTRAST:g}:1 is needed",
                )
            )
    return findings + _neighbour_lightness(bands)


def check_dont_know_on_text(data: Any) -> list[Finding]:
    """ "Don't know" leaves a score's denominator; a text question has no score to leave."""
    return [
        Finding(
            path + ("allow_dont_know",),
            f"question '{question.get('id')}': 'allow_dont_know' applies only to scored "
            "questions; a text question is never scored",
        )
        for path, question in questions_with_paths(data)
        if question.get("type") == "text" and "allow_dont_know" in question
    ]


def _segment_name_problem(ident: str) -> str | None:
    """Why a segment may not have this id, if it may not."""
    if ident == MANAGER_SEGMENT:
        return "is the manager's own answers, added to every campaign: leave it out"
    if ident in RESERVED_SEGMENTS or ident.startswith(REST_OF):
        return "is a name the results give a group of segments: choose another id"
    return None


def check_segments(data: Any) -> list[Finding]:
    """Segment ids are unique, and none is a name the campaign results give a group."""
    segments = [(("segments", i), segment) for i, segment in _items(data, "segments")]
    findings = _duplicates("segment", iter(segments))
    for path, segment in segments:
        ident = segment.get("id")
        problem = _segment_name_problem(ident) if isinstance(ident, str) else None
        if problem:
            findings.append(Finding(path + ("id",), f"segment '{ident}' {problem}"))
    return findings


def check_document(data: Any) -> list[Finding]:
    return (
        check_duplicate_ids(data)
        + check_segments(data)
        + check_bands(data)
        + check_sources(data)
        + check_action_references(data)
        + check_conditions(data)
        + check_dont_know_on_text(data)
    )
