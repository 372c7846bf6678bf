"""The documentation's example is the one the tests use, so it cannot drift."""

from __future__ import annotations

import re

from assessment.questionnaire import load_questionnaire
from tests.conftest import EXAMPLE_YAML, PROJECT


def test_the_format_guide_example_is_the_tested_example() -> None:
    guide = (PROJECT / "docs" / "questionnaire-format.md").read_text()
    block = re.search(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert block is not None
    strip = lambda text: "\n".join(line.rstrip() for line in text.strip().splitlines())
    assert strip(block.group(1)) == strip(EXAMPLE_YAML.read_text())
    assert load_questionnaire(block.group(1)).id == "example"
