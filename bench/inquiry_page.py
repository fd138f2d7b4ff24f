"""Benchmark: does an inquiry's page cost the same at 2,000 places as at 60,
and page 40 as page 1? (issue 10, "large inquiries shown in pages or
summaries").

Run: ``.venv/bin/python bench/inquiry_page.py`` (SQLite in a temporary file,
or the database DATABASE_URL names; use a scratch one: tables are created
and rows added there).

In one run it builds an inquiry of 60 places and one of 2,000, times 30
requests of each page below, and prints each time with its ratio to a lean
view timed in the same run (the newest 50 responses of the big inquiry,
one ``select_related`` query, a small template, as
``/work/shared/tools/perf.sh``'s ``/__lean__/html/``). Not a test: nothing
here fails a build.
"""

import datetime
import os
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
# A throwaway key: with DEBUG off the site will not serve without one.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import City, Inquiry, Organization, Response  # noqa: E402

REQUESTS = 30
LEAN = Template(
    "<table>{% for r in rows %}<tr><td>{{ r.city.name }}</td><td>{{ r.status }}</td>"
    "<td>{{ r.inquiry.title }}</td><td>{{ r.received_on }}</td></tr>{% endfor %}</table>"
)


def inquiry(slug: str, places: int) -> Inquiry:
    """An inquiry of ``places`` places (a third answered on Aug. 10, 2017),
    made once."""
    found = Inquiry.objects.filter(slug=slug).first()
    if found is not None:
        return found
    requester, _ = Organization.objects.get_or_create(
        slug="bench-agency", defaults={"name": "Bench agency"}
    )
    made = Inquiry.objects.create(
        slug=slug,
        title=f"Bench inquiry of {places} places",
        kind="government_request",
        requester=requester,
        sent_on=datetime.date(2017, 8, 3),
        due_on=datetime.date(2017, 8, 18),
        publication="published",
    )
    states = ["CA", "MD", "NM", "NY", "TX", "WA"]
    cities = City.objects.bulk_create(
        City(name=f"{slug} city {n}", state=states[n % 6], slug=f"{slug}-city-{n}")
        for n in range(places)
    )
    Response.objects.bulk_create(
        Response(
            inquiry=made,
            city=city,
            status="received" if n % 3 == 0 else "pending",
            received_on=datetime.date(2017, 8, 10) if n % 3 == 0 else None,
            as_of=datetime.date(2017, 8, 10),
            summary=f"Summary {n}",
        )
        for n, city in enumerate(cities)
    )
    return made


def timed(call) -> float:
    """Median seconds of ``REQUESTS`` calls, after one to warm up."""
    call()
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    small, large = inquiry("bench-60", 60), inquiry("bench-2000", 2000)
    client = Client()

    def get(path):
        def call():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return call

    def lean():
        rows = Response.objects.filter(inquiry=large).select_related("city", "inquiry")
        return LEAN.render(Context({"rows": rows.order_by("-pk")[:50]}))

    base = timed(lean)
    pages = {
        "60 places, page 1": f"/inquiries/{small.slug}/",
        "2,000 places, page 1": f"/inquiries/{large.slug}/",
        "2,000 places, page 40": f"/inquiries/{large.slug}/?page=40",
    }
    times = {name: timed(get(path)) for name, path in pages.items()}
    size = len(get(pages["2,000 places, page 1"])().content)
    print(f"lean view (50 rows, one query): {base * 1000:.1f} ms")
    print(f"{'page':24} {'ms':>7} {'lean/page':>10}")
    for name, seconds in times.items():
        print(f"{name:24} {seconds * 1000:7.1f} {base / seconds:10.2f}")
    first, fortieth = times["2,000 places, page 1"], times["2,000 places, page 40"]
    print(f"2,000 places ÷ 60 places: {first / times['60 places, page 1']:.2f}")
    print(f"page 40 ÷ page 1: {fortieth / first:.2f}")
    print(f"HTML of the 2,000-place page: {size:,} bytes")


if __name__ == "__main__":
    main()
