"""Benchmark: requests per second of ``/api/v1/responses/`` against a bare
Django view returning the same 50 rows through ``.values()`` and
``JsonResponse`` (bench/benchshim/urls.py), in the same server and run, as
a ratio (issue 8, "Speed"; DESIGN.md's target for lists is >= 0.5).

Run from the checkout, on a scratch database (tables are created and
filled there):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \\
        .venv/bin/python bench/api_ratio.py --responses 100000 --duration 10

Without DATABASE_URL it uses SQLite in a temporary file. ``--responses``
fills the database up to that many responses (N/50 cities, 50 published
inquiries, a third of the responses received), as the team's perfdata.py
does. Then it serves the project with gunicorn (2 workers, the bench
settings: the project's own plus the bare view), loads each address with
wrk (``apt-get install wrk``; 1 thread, 8 connections) alternately, twice
each, and prints requests per second, the ratio API / bare, and how many
queries one API page costs. Not a test: nothing here fails a build.
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
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
if "DATABASE_URL" not in os.environ:
    _fd, _db_path = tempfile.mkstemp(suffix=".sqlite3")
    os.close(_fd)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db_path}"
os.environ["DJANGO_SETTINGS_MODULE"] = "benchshim.settings"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import City, Inquiry, Organization, Response  # noqa: E402

API = "/api/v1/responses/"
BARE = "/__bench__/values/"


def fill(total: int) -> None:
    """Migrate, load the seed, and bulk-create responses up to ``total``."""
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    requester, _ = Organization.objects.get_or_create(
        slug="bench-agency", defaults={"name": "Bench agency"}
    )
    inquiries = [
        Inquiry.objects.get_or_create(
            slug=f"bench-{i}",
            defaults={
                "title": f"Bench inquiry {i}",
                "kind": "government_request",
                "requester": requester,
                "sent_on": datetime.date(2017, 8, 3),
                "due_on": datetime.date(2017, 8, 18),
                "questions": "Q?",
                "publication": "published",
            },
        )[0]
        for i in range(50)
    ]
    have = Response.objects.filter(inquiry__slug__startswith="bench-").count()
    states = ["CA", "MD", "NM", "NY", "TX", "WA"]
    n_cities = max(total // 50, 1)
    existing = City.objects.filter(slug__startswith="bench-city-").count()
    City.objects.bulk_create(
        [
            City(name=f"Benchcity {c}", state=states[c % 6], slug=f"bench-city-{c}")
            for c in range(existing, n_cities)
        ],
        batch_size=2000,
    )
    cities = list(City.objects.filter(slug__startswith="bench-city-").order_by("id"))
    batch = []
    for k in range(have, total):
        closed = k % 3 == 0
        batch.append(
            Response(
                inquiry=inquiries[k % 50],
                city=cities[(k // 50) % len(cities)],
                status="received" if closed else "pending",
                received_on=datetime.date(2017, 8, 10) if closed else None,
                as_of=datetime.date(2017, 8, 10),
                summary=f"Summary {k}",
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load
            batch = []
    Response.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load


def queries_per_page(path: str) -> int:
    """Queries one request of ``path`` costs (test client, same settings)."""
    client = Client()
    client.get(path)  # warm caches (content types, URL resolvers)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, duration: int) -> tuple[float, str]:
    """Requests per second and median latency that wrk reports for ``url``."""
    out = subprocess.run(  # noqa: S603 (fixed arguments; the URL is our own server)
        [
            shutil.which("wrk") or "wrk",
            "-t1",
            "-c8",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"{url} answered errors or timed out:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    return rps, p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    fill(args.responses)
    total = Response.objects.count()
    api_queries = queries_per_page(API)
    bare_queries = queries_per_page(BARE)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}"}
    server = subprocess.Popen(  # noqa: S603 (the checkout's own gunicorn)
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "factcheck.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + BARE, timeout=5).read()  # noqa: S310 (http, localhost)
                break
            except OSError:
                time.sleep(0.2)
        for path in (API, BARE):  # warm both workers
            for _ in range(10):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
        runs: dict[str, list[tuple[float, str]]] = {API: [], BARE: []}
        for _ in range(2):
            for path in (BARE, API):
                runs[path].append(wrk(base + path, args.duration))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"# {datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%M:%SZ} {connection.vendor}, "
        f"{total:,} responses; wrk -t1 -c8 -d{args.duration}s x2 each, gunicorn 2 workers"
    )
    mean = {}
    for path, results in runs.items():
        mean[path] = sum(r for r, _ in results) / len(results)
        shown = ", ".join(f"{r:.1f} rps (p50 {p})" for r, p in results)
        print(f"{path:<24} {shown}")
    print(f"queries per page: API {api_queries}, bare {bare_queries}")
    print(f"ratio API / bare .values() view: {mean[API] / mean[BARE]:.2f}")


if __name__ == "__main__":
    main()
