"""The machine, the versions, and bench/RESULTS.md from the measurements of bench.load."""

import os
import platform
import sqlite3
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_LIMITS = {"p50_ms": 30.0, "p99_ms": 150.0}
SEARCH_P99 = 200.0
UNCACHED = "_uncached"  # a read scenario measured again with CONTACTS_RESPONSE_CACHE=false
SCALING = ("timeline", "timeline_official", "timeline_medium_topic")  # 1M vs 10k within 1.3x
SCALING = (*SCALING, *(name + UNCACHED for name in SCALING))
RATIOS = (("timeline", "ds_html", 3.0), ("api_events", "ds_json", 1.5),
          ("api_medium", "ds_medium", None), ("api_search", "ds_search", None))
RATIOS = (*RATIOS, *((ours + UNCACHED, theirs, factor) for ours, theirs, factor in RATIOS))
MIN_CREATES = 300.0
MAX_MEMORY_MB = 250.0
NAMES = {
    "timeline": "Timeline, first page", "timeline_official": "Filtered by an official",
    "timeline_medium_topic": "Filtered by medium and topic", "timeline_search": "Text search",
    "timeline_deep": "Load more, deep page", "event_page": "Event page",
    "api_events": "/api/events", "api_medium": "/api/events?medium=", "api_search": "/api/events?q=",
    "create": "POST /api/events", "ds_html": "Datasette HTML, newest 50",
    "ds_json": "Datasette JSON, newest 50", "ds_medium": "Datasette JSON by medium",
    "ds_search": "Datasette JSON full-text", "ds_html_defaults": "Datasette HTML (defaults)",
    "ds_json_defaults": "Datasette JSON (defaults)",
    "mixed": "Mixed: reads, 1 creation in 20",
}


def named(key: str) -> str:
    """The row's name; a read measured with the response cache off says so."""
    if key.endswith(UNCACHED):
        return f"{named(key.removesuffix(UNCACHED))}, cache off"
    return NAMES.get(key, key)


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"cores": os.cpu_count(), "cpu": model, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release()}


def versions() -> dict:
    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("fastapi", "starlette", "uvicorn", "uvloop", "httptools", "SQLAlchemy",
                    "sqlmodel", "pydantic", "Jinja2", "datasette", "psycopg"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    try:
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
        out["wrk"] = wrk.split()[1] if wrk.startswith("wrk") else wrk
    except OSError:
        pass
    return out


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def git_commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def _ratio(a: dict, b: dict) -> str:
    return f"{a['rps'] / b['rps']:.1f}x" if b["rps"] else "∞ (Datasette answered nothing in time)"


def _row(name: str, value: dict | None) -> str:
    if not value:
        return f"| {named(name)} | – | – | – | – | – | – |"
    if value.get("refused"):
        return f"| {named(name)} | refused: {value['refused'][:90]}… | – | – | – | – | – |"
    errors = f" ({value['errors']} errors)" if value.get("errors") else ""
    cpu = f"{value['cpu_ms']:.2f}" if "cpu_ms" in value else "–"
    load = f"{max(value['load']):.1f}" if value.get("load") else "–"
    return (f"| {named(name)} | {value['rps']:,.0f}{errors} | {value['p50_ms']:.1f} | "
            f"{value['p99_ms']:.1f} | {value['peak_mb']:.0f} | {cpu} | {load} |")


def targets(run: dict) -> list[tuple[str, bool | None, str]]:
    """(target, met, the figures) for the largest size of one run."""
    sizes = sorted(run["sizes"], key=int)
    if not sizes:
        return []
    big, small = run["sizes"][sizes[-1]], run["sizes"][sizes[0]]
    out = []
    for name, value in big.items():
        if name.startswith("ds_") or name == "create":
            continue
        p99 = SEARCH_P99 if "search" in name else READ_LIMITS["p99_ms"]
        ok = value["p50_ms"] < READ_LIMITS["p50_ms"] and value["p99_ms"] < p99 and not value["errors"]
        out.append((f"{named(name)}: p50 < 30 ms, p99 < {p99:.0f} ms", ok,
                    f"p50 {value['p50_ms']:.1f} ms, p99 {value['p99_ms']:.1f} ms"))
    if len(sizes) > 1:
        for name in SCALING:
            if name in big and name in small:
                slowdown = small[name]["rps"] / big[name]["rps"] if big[name]["rps"] else float("inf")
                big_n, small_n = int(sizes[-1]), int(sizes[0])
                out.append((f"{named(name)}: {big_n:,} no slower than 1.3x {small_n:,}",
                            slowdown <= 1.3, f"{slowdown:.2f}x"))
    for ours, theirs, factor in RATIOS:
        if factor and ours in big and theirs in big:
            ratio = big[ours]["rps"] / big[theirs]["rps"] if big[theirs]["rps"] else float("inf")
            out.append((f"{named(ours)} at least {factor:g}x {named(theirs)}", ratio >= factor,
                        f"{ratio:.1f}x"))
    if "create" in big:
        out.append((f"At least {MIN_CREATES:.0f} creations/s", big["create"]["rps"] >= MIN_CREATES,
                    f"{big['create']['rps']:.0f}/s"))
    peaks = [v["peak_mb"] for k, v in big.items() if not k.startswith("ds_")]
    if peaks:
        out.append((f"Server memory under {MAX_MEMORY_MB:.0f} MB", max(peaks) < MAX_MEMORY_MB,
                    f"{max(peaks):.0f} MB peak (VmHWM)"))
    return out


def summary(data: dict) -> str:
    lines = []
    for label, run in data["runs"].items():
        lines.append(f"\n{label} (started {run['started']}):")
        for target, ok, figures in targets(run):
            mark = "ok  " if ok else "MISS"
            lines.append(f"  {mark} {target}: {figures}")
    return "\n".join(lines)


def write(data: dict, path: Path) -> None:
    m, v = data.get("machine", {}), data.get("versions", {})
    lines = [
        "# Load benchmark results",
        "",
        "Written by `python -m bench.load` (`make bench`); see the README's Benchmark section.",
        f"Written {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        f"**Machine:** {m.get('cores')} cores, {m.get('cpu')}, {m.get('memory_gb')} GB memory, "
        f"Linux {m.get('kernel')}.",
        "**Versions:** " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        "Requests per second, p50 and p99 latency (ms) from wrk `--latency` at "
        "16 connections on the same machine; peak is the largest resident memory (VmHWM, MB) of "
        "a serving process. wrk, the server and the database share the cores. CPU ms/req is "
        "the serving processes' CPU time (all threads, user + system) during the run divided by "
        "the requests answered: it moves much less with other load on the machine than req/s "
        "does. load is the higher of the machine's 1-minute load averages before and after the scenario.",
        "",
        "**What each row measures.** A plain row is the app as deployed: anonymous readers, the "
        "response cache on (app/web/response_cache.py). wrk repeats a few URLs, so after the "
        "warm-up nearly every request is answered from memory: these rows measure the cache, "
        "not the page. A row marked **cache off** is the same scenario with "
        "CONTACTS_RESPONSE_CACHE=false, every request rendered (its facet counts and page ids "
        "still kept until the next write): the cost of a page, and the figure the 1M-vs-10k "
        "scaling target is about. **Mixed** is reads (first page, filters, event pages, "
        "/api/events) with one authenticated creation among every 20 requests, cache on: each "
        "creation commits and so empties the caches, and the reads that follow render and "
        "count again: what the first reader after a write pays.",
    ]
    for label, run in data["runs"].items():
        s = run.get("settings", {})
        lines += ["", f"## {label}", "",
                  f"Run started {run['started']} at commit {run.get('commit') or '?'}; "
                  f"{s.get('duration_s', '?')} s per scenario after {s.get('warmup_s', '?')} s of "
                  f"warm-up, {s.get('workers', 1)} uvicorn worker(s), load average "
                  f"{run.get('load_before', '?')} before and {run.get('load_after', '?')} after; "
                  f"{run.get('elapsed_s', '?')} s in all."]
        if run.get("server"):
            lines.append("uvloop and httptools verified in the worker's memory map.")
        loads = [x[0] for x in (run.get("load_before"), run.get("load_after")) if x]
        if loads and max(loads) > (m.get("cores") or 1):
            lines += ["", f"**Noisy run:** load average up to {max(loads):g} on {m.get('cores')} "
                          "cores: other work shared the machine, so requests per second are low "
                          "and latencies high; ratios measured in the same run hold better."]
        for size, results in sorted(run["sizes"].items(), key=lambda kv: int(kv[0])):
            lines += ["", f"### {int(size):,} events", "",
                      "| Scenario | req/s | p50 ms | p99 ms | peak MB | CPU ms/req | load |",
                      "|---|---:|---:|---:|---:|---:|---:|"]
            lines += [_row(name, value) for name, value in results.items()]
            ratios = [(ours, theirs) for ours, theirs, _ in RATIOS if ours in results and theirs in results]
            if ratios:
                lines += ["", "| App vs Datasette (same file, same run) | ratio of req/s |", "|---|---:|"]
                lines += [f"| {named(a)} / {named(b)} | {_ratio(results[a], results[b])} |"
                          for a, b in ratios]
                for a, b in (("timeline", "ds_html_defaults"), ("api_events", "ds_json_defaults")):
                    if a in results and b in results:
                        ratio = _ratio(results[a], results[b])
                        lines.append(f"| {named(a)} / {named(b)} | {ratio} |")
        checks = targets(run)
        if checks:
            lines += ["", "Targets of issue 5 at the largest size:", ""]
            lines += [f"- {'met' if ok else '**missed**'}: {t} ({f})" for t, ok, f in checks]
    notes = Path(__file__).with_name("NOTES.md")
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")
