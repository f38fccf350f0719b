"""Settings come from the environment, typed, and fail fast with a message that says what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import Env, EnvError, parse_email_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "VIGIL_ENV": "production",
    "VIGIL_SECRET_KEY": "test-only-3kQ9vZ2mW7xR4tY8uP1sA6dF0gH5jK-LzXcVbNmQwErTyUiOp",
    "VIGIL_AUDIT_KEY": "test-only-audit-8Hn2Jk5Lm9Pq3Rs6Tv0Wx4Yz7Ab1Cd",
    "VIGIL_ALLOWED_HOSTS": "vigil.northmoor.example",
    "VIGIL_BASE_URL": "https://vigil.northmoor.example",
    "VIGIL_EMAIL_URL": "smtp://vigil:secret@mail.northmoor.example:587",
}


def run_vigil(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ["PATH"],
        "VIGIL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "vigil.cli", *args],
        env=base | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_readers_name_the_variable_and_the_problem() -> None:
    env = Env({"N": "twelve", "M": "5000", "C": "staging", "U": "ftp://x"})
    with pytest.raises(EnvError, match="N must be a whole number"):
        env.integer("N", 1)
    with pytest.raises(EnvError, match="M must be between 1 and 60"):
        env.integer("M", 1, maximum=60)
    with pytest.raises(EnvError, match="C must be one of development, production"):
        env.choice("C", "development", ("development", "production"))
    with pytest.raises(EnvError, match="U must be an absolute http"):
        env.url("U")
    with pytest.raises(EnvError, match="X is required"):
        env.text("X", required=True)
    assert env.items("MISSING") == []
    assert Env({"H": " a.example, b.example ,"}).items("H") == ["a.example", "b.example"]


def test_email_urls() -> None:
    starttls = parse_email_url("E", "smtp://user%40x:p%3Ass@mail.example:2525")
    assert (starttls.host, starttls.port, starttls.user, starttls.password) == (
        "mail.example",
        2525,
        "user@x",
        "p:ss",
    )
    assert starttls.use_tls and not starttls.use_ssl
    tls = parse_email_url("E", "smtps://u:p@mail.example")
    assert (tls.port, tls.use_ssl, tls.use_tls) == (465, True, False)
    with pytest.raises(EnvError):
        parse_email_url("E", "http://mail.example")


@pytest.mark.parametrize("missing", sorted(set(PRODUCTION) - {"VIGIL_ENV"}))
def test_production_refuses_to_start_without_each_required_setting(
    missing: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    done = run_vigil("check", env=env, tmp_path=tmp_path)
    assert done.returncode == 2
    assert missing in done.stderr and "configuration error" in done.stderr


def test_production_settings_pass_the_deploy_checks(tmp_path: Path) -> None:
    done = run_vigil(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_a_key_that_is_not_random(tmp_path: Path) -> None:
    done = run_vigil("check", env=PRODUCTION | {"VIGIL_SECRET_KEY": "x" * 64}, tmp_path=tmp_path)
    assert done.returncode == 2 and "random" in done.stderr


def test_production_refuses_plain_http_links(tmp_path: Path) -> None:
    done = run_vigil(
        "check", env=PRODUCTION | {"VIGIL_BASE_URL": "http://vigil.example"}, tmp_path=tmp_path
    )
    assert done.returncode == 2 and "https" in done.stderr


def test_production_protections_are_on(monkeypatch) -> None:
    """Import the settings module afresh under production's environment."""
    import importlib

    for key, value in PRODUCTION.items():
        monkeypatch.setenv(key, value)
    import config.settings as settings_module

    production = importlib.reload(settings_module)
    try:
        assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
        assert production.SECURE_HSTS_SECONDS >= 31_536_000 and production.SECURE_SSL_REDIRECT
        assert production.SESSION_COOKIE_NAME.startswith("__Host-")
        assert production.EMAIL_BACKEND.endswith("smtp.EmailBackend")
        assert production.DEBUG is False
        script = production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
        assert "'unsafe-inline'" not in script
    finally:
        for key in PRODUCTION:
            monkeypatch.delenv(key)
        importlib.reload(settings_module)


def test_security_headers_on_every_response(client, db) -> None:
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert (
        "frame-ancestors 'none'" in policy and "'nonce-" in policy and "unsafe-inline" not in policy
    )


def test_the_database_is_set_up_for_many_writers(db) -> None:
    """SQLite: WAL, a busy timeout and immediate transactions; PostgreSQL: health checks on
    reused connections."""
    from django.db import connection

    if connection.vendor == "postgresql":
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.transaction_mode == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 20
