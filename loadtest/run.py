"""`make loadtest`: the production configuration under gunicorn on 127.0.0.1, driven by wrk.

1. A database of its own (loadtest/data/db.sqlite3: migrations and the demo content, built
   once; --fresh rebuilds it), static files collected, DEBUG off, HTTPS as behind the proxy.
2. gunicorn with config/gunicorn.conf.py; the rate limits off (RATELIMIT_ENABLED=false), the
   page cache as PAGE_CACHE says (on by default, as in production).
3. Every address of the mix (loadtest/urls.py) requested once first: any answer that is not
   2xx/3xx stops the run (the API's are left out, with a notice, while it is not there).
4. wrk with loadtest/mix.lua for --duration seconds over --connections connections.
5. The report: throughput, latency percentiles, errors, non-2xx/3xx answers, page cache hits,
   and the server's time per kind of address from gunicorn's JSON access log. Written to
   loadtest/data/results.json too. Exit status 1 when anything failed.
"""

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from loadtest.server import cpu_model, fetch, start_server, stop_server  # noqa: E402

DATA = ROOT / "loadtest" / "data"
BIN = Path(sys.executable).parent
HTTPS = {"X-Forwarded-Proto": "https"}
# Variables of the caller's shell that would point the server elsewhere.
FOREIGN = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "MEDIA_ROOT", "STATIC_ROOT")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", help="gunicorn workers (default: config/gunicorn.conf.py)")
    parser.add_argument("--page-cache", default=os.environ.get("PAGE_CACHE", "on"))
    parser.add_argument("--redis-url", default="", help="Redis for the caches (default: none)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    return parser.parse_args()


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    env = {key: value for key, value in env.items() if not key.startswith(("AWS_", "FRONTEND_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{DATA / 'db.sqlite3'}",
        STATIC_ROOT=str(DATA / "static"),
        MEDIA_ROOT=str(DATA / "media"),
        PAGE_CACHE_DIR=str(DATA / "pagecache"),
        PAGE_CACHE=args.page_cache,
        RATELIMIT_ENABLED="false",
        PYTHONWARNINGS="ignore",
        PYTHONPATH=str(ROOT),
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def manage(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(env: dict[str, str], fresh: bool) -> list[dict]:
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "db.sqlite3"
    if fresh or not database.exists():
        print("Building the load-test database (migrations and demo content)…", flush=True)
        building = DATA / "building.sqlite3"
        building.unlink(missing_ok=True)
        build_env = {**env, "DATABASE_URL": f"sqlite:///{building}"}
        manage(build_env, "manage.py", "migrate", "--noinput")
        manage(build_env, "manage.py", "load_demo_content")
        building.replace(database)  # only a complete database takes the name
    manage(env, "manage.py", "collectstatic", "--noinput", "-v0")
    shutil.rmtree(DATA / "pagecache", ignore_errors=True)  # start from an empty page cache
    return json.loads(manage(env, "loadtest/urls.py").strip().splitlines()[-1])


def preflight(base: str, entries: list[dict]) -> tuple[list[dict], list[str]]:
    """Request every address once; leave out the API while it answers 404 everywhere."""
    statuses = {entry["path"]: fetch(base + entry["path"], HTTPS)[0] for entry in entries}
    notes = []
    api = [entry for entry in entries if entry["kind"] == "api"]
    if api and all(statuses[entry["path"]] == 404 for entry in api):
        notes.append("The API (/api/v1/) answers 404: left out of the mix until it lands.")
        entries = [entry for entry in entries if entry["kind"] != "api"]
    failures = [
        f"{statuses[entry['path']]} {entry['path']}"
        for entry in entries
        if not 200 <= statuses[entry["path"]] < 400
    ]
    if failures:
        sys.exit("Addresses that fail before any load:\n  " + "\n  ".join(failures))
    return entries, notes


def write_paths(entries: list[dict]) -> Path:
    paths = [entry["path"] for entry in entries for _ in range(entry["weight"])]
    random.Random(8).shuffle(paths)  # kinds interleaved, the same order every run
    target = DATA / "paths.txt"
    target.write_text("\n".join(paths) + "\n")
    return target


def run_wrk(args: argparse.Namespace, base: str, paths: Path) -> dict:
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections)]
    command += ["-d", f"{args.duration}s", "--timeout", "10s", "--latency"]
    command += ["-s", str(ROOT / "loadtest" / "mix.lua"), base]
    print(f"wrk: {args.connections} connections, {args.threads} threads, {args.duration} s…")
    result = subprocess.run(
        command, env={**os.environ, "LOADTEST_PATHS": str(paths)}, capture_output=True, text=True
    )
    for line in result.stdout.splitlines():
        if line.startswith("LOADTEST-SUMMARY "):
            return json.loads(line.removeprefix("LOADTEST-SUMMARY "))
    sys.exit(f"wrk failed:\n{result.stdout}\n{result.stderr}")


def read_access_log(log_path: Path, entries: list[dict], offset: int) -> dict:
    """The requests logged from `offset` on (the load, not the preflight)."""
    kinds = {entry["path"]: entry["kind"] for entry in entries}
    durations = defaultdict(list)
    statuses, cache = Counter(), Counter()
    with log_path.open() as log:
        log.seek(offset)
        text = log.read()
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") != "gunicorn.access" or record["path"] == "/health/":
            continue
        path = record["path"] + (f"?{record['query']}" if record["query"] else "")
        durations[kinds.get(path, "other")].append(record["duration_ms"])
        statuses[record["status"]] += 1
        cache[record.get("page_cache") or "none"] += 1
    by_kind = {}
    for kind, values in sorted(durations.items()):
        values.sort()
        by_kind[kind] = {
            "requests": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(values[int(0.95 * (len(values) - 1))], 1),
            "max_ms": round(values[-1], 1),
        }
    return {"statuses": dict(statuses), "page_cache": dict(cache), "by_kind": by_kind}


def machine() -> str:
    return f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def report(args, wrk: dict, server: dict, notes: list[str], entries: list[dict]) -> bool:
    seconds = wrk["duration_us"] / 1e6
    latency = wrk["latency_us"]
    errors = wrk["errors"]
    socket_errors = sum(errors[k] for k in ("connect", "read", "write", "timeout"))
    bad = sum(n for status, n in wrk["statuses"].items() if not 200 <= int(status) < 400)
    server_errors = sum(n for status, n in server["statuses"].items() if int(status) >= 500)
    hits = server["page_cache"].get("hit", 0)
    ms = {p: latency["percentiles"][p] / 1000 for p in latency["percentiles"]}
    lines = [
        f"Load test on {machine()}",
        f"  gunicorn (config/gunicorn.conf.py) on SQLite, PAGE_CACHE={args.page_cache}, "
        f"cache: {'Redis' if args.redis_url else 'local memory + shared file page cache'}",
        f"  {len(entries)} addresses: "
        + ", ".join(f"{k} {n}" for k, n in Counter(e["kind"] for e in entries).items()),
        *(f"  note: {note}" for note in notes),
        f"  {args.connections} connections, {args.threads} wrk threads, {seconds:.0f} s",
        "",
        f"Throughput   {wrk['requests'] / seconds:.1f} requests/s "
        f"({wrk['requests']} requests, {wrk['bytes'] / seconds / 1e6:.2f} MB/s)",
        f"Latency      mean {latency['mean'] / 1000:.1f} ms, "
        + ", ".join(f"p{p} {value:.1f}" for p, value in ms.items())
        + f", max {latency['max'] / 1000:.1f} ms",
        f"Errors       {socket_errors} (connect {errors['connect']}, read {errors['read']}, "
        f"write {errors['write']}, timeout {errors['timeout']})",
        f"Non-2xx/3xx  {bad}   statuses: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(wrk["statuses"].items())),
        f"Server 5xx   {server_errors} (gunicorn access log)",
        "Page cache   "
        + ", ".join(f"{k} {n}" for k, n in sorted(server["page_cache"].items()))
        + (f" ({100 * hits / max(1, sum(server['page_cache'].values())):.0f}% hits)"),
        "",
        "Server time per kind of address (gunicorn access log, ms):",
        f"  {'kind':<13}{'requests':>9}{'p50':>9}{'p95':>9}{'max':>9}",
    ]
    for kind, row in server["by_kind"].items():
        numbers = "".join(f"{row[key]:>9}" for key in ("requests", "p50_ms", "p95_ms", "max_ms"))
        lines.append(f"  {kind:<13}{numbers}")
    print("\n".join(lines))
    results = {"arguments": vars(args), "machine": machine(), "wrk": wrk, "server": server}
    (DATA / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    return socket_errors == 0 and bad == 0 and server_errors == 0


def main() -> None:
    args = arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    env = server_env(args)
    entries = prepare(env, args.fresh)
    log_path = DATA / "gunicorn.log"
    server, base = start_server(env, log_path, HTTPS, wait=90)
    try:
        entries, notes = preflight(base, entries)
        paths = write_paths(entries)
        offset = log_path.stat().st_size
        wrk = run_wrk(args, base, paths)
    finally:
        stop_server(server)
    ok = report(args, wrk, read_access_log(log_path, entries, offset), notes, entries)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
