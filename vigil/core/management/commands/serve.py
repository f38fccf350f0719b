from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from gunicorn.app.base import BaseApplication

from vigil.core.commands import VigilCommand


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from config.wsgi import application

        return application


def default_workers() -> int:
    """Two worker processes a CPU: a request's Python work holds the GIL, so processes, not
    threads, use the cores (measured in bench/README.md: 4 workers of 2 threads on 2 CPUs
    halved the p95 of 2 workers of 4 threads at the same load)."""
    return 2 * (os.cpu_count() or 1)


class Command(VigilCommand):
    help = """Serve Vigil with gunicorn (a production-grade WSGI server) and WhiteNoise for the
static files. Not Django's development server.

In production, put it behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto
(and set VIGIL_PROXY_COUNT to the number of proxies in front of it).

examples:
  vigil serve
  vigil serve --host 0.0.0.0 --port 8080 --workers 4
"""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (default 8000)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="worker processes (default: two a CPU, here %(default)s)",
        )
        parser.add_argument(
            "--threads", type=int, default=2, help="threads per worker (default %(default)s)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Vigil is serving on http://{options['host']}:{options['port']}/ (Ctrl-C to stop)"
        )
        self.stdout.flush()
        _Gunicorn(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "accesslog": "-",
                "errorlog": "-",
                "timeout": 60,
                "graceful_timeout": 20,
                # Bounded request lines and headers (ASVS 13): nothing legitimate comes close.
                "limit_request_line": 8190,
                "limit_request_fields": 100,
                "limit_request_field_size": 8190,
                "forwarded_allow_ips": "127.0.0.1",
            }
        ).run()
