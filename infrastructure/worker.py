"""The background worker: `manage.py db_worker` (django-tasks-db) runs the queued tasks (mail,
search and reference index updates, CDN purges). `make run` starts it beside the development
server; production runs it as a service of its own (README, "Production")."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


def uses_worker() -> bool:
    """Whether tasks wait for a worker (the database queue) or run where they are enqueued."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def start_worker(env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """`manage.py db_worker` in a process group of its own, so that stopping it also stops
    the reloader's child it has with DEBUG on (or anything else it started)."""
    return subprocess.Popen(
        [sys.executable, str(MANAGE_PY), "db_worker", "--no-startup-delay"],
        cwd=MANAGE_PY.parent,
        env=env,
        start_new_session=True,
        **popen,
    )


def stop_worker(worker: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, which lets the worker finish the task it is running; SIGKILL after timeout."""
    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def queue_health() -> dict[str, str | int] | None:
    """How the queue looks on /health/: the tasks waiting to run and how long the oldest has
    waited, in seconds (since it was enqueued, or since its retry became due), "stale" past
    TASKS_STALE_SECONDS (no worker, or a stuck one); None where tasks run as they are enqueued."""
    if not uses_worker():
        return None
    waiting = DBTaskResult.objects.ready()
    now = timezone.now()
    since = [
        waiting.filter(run_after=get_date_max()).order_by("enqueued_at").first(),
        waiting.exclude(run_after=get_date_max()).order_by("run_after").first(),
    ]
    ages = [
        now - (task.enqueued_at if task.run_after == get_date_max() else task.run_after)
        for task in since
        if task is not None
    ]
    age = int(max(ages).total_seconds()) if ages else 0
    return {
        "status": "stale" if age > settings.TASKS_STALE_SECONDS else "ok",
        "waiting": waiting.count(),
        "oldest_seconds": age,
    }
