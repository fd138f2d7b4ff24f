"""Benchmark: which gunicorn worker model serves this app fastest, sync
workers or gthread workers, on the pages readers hit (``/``,
``/responses/pending/``, ``/api/v1/responses/``) and a lean one-query JSON
view of 50 responses (bench/benchshim/urls.py) as the floor of a page that
reads the database.

Each model runs as ``make serve`` runs it: gunicorn with
``factcheck/gunicorn_conf.py`` (WEB_CONCURRENCY, WEB_THREADS from the
environment; the pool sized by the settings), production settings (DEBUG
off, JSON request logs to a file), no API throttling. Each model is started
twice, in the order A B C ... C B A, so drift on a shared machine falls on
every model alike; each path is loaded with wrk (1 thread, ``--connections``
connections, 60 s timeout) for ``--duration`` seconds per start. Prints requests per
second (mean of the two starts), p50 and p99, and each model's throughput
as a ratio to the first model's.

Run from the checkout on a scratch copy of the 100,000-response database
(only read)::

    createdb -h 127.0.0.1 -U postgres -T perf100k serve_scratch
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/serve_scratch \\
        .venv/bin/python bench/worker_model.py --duration 8

``--models sync:5x1,gthread:2x4`` picks the models (workers x threads;
threads > 1 is gthread). Not a test: nothing here fails a build.
"""

import argparse
import datetime
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("/__bench__/values/", "/", "/responses/pending/", "/api/v1/responses/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, duration: int, connections: int) -> tuple[float, str, str, int]:
    """Requests/s, p50, p99 and error count (non-2xx or socket errors)."""
    out = subprocess.run(  # noqa: S603 (wrk, on loopback)
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "60s", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return rps, p50, p99, errors


def serve(workers: int, threads: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "benchshim.settings",
        "ENV_FILE": "",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "API_ANON_THROTTLE_RATE": "",
        "WEB_CONCURRENCY": str(workers),
        "WEB_THREADS": str(threads),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    server = subprocess.Popen(  # noqa: S603 (the checkout's own gunicorn)
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c",
            "python:factcheck.gunicorn_conf",
            "factcheck.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("a"),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + PATHS[0], timeout=5).read()  # noqa: S310 (loopback)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise SystemExit(f"gunicorn did not answer; see {log}")
    for path in PATHS:  # every worker imports and warms up
        for _ in range(workers):
            urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310
    return server, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    cpus = len(os.sched_getaffinity(0))
    parser.add_argument(
        "--models",
        default=f"sync:{2 * cpus + 1}x1,gthread:{cpus}x4,gthread:{2 * cpus + 1}x2",
        help="comma-separated kind:WORKERSxTHREADS",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to a scratch copy of the perf database.")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    models = []
    for item in args.models.split(","):
        kind, shape = item.split(":")
        workers, threads = (int(n) for n in shape.split("x"))
        models.append((f"{kind} {workers}x{threads}", workers, threads))
    load_before = os.getloadavg()[0]
    log = Path(tempfile.gettempdir()) / "worker-model-gunicorn.log"
    log.write_text("")
    results: dict[str, dict[str, list]] = {name: {p: [] for p in PATHS} for name, *_ in models}
    for name, workers, threads in [*models, *reversed(models)]:
        server, base = serve(workers, threads, log)
        try:
            for path in PATHS:
                results[name][path].append(wrk(base + path, args.duration, args.connections))
        finally:
            server.terminate()
            server.wait(timeout=60)
    print(
        f"# {datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%M:%SZ} {cpus} CPUs, "
        f"wrk -t1 -c{args.connections} -d{args.duration}s, two starts per model (A B .. B A); "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    first = models[0][0]
    header = f"| {'path':<22} | " + " | ".join(f"{n:<26}" for n, *_ in models) + " |"
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for path in PATHS:
        cells = []
        for name, *_ in models:
            runs = results[name][path]
            rps = sum(r[0] for r in runs) / len(runs)
            base_rps = sum(r[0] for r in results[first][path]) / len(results[first][path])
            errors = sum(r[3] for r in runs)
            ratio = f"x{rps / base_rps:.2f}" if base_rps else "x-"
            cell = f"{rps:7.1f} rps {ratio} p99 {runs[-1][2]}"
            cells.append(cell + (f" ERR {errors}" if errors else ""))
        print(f"| {path:<22} | " + " | ".join(f"{c:<26}" for c in cells) + " |")
    print(f"gunicorn's log: {log}")


if __name__ == "__main__":
    sys.exit(main())
