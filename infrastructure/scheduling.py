"""Scheduled work: what must happen every day whether or not anyone visits (the alerts'
digests and expiry warnings, deleting what is kept no longer), run by one command,
`manage.py run_scheduled_work`, from cron or a systemd timer in production (daily, or hourly:
every job is idempotent, a rerun does nothing twice) and every few minutes beside `make run`.

The jobs are declared by the apps that own them, through the `scheduled_work` Wagtail hook:
each is a function taking the current time and returning one line on what it did. One
failing job is logged and does not stop the others."""

import datetime
import logging
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from wagtail import hooks

logger = logging.getLogger(__name__)

HOOK = "scheduled_work"
# How often `make run` runs the scheduled work beside the development server.
DEV_INTERVAL_SECONDS = 300


@dataclass
class Outcome:
    job: str
    summary: str
    failed: bool = False


def jobs() -> list:
    return list(hooks.get_hooks(HOOK))


def run_jobs(now: datetime.datetime | None = None) -> list[Outcome]:
    now = now or timezone.now()
    outcomes = []
    for job in jobs():
        name = f"{job.__module__}.{job.__qualname__}"
        try:
            outcomes.append(Outcome(name, job(now)))
        except Exception as error:
            logger.exception("Scheduled job %s failed", name)
            outcomes.append(Outcome(name, f"failed: {error}", failed=True))
    return outcomes


def start_scheduler(env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """`manage.py run_scheduled_work --every …` in a process group of its own (stopped like
    the worker, infrastructure.worker.stop_worker); it prints only failures."""
    manage = settings.BASE_DIR / "manage.py"
    every = str(DEV_INTERVAL_SECONDS)
    return subprocess.Popen(
        [sys.executable, str(manage), "run_scheduled_work", "--every", every, "--verbosity", "0"],
        cwd=manage.parent,
        env=env,
        start_new_session=True,
        **popen,
    )
