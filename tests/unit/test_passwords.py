"""The password rule: at least twelve characters, and not a common password."""

from __future__ import annotations

import pytest

from assessment.passwords import MIN_LENGTH, common_passwords, password_problem
from assessment.services.demo import DEMO_PASSWORD
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "password", ["qwerty123456", "QWERTY123456", " 1q2w3e4r5t6y ", "qwerty 123456", "justinbieber"]
)
def test_common_passwords_are_refused_whatever_their_case_and_spaces(password: str) -> None:
    assert "most common passwords" in (password_problem(password) or "")


def test_short_passwords_are_refused() -> None:
    assert password_problem("x" * (MIN_LENGTH - 1)) == "Use at least 12 characters."


@pytest.mark.parametrize("password", [PASSWORD, DEMO_PASSWORD, "a brand new secret"])
def test_the_demo_and_test_passwords_follow_the_rule(password: str) -> None:
    assert password_problem(password) is None


def test_only_the_common_passwords_long_enough_to_matter_are_kept() -> None:
    kept = common_passwords()
    assert 100 < len(kept) < 1000 and min(map(len, kept)) >= MIN_LENGTH
