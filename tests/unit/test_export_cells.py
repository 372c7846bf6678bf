"""Spreadsheet cells: formula-safe text that reads back exactly, numbers that keep their value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.exports.cells import formula_safe, number_text, unguarded


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'=already guarded", "''=already guarded"),
        ("plain text", "plain text"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_text_starting_like_a_formula_gets_a_guard(text: str, shown: str) -> None:
    assert formula_safe(text) == shown
    assert unguarded(shown) == text


def test_none_is_an_empty_cell() -> None:
    assert formula_safe(None) == ""


@given(st.text())
def test_guarding_is_undone_exactly(text: str) -> None:
    guarded = formula_safe(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguarded(guarded) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_reads_back_to_the_same_value(number: float) -> None:
    assert float(number_text(number)) == number


def test_whole_numbers_have_no_decimal_point() -> None:
    assert (number_text(5.0), number_text(4), number_text(12.5)) == ("5", "4", "12.5")
