"""`nearer worker`: deliver reminders, scheduled notes and emails as they fall due."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from nearer.notifications import worker


class Command(BaseCommand):
    help = "Run background work: reminders, scheduled notes and emails, as they fall due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Do what is due now, then stop (for cron)."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks for tasks."
        )
        parser.add_argument(
            "--sweep-every", type=float, default=30.0, help="Seconds between sweeps."
        )

    def handle(
        self, *args: object, once: bool, interval: float, sweep_every: float, **options: object
    ) -> None:
        if not once:
            self.stdout.write("Nearer worker running (Ctrl+C to stop).")
        try:
            worker.run(once=once, interval=interval, sweep_every=sweep_every)
        except KeyboardInterrupt:
            self.stdout.write("Worker stopped.")
