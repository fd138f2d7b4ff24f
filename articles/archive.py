"""A fact-check archive as published claims: the LIAR sample of PolitiFact
rulings (issue 9, item 8; ``manage.py import_claims``).

The input is a CSV file with the columns of ``shared/corpus/liar-statements.csv``
(its README): ``row``, ``ID`` (the statement's JSON id in LIAR, e.g.
``11728.json``), ``Label`` (a Truth-O-Meter slug), ``Statement``, ``Subject``
(comma-separated topics), ``Speaker`` (a slug such as ``ted-cruz``), ``Speaker
Job``, ``State`` (a full name, e.g. ``New York``), ``Party Aff``, five columns
of the speaker's earlier rating counts (mislabelled in the sample; they are
not imported) and ``Context`` (where it was said).

Two steps, so that nothing is ever half-imported:

1. :func:`read_archive` reads and checks every row and returns the rows and
   the row-level errors (:class:`RowError`: the row as a spreadsheet numbers
   it, the header being row 1, the ID and the column). It writes nothing.
   A file it cannot read as such a CSV at all (not UTF-8, the wrong
   columns) is refused whole with :class:`ArchiveRefused`.
2. :func:`archive_import` writes the rows in one transaction through the
   services (:func:`articles.services.object_save`,
   :func:`articles.services.object_get_or_create` and
   :func:`articles.workflow.publish`), so every record has its history.

Each row becomes:

* a :class:`~articles.models.Person` keyed ``politifact:<speaker slug>``: the
  name derived from the slug (``ted-cruz`` -> "Ted Cruz"; LIAR has no printed
  names), ``title`` = Speaker Job, ``home_state`` = the State column's USPS
  code (:func:`state_code`), ``party`` = Party Aff. A speaker's first row with
  a value fills each field; a person already stored is left as it is. A
  speaker no person is keyed to yet reuses the one person already tracked
  under the same name (no ``external_id``; case ignored), which gets the
  key and, where blank, the home state and party (:func:`_match_tracked_people`);
* a :class:`~articles.models.Source` (a PolitiFact ruling, published by the
  organization "PolitiFact") whose text is the statement, and a
  :class:`~articles.models.Citation` quoting it, so the claim is traceable;
* a :class:`~articles.models.Claim` keyed ``liar:<ID>``, text = Statement,
  context, subjects and the rating on the PolitiFact Truth-O-Meter
  (:data:`TRUTH_O_METER`), published through the workflow (or left a draft).
  LIAR carries no dates, so ``stated_on`` stays blank. PolitiFact writes a
  paraphrase as "Says ..."; such a claim is stored as reported speech, the
  others as direct quotations.

A row whose ``ID`` is already stored is left as it is ("already present"),
so running the import twice creates nothing new.

The corpus README calls its files research samples, to be used locally and
in tests and not published on a public page: a newsroom loads its own
licensed archive in production, or imports the sample as drafts
(``publish=False``).
"""

import csv
import io
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import us
from django.apps import apps as global_apps
from django.db import transaction
from django.db.models.functions import Lower
from django.db.models.signals import post_save

from . import search, services, workflow
from .choices import US_STATE_CODES
from .models import Citation, Claim, Organization, Person, Rating, RatingScale, Source

# --- The scale --------------------------------------------------------------

SCALE_SLUG = "politifact-truth-o-meter"
SCALE_NAME = "PolitiFact Truth-O-Meter"
SCALE_DESCRIPTION = (
    "PolitiFact's six-step scale, from True (5) down to Pants on Fire (0), used by the "
    "PolitiFact rulings imported from the LIAR archive. PolitiFact renamed “Barely True” "
    "to “Mostly False” on July 27, 2011; the archive's label barely-true is shown as "
    "Mostly False, as PolitiFact now shows its earlier Barely True rulings."
)


@dataclass(frozen=True)
class Step:
    """One step of the Truth-O-Meter: the archive's ``Label`` (also the
    rating's slug), the label readers see, the ClaimReview ``ratingValue``,
    the position when listed (1 first) and PolitiFact's definition."""

    slug: str
    label: str
    value: int
    order: int
    description: str


#: PolitiFact's Truth-O-Meter (definitions as PolitiFact publishes them),
#: truest first, as the default scale is listed. Values run from 0
#: (pants-fire) to 5 (true): ClaimReview's worstRating 0, bestRating 5.
TRUTH_O_METER: tuple[Step, ...] = (
    Step("true", "True", 5, 1, "The statement is accurate and there’s nothing significant missing."),
    Step("mostly-true", "Mostly True", 4, 2, "The statement is accurate but needs clarification or additional information."),
    Step("half-true", "Half True", 3, 3, "The statement is partially accurate but leaves out important details or takes things out of context."),
    Step("barely-true", "Mostly False", 2, 4, "The statement contains an element of truth but ignores critical facts that would give a different impression. Called “Barely True” until July 27, 2011."),
    Step("false", "False", 1, 5, "The statement is not accurate."),
    Step("pants-fire", "Pants on Fire", 0, 6, "The statement is not accurate and makes a ridiculous claim."),
)  # fmt: skip
LABELS = {step.slug: step for step in TRUTH_O_METER}

PUBLISHER_NAME = "PolitiFact"
REASON = "Imported from the PolitiFact archive (LIAR)"

# --- The file ---------------------------------------------------------------

#: Columns the import reads (the count columns between ``Party Aff`` and
#: ``Context`` are mislabelled in the sample and not imported).
REQUIRED_COLUMNS = (
    "ID",
    "Label",
    "Statement",
    "Subject",
    "Speaker",
    "Speaker Job",
    "State",
    "Party Aff",
    "Context",
)

#: The longest statement accepted. PolitiFact rules on one or two
#: sentences (the longest in the 1,503-row sample has 538 characters); a
#: longer cell is a broken row (two statements run together), not a claim.
STATEMENT_MAX_LENGTH = 1000

#: Longest cell per column: the stored field's length (``Speaker`` and
#: ``ID`` leave room for their ``politifact:`` / ``liar:`` prefixes).
MAX_LENGTHS = {
    "ID": Claim._meta.get_field("external_id").max_length - len("liar:"),
    "Statement": STATEMENT_MAX_LENGTH,
    "Subject": Claim._meta.get_field("subjects").max_length,
    "Speaker": Person._meta.get_field("external_id").max_length - len("politifact:"),
    "Speaker Job": Person._meta.get_field("title").max_length,
    "Party Aff": Person._meta.get_field("party").max_length,
    "Context": Claim._meta.get_field("context").max_length,
}

#: A cell larger than this stops the CSV reader (``csv.field_size_limit``).
CELL_SIZE_LIMIT = 1_000_000

SPEAKER_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: How the sample writes the District of Columbia, which ``us`` does not
#: look up by these names.
STATE_ALIASES = {
    "washington, d.c.": "DC",
    "washington d.c.": "DC",
    "washington dc": "DC",
    "washington state": "WA",
}


class ArchiveRefused(Exception):
    """The file is refused whole (not UTF-8, not a CSV with the archive's
    columns, unreadable): the message says why, naming the columns or the
    place in the file. Nothing is imported."""


@dataclass(frozen=True)
class RowError:
    """A row-level error. ``row`` counts as a spreadsheet does (header =
    row 1, first record = row 2); ``record_id`` is the row's ``ID`` cell."""

    row: int
    column: str
    message: str
    record_id: str = ""

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f" (ID {self.record_id})" if self.record_id else "")
        if self.column:
            where += f", column “{self.column}”"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ArchiveRow:
    """One checked row: cells stripped of surrounding blanks."""

    row: int
    record_id: str
    label: str
    statement: str
    subjects: str
    speaker: str
    speaker_job: str
    state: str
    party: str
    context: str


@dataclass
class ArchiveRead:
    """What :func:`read_archive` found: valid ``rows`` and ``errors``
    (several per row possible), and how many records the file has."""

    rows: list[ArchiveRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    records: int = 0

    @property
    def rows_with_errors(self) -> int:
        return len({e.row for e in self.errors})


def _bad_characters(value: str) -> list[str]:
    """Names of the control characters in ``value`` (NUL, tab, line breaks,
    escape, DEL, the C1 controls; Unicode category Cc), e.g. ``["U+0000"]``.
    A cell of the archive is one line of text: a line break or a tab in it
    means rows ran together."""
    found = sorted({ch for ch in value if unicodedata.category(ch) == "Cc"})
    return [f"U+{ord(ch):04X}" for ch in found]


def state_code(value: str) -> str:
    """The USPS code for the ``State`` column's full name, or ``""``.

    ``"New York"`` -> ``"NY"``, ``"Tennesse"`` -> ``"TN"`` (the ``us``
    package's ``states.lookup`` matches names phonetically),
    ``"Washington, D.C."`` -> ``"DC"`` (:data:`STATE_ALIASES`); a blank cell,
    a city (``"Atlanta"``) or a country (``"Qatar"``) -> ``""``. Only codes
    the Person model accepts (:data:`articles.choices.US_STATES`).
    """
    value = " ".join(value.split())
    if not value:
        return ""
    code = STATE_ALIASES.get(value.lower())
    if code is None:
        state = us.states.lookup(value)
        code = state.abbr if state is not None else ""
    return code if code in US_STATE_CODES else ""


def speaker_name(slug: str) -> str:
    """A printable name derived from a speaker slug: ``"ted-cruz"`` ->
    ``"Ted Cruz"``. LIAR gives only the slug, so names are derived, not
    printed (``"chain-email"`` -> ``"Chain Email"``)."""
    return " ".join(part.capitalize() for part in slug.split("-"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArchiveRefused(
            f"The file is not UTF-8 text: byte {exc.start} (line {line}) is "
            f"0x{data[exc.start]:02x}. Save it as UTF-8 CSV and try again."
        ) from exc


def read_archive(data: bytes) -> ArchiveRead:
    """Read and check an archive CSV; write nothing.

    Args:
        data: the file's bytes (UTF-8, a byte-order mark allowed).

    Returns:
        An :class:`ArchiveRead`. Row errors: an unknown ``Label`` (naming the
        six allowed), a blank ``ID``, ``Label``, ``Statement`` or
        ``Speaker``, a speaker that is not a slug, a cell longer than its
        limit (:data:`MAX_LENGTHS`, naming it), a control character in any
        cell (NUL, tab, a line break...), a row with more or fewer cells
        than the header, and a repeated ``ID`` (naming both rows).

    Raises:
        ArchiveRefused: not UTF-8, empty, no header, a column of
            :data:`REQUIRED_COLUMNS` missing (all missing ones named), a
            malformed CSV or a cell over :data:`CELL_SIZE_LIMIT`.
    """
    text = _decode(data)
    if not text.strip():
        raise ArchiveRefused("The file is empty: expected a CSV with a header row.")
    csv.field_size_limit(CELL_SIZE_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""))
    result = ArchiveRead()
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise ArchiveRefused(
                f"The file lacks the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(f'“{c}”' for c in missing)}: an archive CSV has the columns "
                f"{', '.join(REQUIRED_COLUMNS)} (shared/corpus/README.md). Found: "
                f"{', '.join(header) or 'nothing'}."
            )
        index = {name: header.index(name) for name in REQUIRED_COLUMNS}
        first_row: dict[str, int] = {}
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # an empty line (e.g. at the end of the file) is no record
            result.records += 1
            row = _check_row(number, cells, header, index, first_row, result.errors)
            if row is not None:
                result.rows.append(row)
    except csv.Error as exc:
        raise ArchiveRefused(
            f"The file is not a readable CSV near line {reader.line_num}: {exc}."
        ) from exc
    return result


def _check_row(
    number: int,
    cells: list[str],
    header: list[str],
    index: dict[str, int],
    first_row: dict[str, int],
    errors: list[RowError],
) -> ArchiveRow | None:
    """Check one record; append its errors; return it when it has none."""
    record_id = cells[index["ID"]].strip() if len(cells) > index["ID"] else ""
    shown_id = record_id if not _bad_characters(record_id) else ""
    found: list[RowError] = []

    def error(column: str, message: str) -> None:
        found.append(RowError(number, column, message, shown_id))

    if len(cells) != len(header):
        error("", f"has {len(cells)} cells; the header has {len(header)} columns.")
    values: dict[str, str] = {}
    for column, i in index.items():
        value = cells[i].strip() if i < len(cells) else ""
        bad = _bad_characters(value)
        if bad:
            error(
                column,
                f"contains control characters ({', '.join(bad)}); a cell is one line of text.",
            )
        limit = MAX_LENGTHS.get(column)
        if limit is not None and len(value) > limit:
            error(column, f"is {len(value):,} characters long; the limit is {limit:,}.")
        values[column] = value
    for column in ("ID", "Label", "Statement", "Speaker"):
        if not values[column]:
            error(column, "is blank.")
    label = values["Label"]
    if label and label not in LABELS:
        error(
            "Label",
            f"“{label[:40]}” is not a Truth-O-Meter rating; expected one of {', '.join(LABELS)}.",
        )
    speaker = values["Speaker"]
    if speaker and not SPEAKER_SLUG.fullmatch(speaker):
        error(
            "Speaker",
            f"“{speaker[:40]}” is not a speaker slug (lowercase letters, digits and "
            "hyphens, e.g. ted-cruz).",
        )
    if record_id and shown_id:
        if record_id in first_row:
            error("ID", f"repeats the ID of row {first_row[record_id]}; each statement once.")
        else:
            first_row[record_id] = number
    errors.extend(found)
    if found:
        return None
    return ArchiveRow(
        row=number,
        record_id=record_id,
        label=label,
        statement=values["Statement"],
        subjects=values["Subject"],
        speaker=speaker,
        speaker_job=values["Speaker Job"],
        state=values["State"],
        party=values["Party Aff"],
        context=values["Context"],
    )


def read_archive_file(path: str | Path) -> ArchiveRead:
    """:func:`read_archive` on a file.

    Raises:
        ArchiveRefused: the file cannot be opened (naming it), or as
            :func:`read_archive`.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ArchiveRefused(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    return read_archive(data)


# --- The import -------------------------------------------------------------


@dataclass
class ImportResult:
    """What :func:`archive_import` did: claims ``created`` and ``present``
    (already stored, left as they are), ``people_created``, rows
    ``skipped`` for errors, and ``seconds`` (wall clock, writing only)."""

    created: int = 0
    present: int = 0
    people_created: int = 0
    skipped: int = 0
    seconds: float = 0.0
    #: People already tracked (no external_id, the speaker's name) that the
    #: archive now keys: ``[(speaker slug, person slug), ...]``.
    people_matched: list[tuple[str, str]] = field(default_factory=list)
    #: Speakers whose name several tracked people share: a new person was
    #: created for each, for an editor to merge or tell apart.
    #: ``[(speaker slug, [person slug, ...]), ...]``.
    people_ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)


def truth_o_meter_ensure(*, acting_user=None) -> dict[str, Rating]:
    """Create the PolitiFact Truth-O-Meter scale and its six steps where
    missing (:data:`TRUTH_O_METER`); existing rows are left as they are.

    Args:
        acting_user: recorded in the history; None = the system.

    Returns:
        The steps by archive label (``{"pants-fire": Rating, ...}``).

    Raises:
        django.core.exceptions.ValidationError: a stored row conflicts
            (e.g. another scale holds the name); PermissionDenied as
            :func:`articles.services.require_perm`.
    """
    scale, _ = services.object_get_or_create(
        model=RatingScale,
        lookup={"slug": SCALE_SLUG},
        values={"name": SCALE_NAME, "description": SCALE_DESCRIPTION},
        acting_user=acting_user,
        reason=REASON,
    )
    ratings = {}
    for step in TRUTH_O_METER:
        ratings[step.slug], _ = services.object_get_or_create(
            model=Rating,
            lookup={"scale": scale, "slug": step.slug},
            values={
                "label": step.label,
                "value": step.value,
                "order": step.order,
                "description": step.description,
            },
            acting_user=acting_user,
            reason=REASON,
        )
    return ratings


def _source_title(name: str, statement: str) -> str:
    """``PolitiFact ruling on Ted Cruz: “Says ...…”``, within the 300
    characters of ``Source.title``."""
    limit = Source._meta.get_field("title").max_length
    head = f"PolitiFact ruling on {name}: “"
    room = limit - len(head) - 1
    words = statement if len(statement) <= min(room, 80) else statement[: min(room, 80) - 1] + "…"
    return f"{head}{words}”"


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """Hold off the search index's ``post_save`` receivers
    (:func:`articles.search.connect_signals`) for the block, and connect
    them again after it, whatever happens. The caller reindexes what it
    wrote (:func:`articles.search.reindex`), once per kind instead of once
    per save and per dependent: a third of the queries of an import.

    Receivers are process-wide: use it only where nothing else writes in
    the same process meanwhile (a management command), never in a web
    worker.
    """
    for name in search.WATCHED:
        post_save.disconnect(
            sender=global_apps.get_model("articles", name),
            dispatch_uid=f"search-index-save-{name}",
        )
    try:
        yield
    finally:
        search.connect_signals()


@transaction.atomic
def archive_import(
    *,
    rows: Iterable[ArchiveRow],
    acting_user=None,
    publish: bool = True,
    progress: Callable[[Iterable[ArchiveRow]], Iterable[ArchiveRow]] | None = None,
    defer_search_index: bool = False,
) -> ImportResult:
    """Import checked rows (from :func:`read_archive`) as claims, all in one
    transaction: an error rolls back every row.

    Args:
        rows: the rows to import (only valid ones: the caller decides what
            to do about row errors; the command refuses a file with any
            unless told to skip those rows).
        acting_user: recorded in the history; None = the system (the
            command). A user needs the add, rate and publish permissions
            (an editor).
        publish: publish each new claim through the workflow (the issue:
            "as published claims"); False leaves them drafts for review.
        progress: wraps the rows for a progress bar (e.g. ``tqdm``).
        defer_search_index: index the new records once at the end
            (:func:`search_index_deferred`: only in a process of its own,
            such as the management command).

    Returns:
        An :class:`ImportResult`; a second run of the same rows reports
        ``created == people_created == 0``.

    Raises:
        django.core.exceptions.ValidationError: a record breaks a model rule
            (a message names it); nothing is imported.
        PermissionDenied: ``acting_user`` may not create or publish claims.
    """
    started = time.perf_counter()
    rows = list(rows)
    result = ImportResult()
    ratings = truth_o_meter_ensure(acting_user=acting_user)
    publisher, _ = services.object_get_or_create(
        model=Organization,
        lookup={"name": PUBLISHER_NAME, "kind": Organization.Kind.NEWS_ORGANIZATION},
        values={},
        acting_user=acting_user,
        reason=REASON,
    )
    claim_keys = {f"liar:{row.record_id}" for row in rows}
    present = set(
        Claim.objects.filter(external_id__in=claim_keys).values_list("external_id", flat=True)
    )
    people = {
        p.external_id: p
        for p in Person.objects.filter(
            external_id__in={f"politifact:{row.speaker}" for row in rows}
        )
    }
    speakers = _speaker_values(rows)
    _match_tracked_people(
        people=people,
        speakers=speakers,
        wanted={row.speaker for row in rows if f"liar:{row.record_id}" not in present},
        result=result,
        acting_user=acting_user,
    )
    written: dict[str, list[int]] = {"person": [], "source": [], "claim": [], "quote": []}
    with search_index_deferred() if defer_search_index else nullcontext():
        for row in progress(rows) if progress else rows:
            key = f"liar:{row.record_id}"
            if key in present:
                result.present += 1
                continue
            person_key = f"politifact:{row.speaker}"
            person = people.get(person_key)
            if person is None:
                person = services.object_save(
                    instance=Person(external_id=person_key, **speakers[row.speaker]),
                    acting_user=acting_user,
                    reason=REASON,
                )
                people[person_key] = person
                written["person"].append(person.pk)
                result.people_created += 1
            source = services.object_save(
                instance=Source(
                    kind=Source.Kind.DOCUMENT,
                    title=_source_title(person.name, row.statement),
                    publisher=publisher,
                    text=row.statement,
                    publishable=False,
                ),
                acting_user=acting_user,
                reason=REASON,
            )
            claim = services.object_save(
                instance=Claim(
                    external_id=key,
                    text=row.statement,
                    wording=(
                        Claim.Wording.REPORTED
                        if row.statement.startswith("Says ")
                        else Claim.Wording.DIRECT
                    ),
                    claimant=person,
                    rating=ratings[row.label],
                    context=row.context,
                    subjects=row.subjects,
                ),
                acting_user=acting_user,
                reason=REASON,
            )
            citation = services.object_save(
                instance=Citation(claim=claim, source=source, quote=row.statement),
                acting_user=acting_user,
                reason=REASON,
            )
            written["source"].append(source.pk)
            written["claim"].append(claim.pk)
            written["quote"].append(citation.pk)
            if publish:
                workflow.publish(record=claim, acting_user=acting_user, reason=REASON)
            present.add(key)
            result.created += 1
    if defer_search_index:
        for kind, pks in written.items():
            search.reindex(kind, pks)
    result.seconds = time.perf_counter() - started
    return result


#: The fields of a matched person the archive may fill when an editor left
#: them blank; the name, job title and organization an editor entered stay.
MATCH_FILLS_BLANK = ("home_state", "party")


def _match_tracked_people(
    *,
    people: dict[str, Person],
    speakers: dict[str, dict[str, str]],
    wanted: set[str],
    result: ImportResult,
    acting_user=None,
) -> None:
    """Reuse people the newsroom already tracks for speakers no person is
    keyed to yet (newcomer's report on issue 9: the seed's "Jeff Sessions",
    slug ``jeff-sessions``, became a second person ``jeff-sessions-2``).

    A speaker in ``wanted`` whose key (``politifact:<slug>``) is not in
    ``people`` is matched to the one person with no ``external_id`` whose
    name equals the speaker's derived name (:func:`speaker_name`), ignoring
    case. That person gets the key through the services (history reason
    :data:`REASON`), and its blank ``home_state`` and ``party`` are filled
    from the archive (:data:`MATCH_FILLS_BLANK`); what editors entered is
    kept. ``people`` gains the match, so the import uses it.

    Several such people with that name: none is picked (which one said it
    is for an editor to judge); a new person is created as before and the
    speaker is listed in ``result.people_ambiguous``. A person already keyed
    to another archive or record is never taken.

    One query for the candidates, then one save per match.

    Raises:
        django.core.exceptions.ValidationError, PermissionDenied: as
            :func:`articles.services.object_save`.
    """
    names = {
        slug: speakers[slug]["name"]
        for slug in sorted(wanted)
        if f"politifact:{slug}" not in people
    }
    if not names:
        return
    by_name: dict[str, list[Person]] = {}
    for person in (
        Person.objects.annotate(name_lower=Lower("name"))
        .filter(external_id="", name_lower__in={n.lower() for n in names.values()})
        .order_by("pk")
    ):
        by_name.setdefault(person.name.lower(), []).append(person)
    for slug, name in names.items():
        found = by_name.get(name.lower(), [])
        if len(found) > 1:
            result.people_ambiguous.append((slug, [p.slug for p in found]))
            continue
        if not found:
            continue
        person = found[0]
        person.external_id = f"politifact:{slug}"
        for field_name in MATCH_FILLS_BLANK:
            if not getattr(person, field_name) and speakers[slug][field_name]:
                setattr(person, field_name, speakers[slug][field_name])
        person = services.object_save(
            instance=person,
            acting_user=acting_user,
            reason=f"{REASON}: matched by name to the speaker “{slug}”",
        )
        people[person.external_id] = person
        result.people_matched.append((slug, person.slug))


def _speaker_values(rows: list[ArchiveRow]) -> dict[str, dict[str, str]]:
    """Per speaker slug, the new Person's fields: each from the speaker's
    first row with a value (the sample has Kasim Reed once with his job
    and state, once without)."""
    values: dict[str, dict[str, str]] = {}
    for row in rows:
        found = values.setdefault(
            row.speaker,
            {"name": speaker_name(row.speaker), "title": "", "home_state": "", "party": ""},
        )
        for name, value in (
            ("title", row.speaker_job),
            ("home_state", state_code(row.state)),
            ("party", row.party),
        ):
            if not found[name] and value:
                found[name] = value
    return values
