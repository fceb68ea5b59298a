"""`.venv/bin/python bench/import_job.py [--rows 10000]`: how long a large import takes, by the
command and by the admin's background job on the worker (register/import_jobs.py).

A SQLite database of its own (bench/data/import-base.sqlite3: migrations and the demo, built
once), copied afresh for each measurement, and a file of ROWS new cooperatives in the import
format (bench/data/import-ROWS.csv). Then:

1. `manage.py import_cooperatives FILE`: the wall time (validation and write in one process);
2. the admin's job: `manage.py db_worker` started beside a client process that signs in,
   uploads the file (the time of that request), waits on the job's page for the check, confirms
   and waits for the import; the check's and the import's times come from the job's row
   (started_at → finished_at), the page's reads from the client, which also records how many
   different progress counts it saw while the worker wrote.

The machine is shared: give the load average printed with the figures.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = sys.executable

CLIENT = """
import json, re, sys, time, django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from wagtail.users.models import UserProfile
from register.models import ImportJob

user = User.objects.create_superuser("bench-manager", "bench@example.org", "unused")
profile = UserProfile.get_for_user(user)
profile.preferred_language = "en"
profile.save()
client = Client()
client.force_login(user)
BAR = re.compile(r'<progress id="import-job-progress" [^>]*max="(\\d+)" value="(\\d+)"')
reads = []

def follow(url):
    seen = set()
    while True:
        started = time.monotonic()
        page = client.get(url).content.decode()
        reads.append(time.monotonic() - started)
        if 'id="import-job-status"' not in page:
            return page, len(seen)
        if bar := BAR.search(page):
            seen.add(bar.groups())
        time.sleep(0.5)

started = time.monotonic()
with open(sys.argv[1], "rb") as handle:
    url = client.post("/admin/register/import/", {"file": handle})["Location"]
upload = time.monotonic() - started
page, checked_counts = follow(url)
fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
client.post(url + "confirm/", {"fingerprint": fingerprint})
page, imported_counts = follow(url)
total = time.monotonic() - started
job = ImportJob.objects.get()
print(json.dumps({
    "state": job.state, "counts": job.counts, "upload_request_s": round(upload, 2),
    "import_step_s": round((job.finished_at - job.started_at).total_seconds(), 1),
    "upload_to_done_s": round(total, 1), "progress_counts_seen": checked_counts + imported_counts,
    "page_read_ms_max": round(max(reads) * 1000), "page_reads": len(reads),
}))
"""


def env_for(database: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(DATA / "media"),
        PAGE_CACHE_DIR=str(DATA / "import-cache"),  # the cache the worker and pages share
        TASKS_BACKEND="database",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",  # the client process's test client
        PYTHONWARNINGS="ignore",
    )
    return env


def run(env: dict[str, str], *command: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def base_database() -> Path:
    base = DATA / "import-base.sqlite3"
    if not base.exists():
        print("building bench/data/import-base.sqlite3 (migrate, load_demo_content)…", flush=True)
        partial = base.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        env = env_for(partial)
        run(env, PYTHON, "manage.py", "migrate", "-v0")
        run(env, PYTHON, "manage.py", "load_demo_content")
        partial.rename(base)
    return base


def fresh_copy(name: str) -> Path:
    target = DATA / f"import-{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base_database(), target)
    return target


def write_file(rows: int) -> Path:
    """New cooperatives with the mark issued, fictional VAT numbers of their own range."""
    from stdnum import luhn

    path = DATA / f"import-{rows}.csv"
    columns = ["name", "vat_number", "legal_form", "sectors", "areas", "comune", "postcode"]
    columns += ["email", "certificate_number", "issued_on", "valid_until", "description"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number in range(1, rows + 1):
            first_ten = f"{6_100_000 + number:07d}016"
            writer.writerow(
                [
                    f"Cooperativa Bench {number}",
                    first_ten + luhn.calc_check_digit(first_ten),
                    "sociale-b",
                    "pulizie;logistica",
                    "bg-isola",
                    "Bergamo",
                    "24121",
                    f"info{number}@example.org",
                    f"BENCH-{number}",
                    "2024-01-10",
                    "2027-01-10",
                    "Prima riga.\nSeconda riga.",
                ]
            )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    DATA.mkdir(parents=True, exist_ok=True)
    path = write_file(rows)
    base_database()
    print(f"load average before: {os.getloadavg()}", flush=True)

    env = env_for(fresh_copy("command"))
    started = time.monotonic()
    run(env, PYTHON, "manage.py", "import_cooperatives", str(path), "--verbosity", "0")
    command = round(time.monotonic() - started, 1)
    print(f"import_cooperatives, {rows} rows: {command} s", flush=True)

    env = env_for(fresh_copy("job"))
    shutil.rmtree(DATA / "import-cache", ignore_errors=True)
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        result = run(env, PYTHON, "-c", CLIENT, str(path))
    finally:
        worker.terminate()
        worker.wait(30)
    job = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"admin job on the worker, {rows} rows: {json.dumps(job)}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
