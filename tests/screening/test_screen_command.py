"""`vigil screen`, run as a real process: standard input and output, files, and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.screening.screening_cases import HIGH, case

PROJECT = Path(__file__).resolve().parents[2]
DISCLOSURE = case(("e.disclosure", 4))


def vigil(
    *args: str, stdin: str | bytes = b"", tmp_path: Path
) -> subprocess.CompletedProcess[bytes]:
    # No database settings of its own: the command must not need one.
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VIGIL_VAR_DIR": str(tmp_path / "var"),
    }
    return subprocess.run(
        [sys.executable, "-m", "vigil.cli", "screen", *args],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        cwd=PROJECT,
        env=environment,
        timeout=120,
        check=False,
    )


def test_one_case_on_standard_input_gives_one_result_and_exit_0(tmp_path: Path) -> None:
    process = vigil("-", stdin=json.dumps(DISCLOSURE), tmp_path=tmp_path)
    assert process.returncode == 0, process.stderr
    result = json.loads(process.stdout)  # the whole of stdout is the JSON
    assert (result["id"], result["level"], result["rules"]) == ("synthetic-1", "high", ["H1"])
    assert result["actions"] == HIGH
    assert process.stderr == b""
    # The database was never opened: SQLite would have made its file.
    assert not (tmp_path / "var" / "vigil.sqlite3").exists()


def test_an_array_in_a_file_answers_in_order_and_exits_1_on_any_error(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    late = case(("e.disclosure", -1))
    cases.write_text(json.dumps([DISCLOSURE, late, {**DISCLOSURE, "id": 3}]), encoding="utf-8")
    process = vigil(str(cases), tmp_path=tmp_path)
    assert process.returncode == 1
    results = json.loads(process.stdout)
    assert [r.get("level") for r in results] == ["high", None, "high"]
    assert results[1]["error"]["code"] == "observation-in-future"
    assert results[2]["id"] == 3


def test_an_array_of_good_cases_exits_0(tmp_path: Path) -> None:
    scored = {**DISCLOSURE, "instrument": "cse-scored-1"}
    process = vigil("-", stdin=json.dumps([DISCLOSURE, scored]), tmp_path=tmp_path)
    assert process.returncode == 0
    assert [r["score"] for r in json.loads(process.stdout)] == [None, 5]


@pytest.mark.parametrize(
    "stdin", ["not json", "NaN", "[1, Infinity]", '"a string"', "42", "null", "", b"\xff\xfe{"]
)
def test_input_that_is_not_an_object_or_array_exits_2_with_nothing_on_stdout(
    stdin, tmp_path: Path
) -> None:
    process = vigil("-", stdin=stdin, tmp_path=tmp_path)
    assert process.returncode == 2
    assert process.stdout == b""
    assert b"vigil screen:" in process.stderr


def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    process = vigil(str(tmp_path / "missing.json"), tmp_path=tmp_path)
    assert process.returncode == 2
    assert process.stdout == b""
    assert b"missing.json" in process.stderr


def test_help_describes_the_case_the_result_the_codes_and_the_exit_codes(tmp_path: Path) -> None:
    process = vigil("--help", tmp_path=tmp_path)
    assert process.returncode == 0
    text = process.stdout.decode()
    for words in (
        "usage: vigil screen",
        "cse-screening-1",
        "cse-scored-1",
        "assessed_on",
        "review_by",
        "observation-in-future",
        "exit codes",
        "vigil screen -",
    ):
        assert words in text
    assert "--settings" not in text
