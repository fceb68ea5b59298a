"""`make bench [SCALE=10000]`: the production configuration at scale, page by page.

1. A database of its own, built with the project's commands: migrations, load_demo_content,
   generate_cooperatives --count SCALE (with certification histories) and generate_news
   (500 items in Italian and English). SQLite in bench/data/bench-SCALE.sqlite3, built once
   (--fresh rebuilds it), or the PostgreSQL database of DATABASE_URL (built when empty).
2. The SQL queries of every address, counted in-process with Django's test client
   (bench/queries.py): the first request and the next one.
3. gunicorn with config/gunicorn.conf.py and config.settings.production (DEBUG off, static
   files collected, rate limits off, HTTPS redirect off), once with the full-page cache off
   and once on; for each address, after one warm-up request, bounded wrk runs: with the
   cache off one connection (the time a request takes) and --connections connections (the
   load), with the cache on --connections connections.
4. bench/results.md (a table) and bench/results.json (bench/results-SCALE.* for another
   scale), with the machine it ran on; the same summary on the terminal.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
sys.path.insert(0, str(ROOT))
from loadtest.server import cores, cpu_model, fetch, start_server, stop_server  # noqa: E402
from tests.snapshots import demo_fingerprint  # noqa: E402

PYTHON = sys.executable
# Variables of the caller's shell that would point the server somewhere else.
FOREIGN = ("REDIS_URL", "ELASTICSEARCH_URL", "MEDIA_ROOT", "STATIC_ROOT", "PAGE_CACHE")
TARGETS = {10_000: 60, 100_000: 150}  # p95 in ms, cache off, register queries and cooperative
TIMED = ("register", "cooperative")  # the kinds the p95 target is about
CACHED_RPS = 1000
BADGE_MS = 15  # p95 of the live badge, cache off, one connection
ATTESTATION_MS = 1000  # p95 of one attestation PDF, cache off, one connection (issue 15)
BULK_TARGET_MS = 1000  # a bulk verification of 500 numbers, page or API, one connection


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=10_000, help="cooperatives (10000)")
    parser.add_argument("--news", type=int, default=500, help="news items (500)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (10)")
    parser.add_argument("--connections", type=int, default=8, help="connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--single-duration", type=int, default=5, help="1-connection run (5)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the SQLite database")
    parser.add_argument("--redis-url", default="", help="Redis for both caches (default: none)")
    return parser.parse_args()


# The dataset -------------------------------------------------------------------------------


def base_env(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    env = {key: value for key, value in env.items() if not key.startswith(("AWS_", "FRONTEND_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        RATELIMIT_ENABLED="false",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(DATA / "static"),
        MEDIA_ROOT=str(DATA / "media"),
        PAGE_CACHE_DIR=str(DATA / "pagecache"),
        PYTHONPATH=str(ROOT),
        PYTHONWARNINGS="ignore",
    )
    return env


def run(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def timed(env: dict[str, str], *command: str) -> float:
    started = time.monotonic()
    print(f"  {' '.join(command[1:])}…", flush=True)
    run(env, PYTHON, "manage.py", *command[1:])
    return round(time.monotonic() - started, 1)


GENERATED = """
import django; django.setup()
from register.models import Cooperative
from news.models import NewsPage
print(Cooperative.objects.filter(slug__startswith="gen-").count(),
      NewsPage.objects.filter(slug__startswith="gen-", locale__language_code="it").count())
"""


def build(env: dict[str, str], scale: int, news: int) -> dict[str, float]:
    """The dataset, with the time each command took."""
    return {
        "migrate": timed(env, "manage.py", "migrate", "--noinput"),
        "load_demo_content": timed(env, "manage.py", "load_demo_content"),
        "generate_cooperatives": timed(
            env, "manage.py", "generate_cooperatives", "--count", str(scale), "--seed", "1"
        ),
        "generate_news": timed(
            env, "manage.py", "generate_news", "--count", str(news), "--seed", "1"
        ),
    }


def prepare(args: argparse.Namespace) -> tuple[dict[str, str], dict]:
    DATA.mkdir(parents=True, exist_ok=True)
    built_file = DATA / f"build-{args.scale}.json"
    if database_url := os.environ.get("DATABASE_URL", ""):
        env = base_env(database_url)
        run(env, PYTHON, "manage.py", "migrate", "--noinput")
        cooperatives, news = map(int, run(env, PYTHON, "-c", GENERATED).split())
        if cooperatives == 0:
            print(f"Building the dataset in {database_url.rsplit('@', 1)[-1]}…", flush=True)
            built_file.write_text(json.dumps(build(env, args.scale, args.news)))
        elif cooperatives != args.scale or news != args.news:
            sys.exit(
                f"The database holds {cooperatives} generated cooperatives and {news} news "
                f"items, not {args.scale} and {args.news}: give an empty database."
            )
    else:
        database = DATA / f"bench-{args.scale}.sqlite3"
        env = base_env(f"sqlite:///{database}")
        # The dataset is made again when the code or data it was made from has changed
        # (a migration, the demo, a generator), as the test suite's demo snapshot is.
        made_from = demo_fingerprint()
        built_before = json.loads(built_file.read_text()) if built_file.exists() else {}
        if args.fresh or not database.exists() or built_before.get("made_from") != made_from:
            print(f"Building the dataset in {database.relative_to(ROOT)}…", flush=True)
            building = DATA / f"building-{args.scale}.sqlite3"
            building.unlink(missing_ok=True)
            times = build({**env, "DATABASE_URL": f"sqlite:///{building}"}, args.scale, args.news)
            building.replace(database)  # only a complete database takes the name
            built_file.write_text(json.dumps({**times, "made_from": made_from}))
    run(env, PYTHON, "manage.py", "collectstatic", "--noinput", "-v0")
    built = json.loads(built_file.read_text()) if built_file.exists() else {}
    built.pop("made_from", None)
    return env, built


# The server and the load -------------------------------------------------------------------


def script_for(measured: dict) -> Path:
    """report.lua, with what a POST sends before it (the method, body, type and cookie)."""
    if "body" not in measured:
        return BENCH / "report.lua"
    body = measured["body"]
    level = "=" * next(n for n in range(1, 20) if f"]{'=' * n}]" not in body)
    lines = [
        'wrk.method = "POST"',
        f"wrk.body = [{level}[{body}]{level}]",
        f'wrk.headers["Content-Type"] = "{measured["content_type"]}"',
    ]
    if cookie := measured.get("cookie"):
        lines.append(f'wrk.headers["Cookie"] = "{cookie}"')
    script = DATA / f"post-{re.sub(r'[^a-z0-9]+', '-', measured['path'])}.lua"
    script.write_text("\n".join(lines) + "\n" + (BENCH / "report.lua").read_text())
    return script


def request_of(base: str, measured: dict) -> tuple[str, dict, bytes | None]:
    """What fetch() sends for an address: its URL, headers and, for a POST, its body."""
    if "body" not in measured:
        return base + measured["path"], {}, None
    headers = {"Content-Type": measured["content_type"]}
    if cookie := measured.get("cookie"):
        headers["Cookie"] = cookie
    return base + measured["path"], headers, measured["body"].encode()


def wrk(
    url: str, connections: int, threads: int, duration: int, script: Path | None = None
) -> dict:
    command = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections)]
    script = script or BENCH / "report.lua"
    command += ["-d", f"{duration}s", "--timeout", "30s", "-s", str(script), url]
    result = subprocess.run(command, capture_output=True, text=True)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        sys.exit(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    values = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}
    seconds = values["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": values["requests"],
        "rps": round(values["requests"] / seconds, 1),
        "p50_ms": round(values["p50"] / 1000, 1),
        "p95_ms": round(values["p95"] / 1000, 1),
        "p99_ms": round(values["p99"] / 1000, 1),
        "bad_answers": values["bad"],
        "socket_errors": values["socket_errors"],
    }


def load(args, env, urls: dict, page_cache: str) -> dict[str, dict]:
    print(f"Full-page cache {page_cache}: gunicorn starting…", flush=True)
    shutil.rmtree(DATA / "pagecache", ignore_errors=True)
    server, base = start_server(
        {**env, "PAGE_CACHE": page_cache}, DATA / f"gunicorn-{page_cache}.log"
    )
    results, statuses = {}, {}
    try:
        # Warm-up of every address before any is measured, not counted: every worker fills
        # its caches (shared data, id sets, renditions) and the page cache stores the pages.
        for name, measured in urls.items():
            url = base + measured["path"]
            statuses[name] = fetch(*request_of(base, measured))[0]
            if statuses[name] == 404 and name == "API listing":
                results[name] = {"status": 404, "note": "n/a: the API answers 404"}
            elif not 200 <= statuses[name] < 300:
                sys.exit(f"{statuses[name]} from {measured['path']} before any load")
            else:
                wrk(url, args.connections, args.threads, 2, script_for(measured))
        for name, measured in urls.items():
            if name in results:
                continue
            url, script = base + measured["path"], script_for(measured)
            runs = {
                "status": statuses[name],
                "page_cache": fetch(*request_of(base, measured))[1] or "-",
            }
            if page_cache == "off":
                runs["single"] = wrk(url, 1, 1, args.single_duration, script)
            runs["loaded"] = wrk(url, args.connections, args.threads, args.duration, script)
            results[name] = runs
            summary = runs["loaded"]
            print(
                f"  {name:28s} {summary['rps']:8.1f} req/s  p95 {summary['p95_ms']:7.1f} ms"
                + (
                    f"  (1 connection: p95 {runs['single']['p95_ms']} ms)"
                    if "single" in runs
                    else ""
                ),
                flush=True,
            )
    finally:
        stop_server(server)
    return results


# The report --------------------------------------------------------------------------------


def machine(database: str) -> dict:
    memory = ""
    if Path("/proc/meminfo").exists():
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kilobytes / 1024 / 1024:.1f} GiB"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[
        0
    ]
    return {
        "cpu": cpu_model(),
        "cores": cores(),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "database": database,
        "wrk": wrk_version.strip(),
        "gunicorn": "config/gunicorn.conf.py (gthread; workers and threads from WEB_CONCURRENCY, "
        "GUNICORN_THREADS or their defaults)",
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
    }


def verdicts(scale: int, results: dict, urls: dict) -> list[str]:
    lines = []
    limit = TARGETS.get(scale)
    for name, measured in urls.items():
        off, on = results["off"].get(name, {}), results["on"].get(name, {})
        if "loaded" not in off:
            continue
        if measured["next"] > 15:
            lines.append(f"{name}: {measured['next']} queries per request (target 15)")
        if "bulk" in name and off["single"]["p95_ms"] > BULK_TARGET_MS:
            lines.append(
                f"{name}: p95 {off['single']['p95_ms']} ms with one connection (target "
                f"{BULK_TARGET_MS} ms)"
            )
        if limit and name.split()[0] in TIMED:
            for label, run_ in (("1 connection", off["single"]), ("loaded", off["loaded"])):
                if run_["p95_ms"] > limit:
                    lines.append(
                        f"{name}: p95 {run_['p95_ms']} ms with the cache off, {label} "
                        f"(target {limit} ms)"
                    )
        if name == "badge" and off["single"]["p95_ms"] > BADGE_MS:
            lines.append(
                f"{name}: p95 {off['single']['p95_ms']} ms with the cache off, 1 connection "
                f"(target {BADGE_MS} ms)"
            )
        if name == "attestation PDF" and off["single"]["p95_ms"] > ATTESTATION_MS:
            lines.append(
                f"{name}: p95 {off['single']['p95_ms']} ms with one connection "
                f"(target {ATTESTATION_MS} ms)"
            )
        if "loaded" in on and on.get("page_cache") == "hit" and on["loaded"]["rps"] < CACHED_RPS:
            lines.append(
                f"{name}: {on['loaded']['rps']} req/s from the page cache (target {CACHED_RPS})"
            )
    return lines


def cell(run_: dict | None) -> str:
    if not run_:
        return "n/a"
    return f"{run_['rps']:.0f} | {run_['p50_ms']} | {run_['p95_ms']} | {run_['p99_ms']}"


def markdown(report: dict) -> str:
    m, args = report["machine"], report["settings"]
    command = "make bench" + ("" if report["scale"] == 10_000 else f" SCALE={report['scale']}")
    lines = [
        f"# Benchmark: {report['scale']:,} cooperatives, {args['news']} news items",
        "",
        f"Run {report['date']} by `{command}` (bench/run.py; what the figures mean: "
        "bench/README.md).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['system']}; Python "
        f"{m['python']}; {m['database']}; {m['wrk']}. Load average before the run "
        f"{m['load_average_before']}, after {report['load_average_after']} (the machine is "
        "shared: other work runs beside the benchmark).",
        "",
        f"wrk runs of {args['duration']} s with {args['connections']} connections (and "
        f"{args['single_duration']} s with one connection, cache off). Latencies in ms. "
        "Queries: SQL queries of the first request / of the next ones (Django's test client, "
        "page cache off).",
        "",
        "| page | queries | off, 1 conn p50 | p95 | p99 | off, 8 conn req/s | p50 | p95 | p99 "
        "| on, 8 conn req/s | p50 | p95 | p99 | page cache |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, measured in report["urls"].items():
        off, on = report["results"]["off"].get(name, {}), report["results"]["on"].get(name, {})
        if "loaded" not in off:
            lines.append(
                f"| {name} | {measured['status']} | " + " | ".join(["n/a"] * 11) + " | - |"
            )
            continue
        single = off["single"]
        method = "POST " if measured.get("method") == "POST" else ""
        lines.append(
            f"| {name} ({method}`{measured['path']}`) | "
            f"{measured['first']} / {measured['next']} | "
            f"{single['p50_ms']} | {single['p95_ms']} | {single['p99_ms']} | "
            f"{cell(off.get('loaded'))} | {cell(on.get('loaded'))} | {on.get('page_cache', '-')} |"
        )
    lines += ["", "## Short of target", ""]
    lines += [f"- {line}" for line in report["short_of_target"]] or ["- nothing"]
    if report["build_seconds"]:
        built = ", ".join(
            f"{step} {seconds} s" for step, seconds in report["build_seconds"].items()
        )
        lines += ["", f"Dataset built in: {built}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it where it can).")
    env, built = prepare(args)
    print("Counting the SQL queries of each address…", flush=True)
    counted = json.loads(
        run({**env, "PAGE_CACHE": "off"}, PYTHON, "bench/queries.py").strip().splitlines()[-1]
    )
    urls = counted["urls"]
    report = {
        "scale": args.scale,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "settings": vars(args),
        "machine": machine(counted["database"]),
        "urls": urls,
        "build_seconds": built,
        "results": {},
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    for page_cache in ("off", "on"):
        report["results"][page_cache] = load(args, env, urls, page_cache)
    report["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    # What a POST sent is not part of the report: its size says enough.
    for measured in urls.values():
        if body := measured.pop("body", None):
            measured["body_bytes"] = len(body.encode())
            measured.pop("cookie", None)
    report["short_of_target"] = verdicts(args.scale, report["results"], urls)
    suffix = "" if args.scale == 10_000 else f"-{args.scale}"
    (BENCH / f"results{suffix}.json").write_text(json.dumps(report, indent=2) + "\n")
    text = markdown(report)
    (BENCH / f"results{suffix}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
