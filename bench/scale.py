"""Benchmark: does each page and API list cost the same at 100,000 responses
as at 1,000, and is a deep page as fast as the first? (issue "Scale and
production", item 1: time at 100,000 / time at 1,000 <= 1.3; page 1,000
within 2x of page 1.) Builds on bench/lists.py.

Run from the checkout on a scratch PostgreSQL database (tables are created
and filled there; never a database you care about):

    createdb -h 127.0.0.1 -U postgres scale_scratch
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_scratch \\
        .venv/bin/python bench/scale.py [--small 1000] [--large 100000] [--requests 20]

It fills the database perfdata-style (50 published inquiries, N/50 places,
a third of the responses received) to ``--small`` responses, times every
address in-process (Django's test client through the whole middleware
stack; the median of ``--requests`` after two warm-up requests), grows the
same database to ``--large``, runs ``ANALYZE`` and times them again; then
page 1 against page 1,000 (``?page=``) and against the cursor that the
``Link`` header of page 999 gives (``?cursor=``). Counts and tallies are
cached per data generation (articles/counting.py, articles/tallies.py) as
in production, so the figures are the steady state between writes; no page
is cached whole. Every figure comes from the same run; the ratio is what
counts. ``/__bench__/values/`` (bench/benchshim) is the lean JSON view:
the same 50 rows through ``.values()``.

Prints a table and writes it to ``bench/results/scale-<date>.md``.
Not a test: nothing here fails a build.
"""

import argparse
import datetime
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchshim.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["API_ANON_THROTTLE_RATE"] = ""  # the bench is one client asking fast

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import City, Inquiry, Organization, Response  # noqa: E402

LEAN_JSON = "/__bench__/values/"
PAGES = [
    "/",
    "/inquiries/",
    "/inquiries/perf-1/",
    "/responses/pending/",
    "/responses/received/",
    "/cities/",
    "/claims/",
]
API = [
    "/api/v1/responses/",
    "/api/v1/responses/?status=pending",
    "/api/v1/responses/?state=CA",
    "/api/v1/responses/?inquiry=perf-1",
    "/api/v1/responses/?needs_check=true",
    "/api/v1/responses/?overdue=true",
    "/api/v1/responses/?ordering=city",
    "/api/v1/inquiries/",
    "/api/v1/cities/",
    "/api/v1/claims/",
]
STATES = ["CA", "MD", "NM", "NY", "TX", "WA"]


def fill(total: int) -> None:
    """Grow the database to ``total`` responses, as perfdata.py does."""
    requester, _ = Organization.objects.get_or_create(
        slug="perf-agency", defaults={"name": "Perf agency"}
    )
    inquiries = [
        Inquiry.objects.get_or_create(
            slug=f"perf-{i}",
            defaults={
                "title": f"Perf inquiry {i}",
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
    city_count = max(total // 50, 1)
    have_cities = City.objects.filter(slug__startswith="perf-city-").count()
    City.objects.bulk_create(
        [
            City(name=f"Perfcity {c}", state=STATES[c % 6], slug=f"perf-city-{c}")
            for c in range(have_cities, city_count)
        ],
        batch_size=2000,
    )
    cities = list(City.objects.filter(slug__startswith="perf-city-").order_by("id"))
    # Place k is asked in inquiry k % 50; skip pairs that exist already.
    have = Response.objects.filter(inquiry__slug__startswith="perf-").count()
    rows = []
    for k in range(have, total):
        closed = k % 3 == 0
        rows.append(
            Response(
                inquiry=inquiries[k % 50],
                city=cities[k // 50],
                status="received" if closed else "pending",
                received_on=datetime.date(2017, 8, 10) if closed else None,
                as_of=datetime.date(2017, 8, 10),
                summary=f"Summary {k}",
            )
        )
        if len(rows) == 5000:
            Response.objects.bulk_create(rows)
            rows = []
    Response.objects.bulk_create(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from articles import freshness

    freshness.bump()  # bulk_create sends no signal


def timed(client: Client, path: str, requests: int) -> float:
    """Median seconds of ``requests`` GETs of ``path`` after two warm-ups."""
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def deep_cursor(client: Client, path: str, page: int) -> str:
    """The address of page ``page`` by cursor: the Link of page ``page - 1``."""
    sep = "&" if "?" in path else "?"
    link = client.get(f"{path}{sep}page={page - 1}").headers["Link"]
    return link[1 : link.index(">")].removeprefix("http://testserver")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--deep", type=int, default=1000, help="the deep page's number")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the issue's figures are for PostgreSQL", file=sys.stderr)
    call_command("migrate", verbosity=0)
    if Response.objects.count() > args.small:
        sys.exit("The database has more responses than --small: use an empty scratch database.")
    client = Client()
    paths = [LEAN_JSON, *PAGES, *API]
    fill(args.small)
    small = {p: timed(client, p, args.requests) for p in paths}
    fill(args.large)
    large = {p: timed(client, p, args.requests) for p in paths}

    deep_rows = []
    for path in ("/api/v1/responses/", "/api/v1/responses/?ordering=city"):
        sep = "&" if "?" in path else "?"
        first = timed(client, f"{path}{sep}page=1", args.requests)
        by_page = timed(client, f"{path}{sep}page={args.deep}", max(3, args.requests // 4))
        by_cursor = timed(client, deep_cursor(client, path, args.deep), args.requests)
        deep_rows.append((path, first, by_page, by_cursor))

    lean = large[LEAN_JSON]
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    lines = [
        f"# Scale: {args.small:,} vs {args.large:,} responses ({connection.vendor}, {today})",
        "",
        "`bench/scale.py`: in-process median of "
        f"{args.requests} requests each, one run; counts and tallies cached per data "
        "generation (steady state between writes), no page cached whole. Targets: "
        "large/small <= 1.3; API lists >= 0.5x the lean JSON view (`lean/x` column: "
        "lean time / list time); page "
        f"{args.deep} within 2x of page 1.",
        "",
        f"| address | {args.small:,} ms | {args.large:,} ms | large/small | lean/x |",
        "|---|---:|---:|---:|---:|",
    ]
    for p in paths:
        lines.append(
            f"| `{p}` | {small[p] * 1000:.1f} | {large[p] * 1000:.1f} | "
            f"{large[p] / small[p]:.2f} | {lean / large[p]:.2f} |"
        )
    lines += [
        "",
        f"Deep pages at {args.large:,} responses (50 a page):",
        "",
        f"| list | page 1 ms | ?page={args.deep} ms | ratio | cursor at page {args.deep} ms | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path, first, by_page, by_cursor in deep_rows:
        lines.append(
            f"| `{path}` | {first * 1000:.1f} | {by_page * 1000:.1f} | {by_page / first:.2f} | "
            f"{by_cursor * 1000:.1f} | {by_cursor / first:.2f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / f"scale-{today}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
