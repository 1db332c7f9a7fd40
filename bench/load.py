"""The load benchmark: the app under uvicorn, driven by wrk, beside Datasette on the same file.

    python -m bench.load                                  # 10k, 100k and 1M events, SQLite
    python -m bench.load --sizes 10000 --duration 5       # a quick look
    python -m bench.load --workers 2                      # two uvicorn workers
    python -m bench.load --database-url postgresql+psycopg://127.0.0.1:5432/contacts

For each size it generates (once: bench/.data caches them) or reuses a database, starts the app
on 127.0.0.1 with one uvicorn worker (uvloop, httptools: checked in the process's memory map),
and runs wrk (16 connections, --latency) for every scenario of bench/scenarios.py: requests per
second, p50, p99, errors; the reads once as served (the response cache on) and once with
CONTACTS_RESPONSE_CACHE=false (the cost of rendering them). Then Datasette serves the same
SQLite file, with facet suggestions off and with its defaults, for the read scenarios it can
serve. Event creation runs last, on a copy of the database, so the cached one stays as
generated, and then the mixed scenario (reads with a creation among every 20 requests, the cache
on). Each measurement is saved as soon as it is taken (bench/.data/results.json): --resume
carries on after an interruption. At the end the figures, the targets of issue 5 and the machine
go to bench/RESULTS.md.
"""

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import is_sqlite, make_engine
from bench import report, scenarios
from bench.databases import DATA_DIR, ensure_database
from bench.servers import Server, app_server, datasette_server, free_port

ROOT = Path(__file__).resolve().parent
LUA = ROOT / "wrk" / "requests.lua"
RESULTS_JSON = DATA_DIR / "results.json"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
CONNECTIONS = 16


def preflight(need_datasette: bool) -> None:
    problems = []
    if not shutil.which("wrk"):
        problems.append("wrk is missing: install it with `apt-get update && apt-get install -y wrk`.")
    if need_datasette:
        try:
            import datasette  # noqa: F401
        except ImportError:
            problems.append("Datasette is missing: `pip install -e '.[bench]'` (or --no-datasette).")
    if problems:
        sys.exit("\n".join(problems))


def run_wrk(url: str, requests: list[scenarios.Request], *, duration: float, connections: int,
            threads: int, token: str | None = None) -> dict:
    """One wrk run; its Lua script reports a JSON line that becomes the measurement."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        f.write("\n".join(r.line() for r in requests) + "\n")
    env = {"PATH": "/usr/bin:/bin", "BENCH_REQUESTS": f.name, "BENCH_TOKEN": token or ""}
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s",
               "--latency", "--timeout", "10s", "-s", str(LUA), url]
    try:
        out = subprocess.run(command, env=env, capture_output=True, text=True,
                             timeout=duration + 60)
    finally:
        Path(f.name).unlink(missing_ok=True)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000, "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000, "max_ms": raw["max_us"] / 1000,
        "requests": raw["requests"], "errors": sum(raw["errors"].values()),
        "non_2xx": raw["errors"]["status"], "bytes_per_request": raw["bytes"] / max(1, raw["requests"]),
    }


def check_first(server: Server, scenario: scenarios.Scenario, token: str | None) -> None:
    """Every request of the scenario once, by hand: a wrong status stops the run, with the body."""
    import urllib.error
    import urllib.request

    for r in scenario.requests[:50]:
        headers = dict(r.headers)
        if r.body:
            headers["Content-Type"] = "application/json"
        if token and r.method != "GET":  # as bench/wrk/requests.lua: readers are anonymous
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(server.url + r.path, data=r.body.encode() or None,
                                         headers=headers, method=r.method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, body = response.status, b""
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        expected = 201 if r.method == "POST" else scenario.expect
        if status != expected:
            raise RuntimeError(f"{scenario.name}: {r.method} {r.path} answered {status}, not "
                               f"{expected}: {body[:500]!r}")


class Results:
    """Measurements per run label (sqlite-1w, sqlite-2w, postgresql-1w, ...), size and scenario,
    saved after each one. A new run of a label replaces that label's figures (unless resumed)
    and keeps the others, so RESULTS.md shows them side by side."""

    def __init__(self, path: Path, label: str, resume: bool):
        self.path, self.label = path, label
        self.data = json.loads(path.read_text()) if path.exists() else {}
        self.data.setdefault("runs", {})
        if not resume or label not in self.data["runs"]:
            self.data["runs"][label] = {
                "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "commit": report.git_commit(), "sizes": {}}
        self.run = self.data["runs"][label]

    def get(self, label: str, size: int, name: str) -> dict | None:
        return self.data["runs"].get(label, {}).get("sizes", {}).get(str(size), {}).get(name)

    def put(self, label: str, size: int, name: str, value: dict) -> None:
        self.data["runs"][label]["sizes"].setdefault(str(size), {})[name] = value
        self.save()

    def meta(self, key: str, value, *, run: bool = False) -> None:
        (self.run if run else self.data)[key] = value
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data, indent=1))


def measure(server: Server, scenario: scenarios.Scenario, args, *, token: str | None = None,
            profile_dir: Path | None = None) -> dict:
    try:
        check_first(server, scenario, token)
    except RuntimeError as refused:
        if scenario.server == "app":
            raise  # the app must answer every request it is asked: a bug, stop here
        # Datasette refusing (its 1 s SQL time limit at a million rows) is a result, not a bug.
        print(f"  {scenario.name}: {refused}"[:300], flush=True)
        return {"rps": 0.0, "p50_ms": 0.0, "p90_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0,
                "requests": 0, "errors": 1, "non_2xx": 1, "bytes_per_request": 0,
                "refused": str(refused)[:300], "peak_mb": server.peak_memory_mb()[0],
                "peak_mb_total": server.peak_memory_mb()[1]}
    if args.warmup:
        run_wrk(server.url, scenario.requests, duration=args.warmup, connections=args.connections,
                threads=args.threads, token=token)
    profiler = None
    if profile_dir:
        profile_dir.mkdir(parents=True, exist_ok=True)
        out = profile_dir / f"{server.name}-{scenario.name}.txt"
        profiler = subprocess.Popen(
            [str(Path(sys.executable).with_name("py-spy")), "record", "--format", "raw", "--rate", "250", "--nonblocking",
             "--duration", str(max(1, round(args.duration))), "--output", str(out),
             "--pid", str(server.serving_pids()[0])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The server's CPU time per request moves much less with other load on the machine than
    # requests per second do: the figure to compare changes with on a shared machine.
    cpu_before, load_before = server.cpu_seconds(), report.load_average()
    result = run_wrk(server.url, scenario.requests, duration=args.duration,
                     connections=args.connections, threads=args.threads, token=token)
    cpu = server.cpu_seconds() - cpu_before
    if result["requests"]:
        result["cpu_ms"] = round(1000 * cpu / result["requests"], 2)
    result["load"] = [load_before[0], report.load_average()[0]]
    if profiler:
        profiler.wait(timeout=60)
    result["peak_mb"], result["peak_mb_total"] = server.peak_memory_mb()
    return result


def verify_app_server(server: Server) -> dict:
    """uvloop and httptools must be in use: their extension modules are mapped in the worker."""
    libraries = server.libraries()
    found = {name: any(f"/{name}/" in lib for lib in libraries) for name in ("uvloop", "httptools")}
    missing = [name for name, ok in found.items() if not ok]
    if missing:
        raise RuntimeError(f"the app server does not use {', '.join(missing)}")
    return found


def scratch_copy(url: str, size: int) -> str:
    """A copy of the database for the write scenario (the cached one stays as generated)."""
    if is_sqlite(url):
        source = Path(make_url(url).database)
        target = DATA_DIR / f"scratch-{size}.db"
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        # Recent commits (a migration just run) may still be in the WAL: fold them into the
        # file first, or the copy would miss them.
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"
    from sqlalchemy import create_engine, text

    target = make_url(url)
    name = f"{target.database}_scratch"
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{target.database}"'))
    admin.dispose()
    return target.set(database=name).render_as_string(hide_password=False)


def api_token(url: str) -> str:
    """An API token for the write scenario, through the editors service (as `contacts
    create-token` does): the editor "bench" is made with a random password if it is missing."""
    from sqlmodel import Session

    from app.services.editors import EditorError, create_api_token, create_editor, random_password

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            try:
                create_editor(session=session, username="bench", password=random_password())
            except EditorError:  # there already (a resumed run on the same copy)
                session.rollback()
            return create_api_token(session=session, username="bench")
    finally:
        engine.dispose()


def datasette_metadata(path: Path) -> Path:
    """Datasette's full-text search on the event table through the app's FTS5 index."""
    metadata = DATA_DIR / "datasette-metadata.json"
    metadata.write_text(json.dumps({"databases": {path.stem: {"tables": {"event": {
        "fts_table": "event_search", "fts_pk": "id", "sort_desc": "date"}}}}}))
    return metadata


def run_size(size: int, args, results: Results, label: str) -> None:
    url = ensure_database(size, args.database_url, log=lambda m: print(m, flush=True))
    engine = make_engine(url)
    path = Path(make_url(url).database) if is_sqlite(url) else None
    try:
        all_scenarios = scenarios.build(engine, datasette_db=path.stem if path else None)
    finally:
        engine.dispose()
    chosen = [s for s in all_scenarios if not args.scenarios or s.name in args.scenarios
              or (s.versus and s.versus in args.scenarios)]
    reads = [s for s in chosen if s.server == "app" and not s.writes]
    writes = [s for s in chosen if s.server == "app" and s.writes]
    # Datasette beside the one-worker SQLite run (the comparison the issue asks for).
    with_datasette = path is not None and not args.no_datasette and args.workers == 1
    ds = [s for s in chosen if s.server == "datasette"] if with_datasette else []
    profile_dir = Path(args.profile) / f"{label}-{size}" if args.profile else None

    def pending(items, run_label):
        return [s for s in items if results.get(run_label, size, s.name) is None]

    port = free_port(args.port)
    # The reads twice: as served (wrk repeats a few URLs, so after the warm-up the response
    # cache answers nearly all of them) and with the cache off (what rendering a page costs).
    for cache in (True, False):
        suffix = "" if cache else report.UNCACHED
        todo = [s for s in reads if results.get(label, size, s.name + suffix) is None]
        if not todo:
            continue
        with app_server(url, port=port, workers=args.workers, cache=cache,
                        name=f"app-{label}-{size}{suffix}") as server:
            results.meta("server", verify_app_server(server), run=True)
            for s in todo:
                _record(results, label, size, s,
                        measure(server, s, args, profile_dir=profile_dir), suffix=suffix)
    for defaults in (False, True):
        suffix = "_defaults" if defaults else ""
        todo = [s for s in ds if results.get(label, size, s.name + suffix) is None]
        if defaults:  # with its defaults Datasette is slow: its two table views suffice
            todo = [s for s in todo if s.name in ("ds_html", "ds_json")]
        if todo:
            with datasette_server(path, port=free_port(args.port + 1),
                                  metadata=datasette_metadata(path), defaults=defaults) as server:
                for s in todo:
                    _record(results, label, size, s, measure(server, s, args), suffix=suffix)
    if pending(writes, label):
        scratch = scratch_copy(url, size)
        with app_server(scratch, port=port, workers=args.workers,
                        name=f"app-{label}-{size}-writes") as server:
            token = api_token(scratch)
            for s in pending(writes, label):
                _record(results, label, size, s,
                        measure(server, s, args, token=token, profile_dir=profile_dir))


def _record(results: Results, label: str, size: int, scenario: scenarios.Scenario, value: dict,
            *, suffix: str = "") -> None:
    results.put(label, size, scenario.name + suffix, value)
    print(f"  {label:<14} {size:>9,}  {scenario.name + suffix:<22} {value['rps']:>8.1f} req/s  "
          f"p50 {value['p50_ms']:>7.1f} ms  p99 {value['p99_ms']:>7.1f} ms  "
          f"peak {value['peak_mb']:>5.0f} MB  cpu {value.get('cpu_ms', 0):>6.2f} ms/req  "
          f"load {value.get('load', ['-'])[-1]}"
          + (f"  ERRORS {value['errors']}" if value["errors"] else ""), flush=True)


def run_label(args) -> str:
    kind = make_url(args.database_url).get_backend_name() if args.database_url else "sqlite"
    return f"{kind}-{args.workers}w"


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="python -m bench.load",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="event counts, comma-separated (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=15, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per scenario")
    parser.add_argument("--scenarios", default="",
                        help="comma-separated scenario names (default: all): "
                             "timeline, timeline_official, timeline_medium_topic, timeline_search, "
                             "timeline_deep, event_page, api_events, api_medium, api_search, "
                             "create, mixed")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server URL: one database per size is made there")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers")
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--resume", action="store_true",
                        help="keep the measurements of the last run and take only the missing ones")
    parser.add_argument("--profile", default=None,
                        help="folder for py-spy profiles (raw stacks) of each app scenario")
    parser.add_argument("--report", default=str(ROOT / "RESULTS.md"))
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.scenarios = {s.strip() for s in args.scenarios.split(",") if s.strip()}
    return args


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # unwinds the `with` blocks: servers stop


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    args = parse_args(argv)
    preflight(need_datasette=not args.no_datasette and not args.database_url)
    label = run_label(args)
    results = Results(RESULTS_JSON, label, args.resume)
    started = time.monotonic()
    results.meta("machine", report.machine())
    results.meta("versions", report.versions())
    results.meta("load_before", report.load_average(), run=True)
    results.meta("settings", {"duration_s": args.duration, "warmup_s": args.warmup,
                              "connections": args.connections, "wrk_threads": args.threads,
                              "workers": args.workers}, run=True)
    print(f"Benchmark {label}: sizes {', '.join(f'{s:,}' for s in args.sizes)}, "
          f"{args.duration:g} s per scenario, {args.connections} connections", flush=True)
    for size in args.sizes:
        run_size(size, args, results, label)
    results.meta("load_after", report.load_average(), run=True)
    earlier = results.run.get("elapsed_s", 0) if args.resume else 0  # a resumed run adds up
    results.meta("elapsed_s", earlier + round(time.monotonic() - started), run=True)
    report.write(results.data, Path(args.report))
    print(f"\nDone in {time.monotonic() - started:.0f} s; figures in {args.report}")
    print(report.summary(results.data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
