"""CSV downloads for data desks (DESIGN.md, "CSV downloads"): the public
lists of responses (pending and received) and of claims, as the pages and
the API filter them.

What a file is like, and why:

- **UTF-8 with a byte-order mark**, so Excel opens "Cañon City" as written
  (without the BOM it reads the file in the machine's legacy code page);
- **formula injection neutralised** (OWASP, "CSV Injection"): a text cell
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
  a leading ``'``, so a spreadsheet shows it as text instead of running it.
  Only text cells: the numbers and dates this module writes never start
  with one of those;
- **no control characters**: a text cell loses the characters XML 1.0 and
  HTML forbid (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone
  surrogates), by :func:`articles.formats.printable`, the rule pages, feeds
  and JSON-LD follow ("Control\\x01chars" -> "Controlchars"), before the
  formula check (so ``"\\x01=1+1"`` still gets its ``'``);
- **dates ISO 8601** (``2017-08-18``), instants with their offset
  (``2017-08-19T00:00:00-04:00``), booleans ``true``/``false``;
- **streamed**: rows are read with ``QuerySet.iterator(chunk_size=...)`` and
  written one at a time through ``csv.writer`` into :class:`_Echo`, so memory
  does not grow with the number of rows. A prefetch (a claim's sources) is
  one more query per chunk.

The rows are the anonymous reader's, whoever downloads (a file travels
without the "Draft — not public" banner a page shows editors), and always
judged at the request's one instant (:func:`articles.clock.request_now`).
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from .choices import DeadlineState
from .clock import newsroom_zone
from .formats import printable, zone_words
from .models import Claim, Response

#: Rows fetched from the database at a time.
CHUNK_SIZE = 500
#: Written first: the UTF-8 byte-order mark.
BOM = "\ufeff"
#: Cell openings a spreadsheet reads as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str | int:
    """A cell as written: text starting with one of
    :data:`FORMULA_PREFIXES` prefixed with ``'`` (``"=SUM(A1)"`` ->
    ``"'=SUM(A1)"``), after dropping the characters XML and HTML forbid
    (:func:`articles.formats.printable`); None as an empty cell; True/False as ``true``/``false``;
    dates and datetimes as ISO 8601; whole numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, datetime.date):  # datetime too
        return value.isoformat()
    text = printable(str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file-like object whose ``write`` returns what it is given, so
    ``csv.writer`` hands each formatted row back instead of keeping it
    (Django's "Streaming large CSV files")."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The BOM, then the header and each row as one CSV line, lazily.

    Args:
        header: column names.
        rows: lists of cell values (see :func:`neutralise`), produced lazily.
    """
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(lines: Iterator[str], *, filename: str) -> StreamingHttpResponse:
    """A streamed ``text/csv; charset=utf-8`` attachment named ``filename``.

    Args:
        lines: from :func:`csv_lines`.
        filename: ASCII, e.g. ``responses-pending-2026-11-29.csv``.
    """
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_filename(what: str, at: datetime.datetime, *, filtered: bool = False) -> str:
    """``responses-pending-2026-11-29.csv``: what, then the newsroom's date
    at ``at`` (aware); ``-filtered`` before the date when the query string
    narrowed the list.

    Raises:
        ValueError: ``at`` is naive.
    """
    if at.tzinfo is None:
        raise ValueError("export_filename needs an aware datetime.")
    day = at.astimezone(newsroom_zone()).date().isoformat()
    return f"{what}{'-filtered' if filtered else ''}-{day}.csv"


RESPONSE_COLUMNS = [
    "inquiry",
    "inquiry_kind",
    "requester",
    "city",
    "state",
    "status",
    "sent_on",
    "due_on",
    "due_time_zone",
    "due_time_zone_iana",
    "deadline_passes_at",
    "acknowledged_on",
    "received_on",
    "dates_are_the_reports",
    "status_source",
    "as_of",
    "deadline_state",
    "days_late",
    "overdue",
    "needs_check",
    "organization",
    "respondent",
    "respondent_title",
    "summary",
    "page_url",
]


def response_rows(responses, *, base_url: str) -> Iterator[list]:
    """One row per response, in :data:`RESPONSE_COLUMNS` order.

    Args:
        responses: a Response QuerySet from a selector (joined with
            ``with_related()``, annotated with ``deadline_state``); read
            with ``iterator(chunk_size=CHUNK_SIZE)``.
        base_url: scheme and host, e.g. ``https://tracker.example.org``.

    ``deadline_passes_at`` is the first instant past the due day
    (00:00 the next day in the deadline's zone); ``dates_are_the_reports``
    is true when the source gives no date of its own and the dates are the
    day ``status_source`` reported them.
    """
    response: Response
    for response in responses.iterator(chunk_size=CHUNK_SIZE):
        inquiry = response.inquiry
        state = response.deadline_state
        source = response.status_source
        respondent = response.respondent
        yield [
            inquiry.title,
            inquiry.get_kind_display(),
            inquiry.requester.name,
            response.city.name,
            response.city.state,
            response.status,
            inquiry.sent_on,
            inquiry.due_on,
            zone_words(inquiry.due_timezone) if inquiry.due_on else None,
            inquiry.due_timezone if inquiry.due_on else None,
            inquiry.deadline,
            response.acknowledged_on,
            response.received_on,
            response.dates_as_reported,
            source.title if source else None,
            response.as_of,
            DeadlineState(state).label,
            response.days_late,
            state == DeadlineState.OVERDUE,
            state == DeadlineState.NEEDS_CHECK,
            response.organization.name if response.organization else None,
            respondent.name if respondent else None,
            respondent.title if respondent else None,
            response.summary,
            base_url + response.get_absolute_url(),
        ]


CLAIM_COLUMNS = [
    "claim",
    "wording",
    "claimant",
    "claimant_title",
    "claimant_organization",
    "city",
    "state",
    "stated_on",
    "rating",
    "rating_value",
    "rating_scale",
    "rating_explanation",
    "published_at",
    "sources",
    "page_url",
]


def claim_rows(claims, *, base_url: str) -> Iterator[list]:
    """One row per claim, in :data:`CLAIM_COLUMNS` order.

    Args:
        claims: from :func:`articles.selectors.claims_for_export` (claimant,
            city and rating joined, citations with their sources
            prefetched); read with ``iterator(chunk_size=CHUNK_SIZE)``.
        base_url: scheme and host.

    ``sources`` lists each cited source as "title (URL)", separated by
    `` | ``; ``published_at`` is the instant first published, in the
    newsroom's zone.
    """
    zone = newsroom_zone()
    claim: Claim
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        person = claim.claimant
        organization = person.organization if person else claim.claimant_organization
        rating = claim.rating
        sources = " | ".join(
            f"{c.source.title} ({c.source.url})" if c.source.url else c.source.title
            for c in claim.citations.all()
        )
        yield [
            claim.text,
            claim.get_wording_display(),
            person.name if person else claim.claimant_organization.name,
            person.title if person else None,
            organization.name if organization else None,
            claim.city.name if claim.city else None,
            claim.city.state if claim.city else None,
            claim.stated_on,
            rating.label if rating else "Not rated",
            rating.value if rating else None,
            rating.scale.name if rating else None,
            claim.rating_explanation if rating else None,
            claim.published_at.astimezone(zone).replace(microsecond=0)
            if claim.published_at
            else None,
            sources,
            base_url + claim.get_absolute_url(),
        ]
