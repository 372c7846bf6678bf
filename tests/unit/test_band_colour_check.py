"""The band-colour check: warnings with FILE:LINE that never stop a questionnaire loading."""

from __future__ import annotations

import re

from assessment.questionnaire import load_file, load_questionnaire
from tests.conftest import CRM_YAML, EXAMPLE_YAML

EXAMPLE = EXAMPLE_YAML.read_text()
OLD_PALETTE = {
    "#6e1012": "#b42318",
    "#c4430a": "#c4320a",
    "#f7d940": "#b54708",
    "#0f7a6c": "#067647",
}


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def with_palette(replacements: dict[str, str]) -> str:
    text = EXAMPLE
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def warnings_of(text: str) -> list[str]:
    return [str(issue) for issue in load_questionnaire(text, "q.yaml").warnings]


def test_the_bundled_palettes_raise_no_warning() -> None:
    assert load_file(CRM_YAML).warnings == ()
    assert load_questionnaire(EXAMPLE).warnings == ()


def test_two_colours_alike_under_deuteranopia_warn_at_the_second_colour() -> None:
    text = with_palette({"#c4430a": "#c4320a", "#f7d940": "#b54708"})

    warnings = warnings_of(text)

    line = line_of(text, "name: Developing")
    assert (
        f"q.yaml:{line}: bands 'Weak' and 'Developing' differ by ΔE2000 0.6 under deuteranopia; "
        "at least 15 is needed to tell them apart"
    ) in warnings


def test_the_old_palette_warns_for_every_pair_too_close() -> None:
    warnings = [w for w in warnings_of(with_palette(OLD_PALETTE)) if "ΔE2000" in w]

    pairs = [w.split(": ", 1)[1].split(" differ")[0] for w in warnings]
    assert pairs == [
        "bands 'Critical' and 'Weak'",
        "bands 'Critical' and 'Developing'",
        "bands 'Weak' and 'Developing'",
        "bands 'Critical' and 'Strong'",
        "bands 'Developing' and 'Strong'",
        "bands 'Weak' and 'Strong'",
    ]
    assert "under tritanopia" in warnings[0] and "under protanopia" in warnings[-1]


def test_the_same_colour_twice_is_reported_as_seen_with_normal_vision() -> None:
    warnings = warnings_of(with_palette({"#c4430a": "#6e1012"}))

    assert "bands 'Critical' and 'Weak' differ by ΔE2000 0.0 with normal vision" in warnings[0]


def test_a_band_colour_no_text_can_be_read_on_warns_with_its_contrast() -> None:
    text = with_palette({"#c4430a": "#777777"})

    warnings = warnings_of(text)

    assert (
        f"q.yaml:{line_of(text, 'name: Weak')}: band 'Weak': text on #777777 reaches a contrast "
        "of only 4.48:1 (white and dark text alike); at least 4.5:1 is needed"
    ) in warnings


def test_bands_without_colours_are_not_checked() -> None:
    text = re.sub(r', colour: "#[0-9a-f]{6}"', "", EXAMPLE)
    questionnaire = load_questionnaire(text)
    assert [band.colour for band in questionnaire.bands] == [None] * 4
    assert questionnaire.warnings == ()


def test_neighbouring_bands_of_one_lightness_warn_with_their_l_star() -> None:
    text = with_palette(OLD_PALETTE)

    warnings = [w for w in warnings_of(text) if "lightness" in w]

    def expected(band: str, lower: str, value: str) -> str:
        return (
            f"q.yaml:{line_of(text, 'name: ' + band)}: neighbouring bands '{lower}' and '{band}' "
            f"differ in lightness by L* {value}; at least 10 keeps them apart in grey and for "
            "every reader"
        )

    assert warnings == [
        expected("Weak", "Critical", "4.8"),
        expected("Developing", "Weak", "0.4"),
        expected("Strong", "Developing", "1.3"),
    ]


def test_neighbours_are_found_by_score_not_by_their_order_in_the_file() -> None:
    lines = EXAMPLE.splitlines()
    _critical, weak, developing, _strong = (
        n for n, line in enumerate(lines) if line.startswith("  - {name: ")
    )
    lines[weak], lines[developing] = lines[developing], lines[weak]
    # Developing as dark as Critical: next to it in the file, two bands away in score.
    text = "\n".join(lines).replace("#f7d940", "#23306e")

    assert not any("lightness" in w for w in warnings_of(text))
    assert any("lightness" in w for w in warnings_of(text.replace("#23306e", "#c4430b")))
