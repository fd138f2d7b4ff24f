"""Benchmark: anonymous pages and API reads served by the page cache
(articles/page_cache.py) against a bare Django view in the same server and
run, as ratios (issue "Scale and production", item 2: cached reads at
least 0.8x the bare view).

Run from the checkout on a scratch copy of the team's 100,000-response
database, with Redis:

    createdb -h 127.0.0.1 -U postgres -T perf100k perf_cache
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_cache \\
    CACHE_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/page_cache.py --rounds 3 --duration 5 \\
        / /responses/pending/ /api/v1/responses/

Serves the project with gunicorn (2 sync workers, the settings of
bench/pagecacheshim: the project's plus ``/__bare__/html/`` and
``/__bare__/json/``, kept out of the cache by ``PAGE_CACHE_EXCLUDE``), the
API throttle off. For each path, in each round, wrk (1 thread, 8
connections) loads the bare view and then the path, back to back, so the
two share the machine's load of that moment; the ratio is path / bare, and
the median over the rounds is reported. Also reported: the ratio of a
conditional GET (``If-None-Match`` with the page's ETag: a 304) and whether
the answer was a cache hit. The runs are plain GETs without conditional
headers: every request but the first of each minute and data generation
is a hit (a new minute re-renders each page once). Not a test: nothing
here fails a build.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = ["/", "/responses/pending/", "/responses/received/", "/api/v1/responses/"]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, duration: int, *headers: str) -> tuple[float, str, str]:
    """Requests per second, median and 99th-percentile latency wrk reports."""
    command = [shutil.which("wrk") or "wrk", "-t1", "-c8", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(  # noqa: S603 (fixed arguments; the URL is our own server)
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if bad or "Socket errors" in out:
        print(f"  warning: {url} had errors or timeouts:\n{out}", file=sys.stderr)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    return rps, p50, p99


def head(url: str) -> dict[str, str]:
    """The headers of a GET of ``url`` (the body is read and dropped)."""
    with urllib.request.urlopen(url, timeout=120) as reply:  # noqa: S310 (our own server)
        reply.read()
        return dict(reply.headers.items())


def main() -> None:
    """Start the server, measure, print a Markdown table, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("set DATABASE_URL to a scratch copy of perf100k")
    port = args.port or free_port()
    # A plain kill stops the server too (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "pagecacheshim.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "on"),
        "PAGE_CACHE_EXCLUDE": "/__bare__/",
        "API_ANON_THROTTLE_RATE": "",
        "LOG_LEVEL": "WARNING",
    }
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("CACHE_URL", "redis://127.0.0.1:6379/3")
    server = subprocess.Popen(  # noqa: S603 (the checkout's own gunicorn)
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "factcheck.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                head(base + "/__bare__/html/")
                break
            except OSError:
                time.sleep(0.2)
        print(
            f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} PAGE_CACHE={env['PAGE_CACHE']}"
        )
        print(f"# wrk -t1 -c8 -d{args.duration}s, {args.rounds} rounds, gunicorn 2 workers")
        print("| path | cache | rps (median) | bare rps | ratio | p50 | p99 | 304 ratio |")
        print("|---|---|---|---|---|---|---|---|")
        for path in args.paths:
            bare = "/__bare__/json/" if path.startswith("/api/") else "/__bare__/html/"
            head(base + path)  # the first render, stored
            headers = head(base + path)
            etag = headers.get("ETag")
            ratios, ratios_304, runs = [], [], []
            for _ in range(args.rounds):
                bare_rps = wrk(base + bare, args.duration)[0]
                run = wrk(base + path, args.duration)
                runs.append((run, bare_rps))
                ratios.append(run[0] / bare_rps)
                if etag:
                    conditional = wrk(base + path, args.duration, f"If-None-Match: {etag}")
                    ratios_304.append(conditional[0] / bare_rps)
            (rps, p50, p99), bare_rps = sorted(runs, key=lambda r: r[0][0] / r[1])[len(runs) // 2]
            r304 = f"{statistics.median(ratios_304):.2f}" if ratios_304 else "-"
            print(
                f"| `{path}` | {headers.get('X-Page-Cache', 'off')} | {rps:.0f} | {bare_rps:.0f} "
                f"| {statistics.median(ratios):.2f} | {p50} | {p99} | {r304} |",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
