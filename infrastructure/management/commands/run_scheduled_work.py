import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from infrastructure.scheduling import run_jobs


class Command(BaseCommand):
    help = (
        "Run the scheduled work once (the alerts' digests and expiry warnings, deleting what "
        "is kept no longer): from cron or a systemd timer, daily or hourly. Idempotent: "
        "running it again sends and does nothing twice. --every SECONDS repeats it until "
        "stopped (make run does so beside the development server)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Run again every SECONDS until stopped (SIGTERM or Ctrl+C).",
        )

    def handle(self, *args, every: int | None = None, **options) -> None:
        if every is not None and every < 1:
            raise CommandError("--every takes a number of seconds, at least 1.")
        stop = threading.Event()
        previous = None
        if every:
            # SIGTERM (stop_worker) ends the wait at once; a run under way finishes first.
            previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        failed = False
        try:
            while True:
                for outcome in run_jobs():
                    failed |= outcome.failed
                    if options["verbosity"] >= 1 or outcome.failed:
                        style = self.style.ERROR if outcome.failed else self.style.SUCCESS
                        self.stdout.write(style(f"{outcome.job}: {outcome.summary}"))
                if not every or stop.wait(every):
                    break
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        if failed and not every:
            raise CommandError("Some scheduled work failed; see the log.")
