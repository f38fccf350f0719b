"""The `vigil` console command: its help, the demo, serving, the worker and bootstrap."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    "serve",
    "worker",
    "demo",
    "tick",
    "clocks",
    "screen",
    "verify-audit",
    "token",
    "bootstrap",
    "check",
]


def vigil(*args: str, tmp_path: Path, env: dict[str, str] | None = None, timeout: int = 180):
    base = {
        "PATH": os.environ["PATH"],
        "VIGIL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "vigil.cli", *args],
        env=base | (env or {}),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_help_lists_vigils_commands(tmp_path: Path) -> None:
    done = vigil("--help", tmp_path=tmp_path)
    assert done.returncode == 0
    for command in COMMANDS:
        assert f"  {command} " in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_useful_help(command: str, tmp_path: Path) -> None:
    done = vigil(command, "--help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"usage: vigil {command}" in done.stdout
    assert "--settings" not in done.stdout  # Django's internals are not Vigil's options


def test_demo_loads_once_and_prints_its_sign_ins_as_json(tmp_path: Path) -> None:
    first = vigil("demo", "--json", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    sign_ins = json.loads(first.stdout)
    by_name = {s["username"]: s for s in sign_ins}
    assert set(by_name) == {
        "teacher",
        "dsl",
        "manager",
        "deputy",
        "dsl2",
        "deputy2",
        "teacher2",
        "dsl3",
        "deputy3",
        "teacher3",
        "mash",
        "mash-manager",
        "police",
        "ews",
        "lado",
        "analyst",
        "admin",
        "auditor",
    }
    assert by_name["dsl2"]["organisation"] == "Brindle Hill School"
    assert by_name["teacher"]["roles"] == ["staff"]
    assert by_name["deputy3"]["roles"] == ["deputy-dsl"]
    assert by_name["deputy3"]["organisation"] == "Castlebrook High School"
    assert all(
        set(s) == {"username", "password", "organisation", "roles", "totp_secret"} for s in sign_ins
    )
    verified = vigil("verify-audit", tmp_path=tmp_path)
    count = verified.stdout.split()[1]
    second = vigil("demo", "--json", tmp_path=tmp_path)
    assert json.loads(second.stdout) == sign_ins  # the same secrets every time
    assert vigil("verify-audit", tmp_path=tmp_path).stdout.split()[1] == count  # nothing changed
    assert "already loaded" in vigil("demo", tmp_path=tmp_path).stdout


def test_demo_refuses_in_production(tmp_path: Path) -> None:
    from tests.config.test_settings import PRODUCTION

    done = vigil(
        "demo",
        tmp_path=tmp_path,
        env=PRODUCTION | {"DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3"},
    )
    assert done.returncode != 0
    assert "never loaded in production" in done.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_with_gunicorn_and_static_files(tmp_path: Path) -> None:
    assert vigil("migrate", "-v", "0", tmp_path=tmp_path).returncode == 0
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "VIGIL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "vigil.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = _get(f"http://127.0.0.1:{port}/health/")
        assert body == b"ok"
        login = _get(f"http://127.0.0.1:{port}/accounts/login/")
        assert b"Sign in" in login
        css = _get(f"http://127.0.0.1:{port}/static/dist/vigil.css")
        assert b"govuk" in css
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "gunicorn" in output.lower() or "Booting worker" in output


def _get(url: str, attempts: int = 60) -> bytes:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
                return response.read()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"nothing answered at {url}")


def test_worker_ticks_and_writes_a_checkpoint(tmp_path: Path) -> None:
    assert vigil("demo", tmp_path=tmp_path).returncode == 0
    env = {
        "PATH": os.environ["PATH"],
        "VIGIL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "vigil.cli", "worker", "--tick-every", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    checkpoints = tmp_path / "audit-checkpoints.jsonl"
    try:
        for _ in range(60):
            if checkpoints.exists() and checkpoints.read_text().strip():
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.communicate(timeout=30)
    assert checkpoints.read_text().strip(), "the worker's tick wrote no checkpoint"
    assert "1 checkpoints" in vigil("verify-audit", tmp_path=tmp_path).stdout


def test_bootstrap_sets_up_a_new_deployment_once(tmp_path: Path) -> None:
    assert vigil("migrate", "-v", "0", tmp_path=tmp_path).returncode == 0
    args = (
        "bootstrap",
        "--partnership",
        "Exampleshire Partnership",
        "--username",
        "first.admin",
        "--name",
        "Fay Example",
        "--email",
        "fay@exampleshire.example",
    )
    done = vigil(*args, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "/accounts/password/reset/key/" in done.stdout
    assert list((tmp_path / "mail").iterdir()), "the set-up link was not e-mailed"
    again = vigil(*args, tmp_path=tmp_path)
    assert again.returncode != 0 and "already has its partnership" in again.stderr
