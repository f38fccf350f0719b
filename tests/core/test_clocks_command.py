"""`vigil clocks due`, run as a real process: standard input and output, and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE = {
    "id": "caller's id",
    "clock": "mash-decision",
    "start": "2026-12-24T16:30:00+00:00",
    "closures": ["2026-12-29"],
    "opening": {"from": "09:00", "to": "17:00"},
}
EXAMPLE_RESULT = {
    "id": "caller's id",
    "clock": "mash-decision",
    "due": "2026-12-30T17:00:00Z",
    "warn_at": "2026-12-30T14:52:30Z",
}


def vigil(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "-m", "vigil.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=environment,
        timeout=120,
        check=False,
    )


def test_one_case_on_standard_input_gives_one_result_and_exit_0() -> None:
    process = vigil("clocks", "due", "-", stdin=json.dumps(EXAMPLE))
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout) == EXAMPLE_RESULT  # the whole of stdout is the JSON


def test_an_array_in_a_file_gives_an_array_and_exit_1_on_any_error(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([EXAMPLE, {"id": 2, "clock": "rag-red"}]), encoding="utf-8")
    process = vigil("clocks", "due", str(cases))
    assert process.returncode == 1
    results = json.loads(process.stdout)
    assert results[0] == EXAMPLE_RESULT
    assert results[1]["id"] == 2
    assert results[1]["error"]["code"] == "missing-field"


def test_an_array_of_good_cases_exits_0(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([EXAMPLE, EXAMPLE]), encoding="utf-8")
    process = vigil("clocks", "due", str(cases))
    assert process.returncode == 0
    assert json.loads(process.stdout) == [EXAMPLE_RESULT, EXAMPLE_RESULT]


@pytest.mark.parametrize("stdin", ["not json", "NaN", '"a string"', "42", "null", ""])
def test_input_that_is_not_an_object_or_array_exits_2_with_nothing_on_stdout(stdin: str) -> None:
    process = vigil("clocks", "due", "-", stdin=stdin)
    assert process.returncode == 2
    assert process.stdout == ""
    assert "vigil clocks due:" in process.stderr


def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    process = vigil("clocks", "due", str(tmp_path / "missing.json"))
    assert process.returncode == 2
    assert process.stdout == ""
    assert "missing.json" in process.stderr


def test_help_describes_the_input_the_result_and_the_exit_codes() -> None:
    overview = vigil("clocks", "--help")
    assert overview.returncode == 0
    assert "due" in overview.stdout
    assert "assessment" in overview.stdout
    detail = vigil("clocks", "due", "--help")
    assert detail.returncode == 0
    for words in ("FILE", "warn_at", "exit codes", "invalid-datetime", "vigil clocks due -"):
        assert words in detail.stdout
