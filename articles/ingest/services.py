"""Ingestion's writes (issue "Wire-story ingestion", items 1 and 3).

A story goes in as a :class:`~articles.models.Source` and a set of draft
:class:`~articles.models.Suggestion` rows (:func:`story_import`); an editor
accepts (:func:`suggestion_accept`, :func:`suggestions_accept`) or rejects
(:func:`suggestion_reject`) each. Accepting writes only through
:mod:`articles.services` and :mod:`articles.workflow`: a place from the
gazetteer, a person, a claim sent to the review queue (never published
here), or a response's status change. Nothing here reaches readers by
itself: an imported source is public only once a published claim or
inquiry cites it (``SourceQuerySet.public_q``).

Every function is keyword-only and atomic, checks the acting user's
permission, and records the user and a reason in the history, as the rest
of the services do (STYLE.md, "Reads in selectors, writes in services").
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from .. import gazetteer, selectors, services, workflow
from ..choices import CorrectionKind, ResponseStatus
from ..clock import now
from ..locking import check_fresh
from ..models import (
    Citation,
    City,
    Claim,
    Organization,
    Person,
    Response,
    Source,
    Suggestion,
)
from . import extract as extraction
from . import reading
from .spans import Extraction, sentences

logger = logging.getLogger(__name__)

#: Longest title and label the models hold (``Source.title``, ``Suggestion.label``).
TITLE_MAX = 300
#: Characters of a quote shown in its label ("Kevin Davis: “Baltimore is a…”").
QUOTE_LABEL_CHARS = 60


@dataclass
class ImportResult:
    """What one import did: the ``source`` (new or the one already holding
    this text), ``created`` False when the story was already imported (then
    nothing was written), ``counts`` suggestions made by kind
    (``{"place": 7, "person": 4, "quote": 3, "signal": 2}``)."""

    source: Source
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def _shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit``
    characters with "…" when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def story_title(text: str, found: Extraction) -> str:
    """The first sentence after the dateline, cut to :data:`TITLE_MAX`
    characters (a wire story's lede; the corpus gives headlines, a paste
    often does not)."""
    begin = found.dateline.end if found.dateline else 0
    for sentence in sentences(text):
        if sentence.end > begin:
            return _shorten(text[max(sentence.start, begin) : sentence.end], TITLE_MAX)
    return _shorten(text, TITLE_MAX)


def _organization(name: str, *, kind: str, acting_user, reason: str) -> Organization | None:
    """The organisation named ``name`` (case ignored), created with ``kind``
    when missing; None for a blank name."""
    name = " ".join((name or "").split())
    if not name:
        return None
    found = Organization.objects.filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return found
    return services.object_save(
        instance=Organization(name=name[:200], kind=kind), acting_user=acting_user, reason=reason
    )


def _quote_label(speaker: str, quote: str) -> str:
    said = f"“{_shorten(quote, QUOTE_LABEL_CHARS)}”"
    return _shorten(f"{speaker}: {said}" if speaker else said, TITLE_MAX)


def _suggestion_rows(source: Source, found: Extraction) -> list[tuple[Suggestion, int | None]]:
    """Unsaved suggestions for every finding, each with the index of its
    speaker in ``found.people`` (quotes) or None; the span's text is read
    from the source so it is the source's own characters. A finding whose
    span is empty or outside the text is left out (and logged)."""
    text = source.text
    rows: list[tuple[Suggestion, int | None]] = []

    def add(kind, start, end, label, data, speaker=None):
        if not 0 <= start < end <= len(text):
            # An extractor's slip must not sink the story: the rest is kept.
            logger.warning(
                "Skipped a %s finding with span [%s, %s) in %s", kind, start, end, source
            )
            return
        rows.append(
            (
                Suggestion(
                    source=source,
                    kind=kind,
                    start=start,
                    end=end,
                    text=text[start:end],
                    label=_shorten(label, TITLE_MAX),
                    data=data,
                ),
                speaker,
            )
        )

    # One suggestion per place (newcomer's report: "Baltimore" four times
    # was four suggestions): its first mention, the others in ``mentions``.
    places: dict[tuple, dict] = {}
    for place in found.places:
        same = (place.key or place.name, place.state, place.kind, place.candidates)
        if same in places:
            places[same]["mentions"].append([place.start, place.end])
            places[same]["dateline"] = places[same]["dateline"] or place.dateline
            continue
        places[same] = {
            "name": place.name,
            "state": place.state,
            "key": place.key,
            "candidates": list(place.candidates),
            "dateline": place.dateline,
            "kind": place.kind,
            "mentions": [],
            "span": (place.start, place.end),
        }
    for data in places.values():
        start, end = data.pop("span")
        if data["kind"] == "state":
            label = f"{data['name']} (state)"  # as the gazetteer labels a state
        else:
            label = f"{data['name']}, {data['state']}" if data["state"] else data["name"]
        add(Suggestion.Kind.PLACE, start, end, label, data)
    for person in found.people:
        add(
            Suggestion.Kind.PERSON,
            person.start,
            person.end,
            ", ".join(p for p in (person.name, person.title, person.organization) if p),
            {
                "name": person.name,
                "title": person.title,
                "organization": person.organization,
                "mentions": [list(m) for m in person.mentions],
            },
        )
    for quote in found.quotes:
        add(
            Suggestion.Kind.QUOTE,
            quote.start,
            quote.end,
            _quote_label(quote.speaker, text[quote.start : quote.end]),
            {
                "speaker": quote.speaker,
                "speaker_span": list(quote.speaker_span) if quote.speaker_span else None,
            },
            speaker=quote.person,
        )
    for signal in found.signals:
        status = ResponseStatus(signal.status)
        who = signal.place[0] if signal.place else signal.subject
        add(
            Suggestion.Kind.SIGNAL,
            signal.start,
            signal.end,
            f"{who}: {status.label.lower()}" if who else status.label.lower(),
            {
                "status": status.value,
                "subject": signal.subject,
                "place": list(signal.place) if signal.place else None,
            },
        )
    return rows


def imported_source(digest: str) -> Source | None:
    """The source already holding the story whose digest is ``digest``."""
    return Source.objects.filter(text_sha256=digest).first()


def story_import(
    *,
    text: str,
    acting_user,
    title: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    reason: str = "",
) -> ImportResult:
    """Store a story as a Source (kind news article; title, publisher and
    dateline from the dateline, date when given, full text) and its draft
    suggestions, in one transaction. Idempotent on the text's digest
    (:func:`articles.ingest.reading.text_digest`): a story already stored
    is returned with ``created`` False and nothing is written, also when
    two imports of it race (the unique ``text_sha256`` decides).

    Args:
        text: the story as plain text (read with
            :func:`articles.ingest.reading.read_story`); normalised here.
        acting_user: the editor (None for a system job); needs
            ``articles.add_source`` and ``articles.add_suggestion``.
        title: the headline; default the first sentence after the dateline.
        url: where it was published ("" when unknown).
        published_on: the story's date (a calendar date), or None.
        reason: the history's reason; default "Imported".

    Raises:
        articles.ingest.reading.StoryError: empty or over the size limit.
        PermissionDenied: without the permissions.
        ValidationError: a field rule (e.g. ``url``, ``published_on`` in
            the future), keyed by field.
    """
    services.require_perm(acting_user, "articles.add_source")
    services.require_perm(acting_user, "articles.add_suggestion")
    text = reading.checked_text(text)
    digest = reading.text_digest(text)
    existing = imported_source(digest)
    if existing is not None:
        return ImportResult(source=existing, created=False)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _import_new(
                    text=text,
                    digest=digest,
                    acting_user=acting_user,
                    title=title,
                    url=url,
                    published_on=published_on,
                    reason=reason or "Imported",
                )
        except (IntegrityError, ValidationError):
            # Another import of the same text won the race (the unique
            # digest): that source is the answer. Or another story created
            # the same publisher meanwhile (two workers starting on two
            # Reuters stories): the second attempt finds it.
            existing = imported_source(digest)
            if existing is not None:
                return ImportResult(source=existing, created=False)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _import_new(*, text, digest, acting_user, title, url, published_on, reason) -> ImportResult:
    found = extraction.extract(text)
    dateline = found.dateline
    publisher = _organization(
        dateline.publisher if dateline else "",
        kind=Organization.Kind.NEWS_ORGANIZATION,
        acting_user=acting_user,
        reason=reason,
    )
    source = services.object_save(
        instance=Source(
            kind=Source.Kind.NEWS_ARTICLE,
            title=_shorten(title, TITLE_MAX) if (title or "").strip() else story_title(text, found),
            publisher=publisher,
            dateline=dateline.text[:200] if dateline else "",
            url=(url or "").strip(),
            published_on=published_on,
            text=text,
            text_sha256=digest,
        ),
        acting_user=acting_user,
        reason=reason,
    )
    counts: Counter[str] = Counter()
    saved: dict[tuple[str, int, int], Suggestion] = {}
    person_keys = [(Suggestion.Kind.PERSON, p.start, p.end) for p in found.people]
    for suggestion, speaker in _suggestion_rows(source, found):
        key = (suggestion.kind, suggestion.start, suggestion.end)
        if key in saved:
            continue  # the same span found twice: the unique constraint allows one
        if speaker is not None and 0 <= speaker < len(person_keys):
            suggestion.speaker = saved.get(person_keys[speaker])
        saved[key] = services.object_save(
            instance=suggestion, acting_user=acting_user, reason=reason
        )
        counts[Suggestion.Kind(suggestion.kind).value] += 1
    return ImportResult(source=source, created=True, counts=dict(counts))


# --- Deciding ---------------------------------------------------------------


def _check_pending(suggestion: Suggestion) -> None:
    """Refuse a stale or already decided suggestion (the stored row decides).

    Raises:
        articles.locking.StaleVersionError: saved meanwhile by someone else.
        ValidationError: key ``status``, naming the decision taken.
    """
    check_fresh(suggestion)
    stored = Suggestion.objects.filter(pk=suggestion.pk).values("status", "decided_by__username")
    row = stored.first()
    if row is None:
        raise ValidationError("This suggestion was deleted; nothing was saved.")
    if row["status"] != Suggestion.Status.PENDING:
        who = f" by {row['decided_by__username']}" if row["decided_by__username"] else ""
        raise ValidationError(
            {
                "status": ValidationError(
                    "This suggestion was already %(status)s%(who)s: it is decided once.",
                    code="decided",
                    params={
                        "status": Suggestion.Status(row["status"]).label.lower(),
                        "who": who,
                    },
                )
            }
        )


def _decide(suggestion: Suggestion, status: str, acting_user, reason: str) -> Suggestion:
    suggestion.status = status
    suggestion.decided_by = services._history_user(acting_user)
    suggestion.decided_at = now()
    return services.object_save(instance=suggestion, acting_user=acting_user, reason=reason)


def _accept_place(suggestion: Suggestion, acting_user, choice: dict, reason: str) -> None:
    data = suggestion.data or {}
    candidates = list(data.get("candidates") or [])
    key = (choice.get("key") or "").strip()
    if key and key != data.get("key") and key not in candidates:
        raise ValidationError(
            {"key": f"“{key}” is not one of the places the story may mean; pick one of the list."}
        )
    key = key or data.get("key") or ""
    if not key:
        if candidates:
            labels = "; ".join(
                e.label for e in (gazetteer.by_key(c) for c in candidates) if e is not None
            )
            message = f"“{suggestion.text}” may be any of several places: pick one ({labels})."
        else:
            message = (
                f"“{suggestion.text}” is not in the gazetteer: add the place by hand, "
                "then reject this suggestion."
            )
        raise ValidationError({"key": message})
    entry = gazetteer.by_key(key)
    if entry is None:
        raise ValidationError({"key": f"The gazetteer has no place “{key}”."})
    suggestion.city = (
        _tracked_place(entry, acting_user)
        or (services.place_from_gazetteer(entry=entry, acting_user=acting_user, reason=reason)[0])
    )


def _tracked_place(entry: gazetteer.Entry, acting_user) -> City | None:
    """A place typed by hand before the gazetteer knew it (no key), that
    readers see and ``acting_user`` may not change (a reporter): linked as
    it is. :func:`articles.services.place_from_gazetteer` would fill in its
    key and coordinates, an edit of a published record only an editor may
    make; accepting a suggestion needs no such edit."""
    if acting_user is None or acting_user.has_perm(services.CHANGE_PUBLISHED):
        return None
    if City.objects.filter(gazetteer_id=entry.key).exists():
        return None
    place = City.objects.filter(
        name=entry.name, state=entry.state, kind=entry.kind, gazetteer_id=""
    ).first()
    return place if place is not None and services.is_public(place) else None


def _accept_person(suggestion: Suggestion, acting_user, choice: dict, reason: str) -> None:
    data = suggestion.data or {}
    organization = _organization(
        data.get("organization", ""),
        kind=Organization.Kind.OTHER,
        acting_user=acting_user,
        reason=reason,
    )
    name = " ".join((data.get("name") or suggestion.text).split())
    suggestion.person, _ = services.object_get_or_create(
        model=Person,
        lookup={"name": name[:200]},
        values={"title": (data.get("title") or "")[:200], "organization": organization},
        acting_user=acting_user,
        reason=reason,
    )
    suggestion.organization = organization


def _claimant(suggestion: Suggestion, acting_user, choice: dict) -> dict:
    """Who said the quote: ``{"claimant": person}`` or
    ``{"claimant_organization": organization}``.

    The editor's ``choice["claimant"]`` (a Person or an Organization)
    first; then the speaker's person suggestion (accepted now if pending);
    then an organisation named as the speaker.

    Raises:
        ValidationError: key ``speaker`` when none is known.
    """
    picked = choice.get("claimant")
    if isinstance(picked, Person):
        return {"claimant": picked}
    if isinstance(picked, Organization):
        return {"claimant_organization": picked}
    speaker = suggestion.speaker
    if speaker is not None:
        if speaker.status == Suggestion.Status.PENDING:
            speaker = suggestion_accept(suggestion=speaker, acting_user=acting_user)
        if speaker.person_id:
            return {"claimant": speaker.person}
    name = " ".join(((suggestion.data or {}).get("speaker") or "").split())
    organization = Organization.objects.filter(name__iexact=name).first() if name else None
    if organization is not None:
        return {"claimant_organization": organization}
    raise ValidationError(
        {
            "speaker": "The story does not name a person or organisation the tracker knows "
            "as the speaker" + (f" (it says “{name}”)" if name else "") + ": pick who said it."
        }
    )


def _accept_quote(suggestion: Suggestion, acting_user, choice: dict, reason: str) -> None:
    source = suggestion.source
    claim = services.object_save(
        instance=Claim(
            text=suggestion.text.strip().rstrip(",").strip(),
            wording=Claim.Wording.DIRECT,
            stated_on=source.published_on,
            context=_shorten(f"Quoted in “{source.title}”", TITLE_MAX),
            **_claimant(suggestion, acting_user, choice),
        ),
        acting_user=acting_user,
        reason=reason,
    )
    suggestion.citation = services.object_save(
        instance=Citation(claim=claim, source=source, quote=suggestion.text),
        acting_user=acting_user,
        reason=reason,
    )
    # Into the review queue: an editor rates and publishes it, or not.
    suggestion.claim = workflow.submit(record=claim, acting_user=acting_user)
    if suggestion.speaker_id and suggestion.claim.claimant_id:
        suggestion.person = suggestion.claim.claimant


def _signal_response(suggestion: Suggestion, choice: dict) -> Response:
    """The editor's ``choice["response"]``, or the single open response of
    the city the signal names.

    Raises:
        ValidationError: key ``response`` when there is none or several.
    """
    picked = choice.get("response")
    if isinstance(picked, Response):
        return picked
    place = (suggestion.data or {}).get("place") or None
    if not place:
        raise ValidationError(
            {"response": "The story does not say which city this concerns: pick the response."}
        )
    name, state = place[0], place[1] if len(place) > 1 else ""
    open_ = list(selectors.open_responses(name, state)[:2])
    if len(open_) != 1:
        many = "several open responses" if open_ else "no open response"
        raise ValidationError(
            {"response": f"{name} has {many}: pick the response this signal concerns."}
        )
    return open_[0]


def _accept_signal(suggestion: Suggestion, acting_user, choice: dict, reason: str) -> None:
    source = suggestion.source
    day = source.published_on
    if day is None:
        raise ValidationError(
            {
                "published_on": "The story has no date: give its source the date it was "
                "published first (the response's dates come from it)."
            }
        )
    response = _signal_response(suggestion, choice)
    status = (suggestion.data or {}).get("status")
    note_text = (choice.get("note") or "").strip()
    note = services.CorrectionNote(CorrectionKind.UPDATE, note_text) if note_text else None
    sources = list(response.sources.all())
    common = {
        "response": response,
        "acting_user": acting_user,
        "reason": reason,
        "correction": note,
        # The story joins the response's sources in the same history record.
        "m2m": {"sources": sources if source in sources else [*sources, source]},
    }
    if status != ResponseStatus.PENDING:
        # The story reports the status: its date is the report's (as the seed does).
        response.status_source = source
        response.dates_as_reported = True
    notes_before = response.corrections.count() if note else 0
    if status == ResponseStatus.RECEIVED:
        response = services.response_mark_received(received_on=day, **common)
    elif status == ResponseStatus.DECLINED:
        response = services.response_mark_declined(declined_on=day, **common)
    elif status == ResponseStatus.ACKNOWLEDGED:
        response = services.response_mark_acknowledged(acknowledged_on=day, **common)
    elif status == ResponseStatus.PENDING:
        response.as_of = max(response.as_of or day, day)
        response = services.response_update(**common)
    else:
        raise ValidationError({"status": f"Unknown response status “{status}”."})
    if note and response.corrections.count() == notes_before:
        # Newcomer's report: a note typed for a change readers would not see
        # (the response already stood so) was dropped without a word.
        raise ValidationError(
            {
                "note": "Nothing readers see changes (the response already says this), so "
                "there is no update to note: leave the note blank to accept."
            }
        )
    suggestion.response = response


_ACCEPT = {
    Suggestion.Kind.PLACE: _accept_place,
    Suggestion.Kind.PERSON: _accept_person,
    Suggestion.Kind.QUOTE: _accept_quote,
    Suggestion.Kind.SIGNAL: _accept_signal,
}


@transaction.atomic
def suggestion_accept(
    *, suggestion: Suggestion, acting_user, choice: dict | None = None, reason: str = ""
) -> Suggestion:
    """Accept a suggestion: create the place, person, draft claim with its
    citation, or the response change, through :mod:`articles.services`;
    ``choice`` carries the editor's picks (``{"key": "geonames:..."}`` for
    an ambiguous place, ``{"response": <Response>}`` for a signal,
    ``{"claimant": <Person or Organization>}`` for a quote whose speaker is
    not known, ``{"note": "..."}``: the update note readers see when the
    signal changes a published inquiry's response).

    Per kind:
        place: :func:`articles.services.place_from_gazetteer` with the
            gazetteer key (``choice["key"]`` must be one of the candidates);
        person: a Person found by name or created with the title and the
            organisation (found or created by name);
        quote: a Claim (direct wording, said on the source's date, its
            text the span without a closing comma, which stands for the
            full stop in "…," he said: AP style) with a Citation whose quote
            is exactly the span, sent to the review
            queue (:func:`articles.workflow.submit`), never published; the
            speaker's person suggestion is accepted with it;
        signal: the response marked received, declined or acknowledged
            on the source's date (pending: confirmed as of that date), the
            source added to its sources and named as its status source.

    Args:
        suggestion: a pending suggestion; ``suggestion.version`` the version
            the editor's page showed.
        acting_user: the editor (None for a system job); needs
            ``articles.change_suggestion`` and the permissions of what is
            made.
        reason: the history's reason; default "Accepted from “<title>”".

    Returns:
        The suggestion, accepted, linked to what was made.

    Raises:
        PermissionDenied: without a permission.
        articles.locking.StaleVersionError: saved meanwhile by someone else.
        ValidationError: already decided (key ``status``); an ambiguous or
            unknown place (key ``key``, listing the candidates); no speaker
            (key ``speaker``); no single open response (key ``response``);
            a signal from an undated story (key ``published_on``); the
            services' own refusals.
    """
    services.require_perm(acting_user, "articles.change_suggestion")
    _check_pending(suggestion)
    reason = (reason or "").strip() or f"Accepted from “{_shorten(suggestion.source.title, 200)}”"
    _ACCEPT[suggestion.kind](suggestion, acting_user, choice or {}, reason)
    return _decide(suggestion, Suggestion.Status.ACCEPTED, acting_user, reason)


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, acting_user, reason: str) -> Suggestion:
    """Reject with a reason (required), recorded on the suggestion and in
    its history.

    Raises:
        PermissionDenied: without ``articles.change_suggestion``.
        articles.locking.StaleVersionError: saved meanwhile by someone else.
        ValidationError: blank reason (key ``reject_reason``); already
            decided (key ``status``).
    """
    services.require_perm(acting_user, "articles.change_suggestion")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reject_reason": "Say why this suggestion is rejected: a rejection needs a reason."}
        )
    _check_pending(suggestion)
    suggestion.reject_reason = reason
    return _decide(suggestion, Suggestion.Status.REJECTED, acting_user, f"Rejected: {reason}")


#: The order of a bulk accept: a quote's speaker is accepted as a person
#: before the quote needs it.
BULK_ORDER = (
    Suggestion.Kind.PLACE,
    Suggestion.Kind.PERSON,
    Suggestion.Kind.QUOTE,
    Suggestion.Kind.SIGNAL,
)


def suggestions_accept(*, suggestions, acting_user) -> tuple[list[Suggestion], dict[int, str]]:
    """Bulk accept: each in its own transaction (one refusal leaves the
    others accepted), places and people first (:data:`BULK_ORDER`: a
    quote's speaker is accepted before the quote), each read again first
    (a bulk action carries no versions; the row is still locked); returns
    the accepted and the refused (pk → message, the refusal in words; one
    decided meanwhile is refused as :func:`suggestion_accept` says).

    Args:
        suggestions: Suggestion instances (a list or a QuerySet).
        acting_user: as :func:`suggestion_accept`.

    Raises:
        PermissionDenied: without ``articles.change_suggestion`` (checked
            once, before any is accepted).
    """
    services.require_perm(acting_user, "articles.change_suggestion")
    accepted: list[Suggestion] = []
    refused: dict[int, str] = {}
    for suggestion in sorted(suggestions, key=lambda s: (BULK_ORDER.index(s.kind), s.pk)):
        try:
            with transaction.atomic():
                suggestion.refresh_from_db()
                accepted.append(suggestion_accept(suggestion=suggestion, acting_user=acting_user))
        except Suggestion.DoesNotExist:
            refused[suggestion.pk] = "This suggestion was deleted; nothing was saved."
        except (ValidationError, PermissionDenied) as exc:
            words = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            refused[suggestion.pk] = " ".join(words)
    return accepted, refused


#: Singular and plural nouns of the kinds, for messages.
KIND_WORDS = {
    Suggestion.Kind.PLACE: ("place", "places"),
    Suggestion.Kind.PERSON: ("person", "people"),
    Suggestion.Kind.QUOTE: ("quote", "quotes"),
    Suggestion.Kind.SIGNAL: ("signal", "signals"),
}


def counts_words(counts: dict[str, int]) -> str:
    """``"7 places, 4 people, 3 quotes, 2 signals"``: every kind, in the
    model's order, zeros included (the import's message in the admin and
    ``import_article``)."""
    parts = []
    for kind, (one, many) in KIND_WORDS.items():
        n = counts.get(kind, 0)
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
