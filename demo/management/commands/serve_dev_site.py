import os
import signal

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from demo.management.commands.prepare_dev_site import dev_site_addresses
from infrastructure.scheduling import DEV_INTERVAL_SECONDS, start_scheduler
from infrastructure.worker import start_worker, stop_worker, uses_worker


class Command(RunserverCommand):
    help = (
        "Development only: Django's runserver with the background worker and the scheduled "
        "work (every few minutes) beside it; prints the site's addresses and the admin's "
        "credentials last, once it is listening (`make run`)."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("serve_dev_site is for local development (DEBUG on) only.")
        # Once, in the process that outlives the server's reloads (not in its child).
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            super().handle(*args, **options)
            return
        helpers = []
        if uses_worker():
            worker = start_worker()
            helpers.append(worker)
            self.stdout.write(
                f"Background worker running (manage.py db_worker, process {worker.pid})."
            )
        # Digests, expiry warnings, clean-up: what cron runs in production.
        scheduler = start_scheduler()
        helpers.append(scheduler)
        self.stdout.write(
            f"Scheduled work every {DEV_INTERVAL_SECONDS // 60} minutes "
            f"(manage.py run_scheduled_work, process {scheduler.pid})."
        )
        # Closing the terminal (SIGHUP) or `kill` (SIGTERM) ends the server as Ctrl+C does, so
        # that the helpers below stop with it instead of running on, orphaned.
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, _exit)
        try:
            super().handle(*args, **options)
        finally:
            for helper in reversed(helpers):
                stop_worker(helper)

    def on_bind(self, server_port: int) -> None:
        # Django's banner, then ours: the last lines before the request log, where one looks.
        super().on_bind(server_port)
        self.stdout.write(self.style.SUCCESS(dev_site_addresses(server_port)))


def _exit(signum, frame) -> None:
    raise SystemExit(0)
