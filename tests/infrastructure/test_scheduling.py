"""The scheduled work: one command runs every job the apps declare (`scheduled_work` hook),
once from cron or again and again beside `make run`; a failing job is reported and does not
stop the others."""

import io
import os
import signal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail import hooks

from infrastructure.scheduling import HOOK, run_jobs

pytestmark = pytest.mark.django_db


def test_the_command_runs_every_declared_job_and_says_what_each_did(site):
    seen = []

    def count(now) -> str:
        seen.append(now)
        return "3 things done"

    output = io.StringIO()
    with hooks.register_temporarily(HOOK, count):
        call_command("run_scheduled_work", stdout=output)
    lines = output.getvalue().splitlines()
    assert any(line.startswith("alerts.wagtail_hooks.send_alerts: ") for line in lines)
    assert any(line.endswith("<locals>.count: 3 things done") for line in lines)
    assert len(seen) == 1


def test_a_failing_job_is_reported_and_the_others_still_run(site, caplog):
    ran = []

    def broken(now) -> str:
        raise RuntimeError("the disk is full")

    def after(now) -> str:
        ran.append(True)
        return "done"

    output = io.StringIO()
    with hooks.register_temporarily([(HOOK, broken), (HOOK, after)]):
        outcomes = {outcome.job.rsplit(".", 1)[-1]: outcome for outcome in run_jobs()}
        assert (outcomes["broken"].failed, outcomes["after"].failed) == (True, False)
        with pytest.raises(CommandError, match="Some scheduled work failed"):
            call_command("run_scheduled_work", stdout=output, verbosity=0)
    assert "failed: the disk is full" in output.getvalue()
    assert "done" not in output.getvalue()  # verbosity 0: failures only
    assert ran == [True, True]
    assert "Scheduled job" in caplog.text


def test_every_repeats_until_sigterm(site):
    runs = []

    def job(now) -> str:
        runs.append(now)
        if len(runs) == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # what stop_worker sends
        return "ok"

    before = signal.getsignal(signal.SIGTERM)
    with hooks.register_temporarily(HOOK, job):
        call_command("run_scheduled_work", every=1, stdout=io.StringIO())
    assert len(runs) == 2
    assert signal.getsignal(signal.SIGTERM) == before
    with pytest.raises(CommandError, match="at least 1"):
        call_command("run_scheduled_work", every=0)
