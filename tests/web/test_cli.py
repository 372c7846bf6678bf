"""The command-line contracts: questions validate / load / list, and score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from tests.conftest import CRM_YAML, EXAMPLE_YAML


@pytest.mark.sqlite_only
def test_validate_passes_the_questions_folder(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 0
    assert "crm-barriers.yaml: ok (crm-barriers" in result.output


@pytest.mark.sqlite_only
def test_validate_reports_file_line_messages_and_exits_1(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        EXAMPLE_YAML.read_text().replace(
            "addresses: [data, org-silos]", "addresses: [data, nowhere]"
        )
    )
    result = runner.invoke(args=["questions", "validate", str(broken), str(CRM_YAML)])
    assert result.exit_code == 1
    assert f"{broken}:" in result.stdout
    assert "action 'single-customer-view' addresses unknown sub-barrier 'nowhere'" in result.stdout


def test_load_stores_a_version_once_and_list_shows_it(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["questions", "load"])
    again = runner.invoke(args=["questions", "load"])
    listing = runner.invoke(args=["questions", "list"])
    assert "new version" in first.output
    assert "unchanged" in again.output
    assert listing.exit_code == 0
    assert "crm-barriers" in listing.output and "(current)" in listing.output
    assert f"{48:>9}" in listing.output


def test_an_edited_file_becomes_a_new_current_version(
    runner: FlaskCliRunner, app, tmp_path: Path
) -> None:
    (tmp_path / "example.yaml").write_text(EXAMPLE_YAML.read_text())
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    runner.invoke(args=["questions", "load"])
    (tmp_path / "example.yaml").write_text(
        EXAMPLE_YAML.read_text().replace('version: "1.0"', 'version: "1.1"')
    )
    runner.invoke(args=["questions", "load"])
    lines = runner.invoke(args=["questions", "list"]).output.splitlines()[1:]
    assert [line.split()[1] for line in lines] == ["1.0", "1.1"]
    assert "(current)" in lines[1] and "(current)" not in lines[0]


@pytest.mark.sqlite_only
def test_load_refuses_an_invalid_folder(runner: FlaskCliRunner, app, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: [\n")
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    result = runner.invoke(args=["questions", "load"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'bad.yaml'}:" in result.output
    assert "no questionnaire was loaded" in result.output


@pytest.mark.sqlite_only
def test_list_with_nothing_loaded_says_how_to_load(runner: FlaskCliRunner) -> None:
    assert "questions load" in runner.invoke(args=["questions", "list"]).output


@pytest.mark.sqlite_only
def test_score_prints_the_score_tree_as_json(
    loaded, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {"answers": {"cu-data-1": 5, "cu-data-5": 4, "cu-data-6": 3, "cu-research-1": "na"}}
        )
    )
    result = runner.invoke(args=["score", "crm-barriers", str(answers)])
    assert result.exit_code == 0, result.output
    tree = json.loads(result.stdout)
    area = tree["areas"][0]
    assert area["id"] == "customer-understanding"
    assert area["sub_barriers"][0]["score"] == 81.3  # (100 x 2 + 75 + (100 - 50)) / 4 = 81.25
    assert area["score"] == 81.3
    assert tree["score"] == 81.3 and tree["band"] == "Strong"
    assert area["sub_barriers"][1]["questions"][0]["status"] == "not_applicable"
    # An area left blank is missing answers: insufficient data (docs/scoring.md).
    assert tree["areas"][1]["status"] == "insufficient_data"
    assert tree["areas"][1]["score"] is None


@pytest.mark.sqlite_only
def test_score_explains_bad_answers(loaded, runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": {"cu-data-1": 7, "cu-data-2": "na"}}))
    result = runner.invoke(args=["score", "crm-barriers", str(answers)])
    assert result.exit_code == 1
    assert "'cu-data-1': The answer must be a whole number from 1 to 5." in result.output
    assert "'cu-data-2': This question does not allow 'not applicable'." in result.output


@pytest.mark.sqlite_only
def test_score_explains_bad_files(loaded, runner: FlaskCliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"answers": {"cu-data-1": 4,}}')
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text('{"cu-data-1": 4}')
    cases = {
        str(broken): f"{broken}:1: invalid JSON",
        str(wrong_shape): 'expected an object {"answers"',
        str(tmp_path / "missing.json"): "cannot read the file",
    }
    for path, message in cases.items():
        result = runner.invoke(args=["score", "crm-barriers", path])
        assert result.exit_code == 1 and message in result.output, result.output


@pytest.mark.sqlite_only
def test_score_names_an_unknown_questionnaire(
    loaded, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"answers": {}}')
    result = runner.invoke(args=["score", "no-such-thing", str(answers)])
    assert result.exit_code == 1
    assert "no questionnaire 'no-such-thing' is loaded" in result.output


def _too_close_palette(tmp_path: Path) -> Path:
    path = tmp_path / "example.yaml"
    path.write_text(
        EXAMPLE_YAML.read_text().replace("#c4430a", "#c4320a").replace("#f7d940", "#b54708")
    )
    return path


@pytest.mark.sqlite_only
def test_validate_shows_band_colour_warnings_and_still_passes(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _too_close_palette(tmp_path)
    result = runner.invoke(args=["questions", "validate", str(path)])
    assert result.exit_code == 0
    assert (
        f"{path}:19: warning: bands 'Weak' and 'Developing' differ by ΔE2000 0.6 under "
        "deuteranopia; at least 15 is needed to tell them apart"
    ) in result.output
    assert f"{path}: ok (example 1.0, 8 questions), 3 warning(s)" in result.output


def test_load_shows_band_colour_warnings_and_loads_all_the_same(
    runner: FlaskCliRunner, app, tmp_path: Path
) -> None:
    app.config["QUESTIONS_DIR"] = str(_too_close_palette(tmp_path).parent)
    result = runner.invoke(args=["questions", "load"])
    assert result.exit_code == 0
    assert "warning: bands 'Weak' and 'Developing' differ by ΔE2000" in result.stderr
    assert "example 1.0" in result.stdout and "new version" in result.stdout
