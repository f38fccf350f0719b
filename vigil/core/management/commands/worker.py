from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from vigil.core.commands import VigilCommand
from vigil.core.ticking import tick

logger = logging.getLogger("vigil.worker")


def _tick_forever(stop: threading.Event, every: float) -> None:
    """Run the tick at the start of every minute until stopped."""
    while True:
        now = timezone.now()
        wait = every - (now.timestamp() % every)
        if stop.wait(wait):
            return
        close_old_connections()
        try:
            summary = tick()
            logger.info("tick: %s", summary)
        except Exception:  # keep ticking: one failure must not stop the clocks
            logger.exception("The clock tick failed; it will run again next minute.")
        finally:
            connection.close()


class Command(VigilCommand):
    help = """Run Vigil's background work until stopped (Ctrl-C or SIGTERM).

Runs queued tasks (e-mails and other background work, from the database queue) and the clock
tick at the start of every minute (`vigil tick`). Run one worker per deployment, or more: the
tick is safe to run in several at once.
"""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at the task queue (default 1)",
        )
        parser.add_argument(
            "--tick-every",
            type=float,
            default=60.0,
            help="seconds between clock ticks (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        stop = threading.Event()
        ticker = threading.Thread(
            target=_tick_forever, args=(stop, options["tick_every"]), daemon=True, name="vigil-tick"
        )
        ticker.start()
        self.stdout.write(
            "Vigil worker running: tasks from the queue, and the clock tick every minute."
        )
        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"vigil-{timezone.now():%Y%m%d%H%M%S}",
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
