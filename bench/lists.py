"""Benchmark: do the public lists and API lists stay flat as rows grow?

Run: ``.venv/bin/python bench/lists.py`` (SQLite in a temporary file, or the
database DATABASE_URL names — use a scratch one: tables are created there).

For each page it times 30 requests with 60 responses stored and with 2,000
(paginated lists show at most 50 rows, so both sizes fill a page), and reports the ratio
large/small in the same run. A ratio near 1 means the cost follows the page
size, not the table size. Not a test: nothing here fails a build.
"""

import datetime
import os
import secrets
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
# A throwaway key: with DEBUG off the site will not serve without one.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import City, Inquiry, Organization, Response  # noqa: E402

PAGES = [
    "/",
    "/responses/pending/",
    "/responses/received/",
    "/api/v1/responses/",
    "/api/v1/responses/?overdue=true&state=CA",
    "/api/v1/inquiries/",
]
REQUESTS = 30


def grow(total: int) -> None:
    """Add responses until ``total`` exist, spread over 20 inquiries."""
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
                "publication": "published",
            },
        )[0]
        for i in range(20)
    ]
    have = Response.objects.count()
    rows = []
    states = ["CA", "MD", "NM", "NY"]
    for n in range(have, total):
        city = City.objects.create(name=f"Bench {n}", state=states[n % 4], slug=f"bench-{n}")
        closed = n % 3 == 0
        rows.append(
            Response(
                inquiry=inquiries[n % 20],
                city=city,
                status="received" if closed else "pending",
                received_on=datetime.date(2017, 8, 10) if closed else None,
                as_of=datetime.date(2017, 8, 10),
            )
        )
    Response.objects.bulk_create(rows)


def timed(client: Client, path: str) -> float:
    client.get(path)  # warm up
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - start) / REQUESTS


def main() -> None:
    call_command("migrate", verbosity=0)
    client = Client()
    grow(60)
    small = {p: timed(client, p) for p in PAGES}
    grow(2000)
    large = {p: timed(client, p) for p in PAGES}
    print(f"{'page':45} {'60 rows ms':>10} {'2000 rows ms':>13} {'ratio':>6}")
    for p in PAGES:
        print(f"{p:45} {small[p] * 1000:10.1f} {large[p] * 1000:13.1f} {large[p] / small[p]:6.2f}")


if __name__ == "__main__":
    main()
