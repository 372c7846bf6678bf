"""Colour maths for band palettes, checked against published reference values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import colours
from assessment.colours import Vision

hex_colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")

# Sharma, Wu and Dalal (2005), table 1: pairs of CIELAB colours and their CIEDE2000 difference.
SHARMA_PAIRS = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA_PAIRS)
def test_ciede2000_matches_sharmas_test_pairs(
    first: colours.Lab, second: colours.Lab, expected: float
) -> None:
    assert colours.delta_e_2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert colours.delta_e_2000(second, first) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#ffffff", (100.0, 0.0, 0.0)),
        ("#000000", (0.0, 0.0, 0.0)),
        ("#ff0000", (53.24, 80.09, 67.20)),
        ("#0000ff", (32.30, 79.19, -107.86)),
    ],
)
def test_cielab_of_known_srgb_colours(colour: str, expected: colours.Lab) -> None:
    assert colours.lab(colour) == pytest.approx(expected, abs=0.02)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [("#000000", "#ffffff", 21.0), ("#767676", "#ffffff", 4.54), ("#777777", "#ffffff", 4.48)],
)
def test_wcag_contrast_of_known_pairs(first: str, second: str, ratio: float) -> None:
    assert colours.contrast_ratio(first, second) == pytest.approx(ratio, abs=0.005)
    assert colours.contrast_ratio(second, first) == pytest.approx(ratio, abs=0.005)


def test_text_on_a_band_colour_is_white_on_dark_and_ink_on_light() -> None:
    assert colours.text_colour_on("#6e1012") == colours.WHITE
    assert colours.text_colour_on("#f7d940") == colours.DARK_TEXT


@given(hex_colours)
def test_the_chosen_text_colour_is_the_more_readable_one(background: str) -> None:
    chosen = colours.contrast_ratio(colours.text_colour_on(background), background)
    assert chosen >= colours.contrast_ratio(colours.WHITE, background) - 1e-9
    assert chosen >= colours.contrast_ratio(colours.DARK_TEXT, background) - 1e-9


@given(hex_colours, hex_colours)
def test_colour_difference_is_symmetric_and_zero_only_for_the_same_colour(a: str, b: str) -> None:
    assert colours.difference(a, b) == pytest.approx(colours.difference(b, a), abs=1e-6)
    assert colours.difference(a, a) == 0
    assert 1 <= colours.contrast_ratio(a, b) <= 21


@pytest.mark.parametrize("vision", list(Vision))
@pytest.mark.parametrize("grey", ["#000000", "#777777", "#ffffff"])
def test_greys_look_the_same_with_every_kind_of_vision(vision: Vision, grey: str) -> None:
    assert colours.lab(grey, vision) == pytest.approx(colours.lab(grey), abs=0.05)


def test_red_orange_and_amber_merge_under_deuteranopia() -> None:
    # The old Weak and Developing: told apart with normal vision, one colour without green cones.
    assert colours.difference("#c4320a", "#b54708") > 6
    assert colours.difference("#c4320a", "#b54708", Vision.DEUTERANOPIA) < 1


def test_green_and_cyan_merge_under_tritanopia_only() -> None:
    # Without blue cones the blue in cyan is lost; red-green dichromats still see it.
    normal = colours.difference("#00ff00", "#00ffff")
    assert colours.difference("#00ff00", "#00ffff", Vision.TRITANOPIA) < normal / 3
    assert colours.difference("#00ff00", "#00ffff", Vision.PROTANOPIA) > normal
    assert colours.difference("#00ff00", "#00ffff", Vision.DEUTERANOPIA) > normal


def test_smallest_difference_names_the_vision_it_was_found_with() -> None:
    delta, vision = colours.smallest_difference("#c4320a", "#b54708")
    assert vision is Vision.DEUTERANOPIA
    assert delta == pytest.approx(colours.difference("#c4320a", "#b54708", Vision.DEUTERANOPIA))


def test_a_colour_that_is_not_rrggbb_is_refused() -> None:
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        colours.srgb("#fff")
