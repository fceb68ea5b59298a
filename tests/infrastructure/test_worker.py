"""The background worker for real: `manage.py db_worker` in a process of its own, on a copy of
the suite's database (PostgreSQL's test database itself), runs a task queued by another
process, here an e-mail that reaches a real SMTP server, and stores the task's result. And
`make run`'s server starts that worker, and the scheduled work, beside itself and stops them
when it stops."""

import contextlib
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infrastructure.worker import start_worker, stop_worker
from tests.home.test_production import database_url_for_another_process, production_env, run
from tests.mail import body_of, free_port

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

QUEUE_AND_WAIT = """
import json, time, django
django.setup()
from django.core.mail import send_mail
from django_tasks_db.models import DBTaskResult

send_mail("Prova dal worker", "Consegnata in background.", "registro@example.org",
          ["ufficio@example.org"])
row = DBTaskResult.objects.get(task_path="infrastructure.mail.deliver_email")
queued = row.status
deadline = time.monotonic() + 60
while row.status in ("READY", "RUNNING") and time.monotonic() < deadline:
    time.sleep(0.2)
    row.refresh_from_db()
result = row.task_result
print(json.dumps({"queued": queued, "status": result.status, "value": result.return_value,
                  "workers": result.worker_ids}))
row.delete()
"""


def wait_for_line(
    process: subprocess.Popen, log_path: Path, text: str, timeout: float = 120
) -> str:
    """The process's output up to the first line with `text` in it (it failed if it ends)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = log_path.read_text()
        if text in output:
            return output
        assert process.poll() is None, output
        time.sleep(0.1)
    raise AssertionError(f"no line with {text!r} after {timeout} s:\n{log_path.read_text()}")


def environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_for_another_process(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "database",
        **variables,
    }


def test_a_worker_process_runs_a_queued_task_and_stores_its_result(tmp_path, smtp_server):
    env = environment(tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}")
    log = tmp_path / "worker.log"
    worker = start_worker(env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        queued = subprocess.run(
            [sys.executable, "-c", QUEUE_AND_WAIT],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        stop_worker(worker)
    assert queued.returncode == 0, queued.stderr + log.read_text()
    result = json.loads(queued.stdout.strip().splitlines()[-1])
    # Queued by the sender, run by the worker, and the outcome stored with the task.
    assert result["queued"] == "READY"
    assert result["status"] == "SUCCESSFUL", log.read_text()
    assert result["value"] == 1
    assert len(result["workers"]) == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "Prova dal worker"
    assert message["X-Envelope-To"] == "ufficio@example.org"
    assert body_of(message).strip() == "Consegnata in background."
    assert worker.returncode == 0  # stopped cleanly, by SIGTERM


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_the_development_server_runs_the_worker_and_the_scheduled_work_and_stops_them(
    tmp_path, stop
):
    env = environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_RUNSERVER_HIDE_WARNING="true",
        PYTHONUNBUFFERED="1",  # each line in the file as it is written
    )
    # Into a file, not a pipe: the server's helpers inherit its output and outlive a server
    # killed by a failing test; a pipe nobody reads fills up and stops all three.
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "serve_dev_site",
                "--noreload",
                f"127.0.0.1:{free_port()}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Ctrl+C reaches it as in a terminal, even when the suite runs as a background job
            # (whose children start with SIGINT ignored).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    helpers: list[int] = []
    try:
        started = wait_for_line(server, log_path, "Admin:")  # the addresses come last
        match = re.search(
            r"^Background worker running \(manage.py db_worker, process (\d+)\)\.$", started, re.M
        )
        assert match, started
        worker = int(match.group(1))
        helpers.append(worker)
        match = re.search(
            r"^Scheduled work every 5 minutes \(manage.py run_scheduled_work, process (\d+)\)\.$",
            started,
            re.M,
        )
        assert match, started
        scheduler = int(match.group(1))
        helpers.append(scheduler)
        assert "Starting development server" in started, started
        assert "db_worker" in Path(f"/proc/{worker}/cmdline").read_text()  # it runs
        assert "run_scheduled_work" in Path(f"/proc/{scheduler}/cmdline").read_text()
    finally:
        server.send_signal(stop)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()  # the test fails, but leaves no server and no helper behind
            server.wait()
            for helper in helpers:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(helper, signal.SIGKILL)
            raise AssertionError(log_path.read_text()) from None
    for helper in (worker, scheduler):
        with pytest.raises(ProcessLookupError):
            os.kill(helper, 0)


def test_health_shows_the_queue_and_a_stale_one_without_failing(client, settings, smtp_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    answer = client.get("/health/")
    assert answer.status_code == 200
    assert answer.json()["queue"] == {"status": "ok", "waiting": 0, "oldest_seconds": 0}

    mail.send_mail("Avviso", "Testo", "registro@example.org", ["a@example.org"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    answer = client.get("/health/")
    # Mail and index updates wait, the site serves: visible, not a reason to stop visitors.
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    queue = answer.json()["queue"]
    assert (queue["status"], queue["waiting"]) == ("stale", 1)
    assert 600 <= queue["oldest_seconds"] < 660

    # A retry waits for its time: its age counts from then, not from when it was queued.
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=30))
    queue = client.get("/health/").json()["queue"]
    assert (queue["status"], queue["waiting"]) == ("ok", 1)
    assert 30 <= queue["oldest_seconds"] < 90


SETTINGS_PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "tasks": settings.TASKS["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "delivery": settings.EMAIL_DELIVERY_BACKEND,
    "server": [settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER,
               settings.EMAIL_USE_TLS],
}))
"""


@pytest.mark.parametrize(
    ("variables", "tasks", "server"),
    [
        ({}, "django_tasks_db.DatabaseBackend", ["localhost", 25, None, False]),
        (
            {"TASKS_BACKEND": "immediate", "EMAIL_URL": "smtp+tls://mail:pw@smtp.example.org:587"},
            "django_tasks.backends.immediate.ImmediateBackend",
            ["smtp.example.org", 587, "mail", True],
        ),
    ],
)
def test_production_queues_mail_for_the_server_of_email_url(tmp_path, variables, tasks, server):
    found = run([sys.executable, "-c", SETTINGS_PROBE], production_env(tmp_path, **variables))
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout.strip().splitlines()[-1]) == {
        "tasks": tasks,
        "email": "infrastructure.mail.QueuedEmailBackend",
        "delivery": "django.core.mail.backends.smtp.EmailBackend",
        "server": server,
    }
