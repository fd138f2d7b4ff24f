"""Benchmark: how long does ``/search/`` take with the seed plus a few
thousand generated claims and sources, for a normal search, a search that
matches most rows, and a thousand-word search (refused with a 400 before
any query)?

Run: ``.venv/bin/python bench/search.py`` (SQLite in a temporary file), or
with ``DATABASE_URL=postgres://.../scratch`` (use a scratch database: tables
are created and filled there). ``CLAIMS=5000`` sets the number of claims.

Generated texts are shuffled words of the seed article (no invented facts
reach a page: the database is thrown away). Rows are bulk-inserted, which
bypasses the save signals, so the index is built once with
``rebuild_search_index``, as after any bulk load. Each search is timed over
20 requests through the test client (median). Not a test.
"""

import logging
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
_fd, _db_path = tempfile.mkstemp(suffix=".sqlite3")
os.close(_fd)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_db_path}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Claim, Person, SearchEntry, Source  # noqa: E402
from articles.seed import article_text  # noqa: E402

CLAIMS = int(os.environ.get("CLAIMS", "5000"))
SOURCES = 300
REQUESTS = 20
SEARCHES = {
    "normal (sanctuary police)": "q=sanctuary+police",
    "broad (city: most rows)": "q=city",
    "one kind (sanctuary, claims)": "q=sanctuary&kind=claim",
    "thousand words (400)": "q=" + "+".join(["sanctuary"] * 1000),
}


def fill() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    words = article_text().split()
    rng = random.Random(7)
    people = Person.objects.order_by("pk")
    Claim.objects.bulk_create(
        Claim(
            slug=f"bench-{n}",
            text=" ".join(rng.choices(words, k=rng.randint(10, 30))),
            claimant=people[n % 4],
            publication="published" if n % 10 else "draft",
            not_rated=True,
        )
        for n in range(CLAIMS)
    )
    Source.objects.bulk_create(
        Source(
            kind="document",
            title=" ".join(rng.choices(words, k=8)),
            text=" ".join(rng.choices(words, k=600)),
            publishable=True,
        )
        for _ in range(SOURCES)
    )
    call_command("rebuild_search_index", verbosity=0)


def main() -> None:
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 400s are expected
    fill()
    print(
        f"{connection.vendor}: {Claim.objects.count():,} claims, {Source.objects.count():,} "
        f"sources, {SearchEntry.objects.count():,} index entries"
    )
    client = Client()
    for name, query in SEARCHES.items():
        client.get(f"/search/?{query}")  # warm up
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(f"/search/?{query}")
            times.append(time.perf_counter() - start)
        print(
            f"  {name:32} {response.status_code}  median {statistics.median(times) * 1000:7.1f} ms"
            f"  max {max(times) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
