"""Django's system checks, as `vigil check`."""

from __future__ import annotations

from django.core.management.commands.check import Command as DjangoCheck

from vigil.core.commands import VigilCommand


class Command(VigilCommand, DjangoCheck):
    help = """Run Django's system checks on Vigil's configuration.

With production settings (VIGIL_ENV=production and its required variables), run
`vigil check --deploy --fail-level WARNING` before each release: it exits non-zero on any
warning about HTTPS, cookies, HSTS, the secret key or the other deployment protections.
"""
