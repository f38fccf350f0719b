"""Typed, fail-fast reading of settings from the environment.

Every setting Vigil reads comes through here so that a mistake in a deployment stops the
process at start with one message that names the variable, says what is wrong and what a good
value looks like, instead of failing later in a request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


class EnvError(Exception):
    """A setting in the environment is missing or malformed."""


@dataclass(frozen=True)
class Env:
    source: Mapping[str, str]

    def _raw(self, name: str) -> str | None:
        value = self.source.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def text(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self._raw(name)
        if value is None:
            if required or default is None:
                raise EnvError(f"{name} is required: set it in the environment.")
            return default
        return value

    def integer(self, name: str, default: int, *, minimum: int = 1, maximum: int = 10**6) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise EnvError(f"{name} must be a whole number, not {value!r}.") from None
        if not minimum <= number <= maximum:
            raise EnvError(f"{name} must be between {minimum} and {maximum}, not {number}.")
        return number

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self._raw(name) or default
        if value not in choices:
            raise EnvError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
        return value

    def items(self, name: str, *, required: bool = False) -> list[str]:
        value = self._raw(name)
        if value is None:
            if required:
                raise EnvError(f"{name} is required: a comma-separated list, e.g. 'vigil.example'.")
            return []
        return [item.strip() for item in value.split(",") if item.strip()]

    def url(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self.text(name, default, required=required)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EnvError(f"{name} must be an absolute http(s) address, not {value!r}.")
        return value.rstrip("/")


def from_os() -> Env:
    return Env(os.environ)


@dataclass(frozen=True)
class EmailSettings:
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    use_ssl: bool


def parse_email_url(name: str, value: str) -> EmailSettings:
    """Read `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (TLS).

    There is no plain-text option: mail always travels encrypted.
    """
    parts = urlsplit(value)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise EnvError(
            f"{name} must look like smtp://user:password@host:587 or smtps://user:password@host:465."
        )
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise EnvError(f"{name} has a port that is not a number.") from None
    return EmailSettings(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=parts.scheme == "smtp",
        use_ssl=parts.scheme == "smtps",
    )
