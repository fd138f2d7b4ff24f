"""RSS 2.0 and Atom 1.0 feeds (``django.contrib.syndication``; DESIGN.md,
"Public pages": feeds under ``/feeds/``).

Three feeds, each as RSS and as Atom, site-wide, per city and (responses
and corrections) per inquiry:

- **responses received**: received and declined responses, newest
  ``received_on`` first, e.g. "Baltimore, Md., answered Reuters’ requests
  for comment", linking to the city's row on the inquiry's page;
- **claims published**: published claims, newest ``published_at`` first,
  with the rating label (ClaimReview's ``alternateName``) in the description;
- **corrections**: corrections, updates and clarifications, newest
  ``issued_at`` first, linking to the note at the foot of its page.

A claim has no inquiry, so there is no per-inquiry claims feed.

Every feed is the anonymous reader's view, whoever asks (the selectors
``feed_*`` in :mod:`articles.selectors` pass ``user=None``): a feed is public
and cacheable, fetched by feed readers and kept by shared caches, so it never
carries a draft, even when a signed-in editor fetches it. Each feed holds the
newest :data:`articles.selectors.FEED_LENGTH` items and asks a fixed number
of queries (one per list, one more for the city or inquiry it follows).

Stored text may hold characters XML 1.0 forbids (a pasted ``\\x0b`` or
``\\x1b``, a NUL where the database allows it): Django's feed generator
raises on some of them and writes others that break parsers. Every value of
every feed, channel and item alike, goes through :func:`xml_safe` in the
feed types :class:`RssFeed` and :class:`AtomFeed`, so no field can skip it.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html, linebreaks

from . import selectors
from .choices import ResponseStatus
from .formats import ap_date, possessive, printable
from .markdown import render_markdown
from .models import City, Claim, Correction, Inquiry, Response
from .structured_data import SITE_NAME

#: Seconds a shared cache or a feed reader may keep a feed.
FEED_MAX_AGE = 300


def xml_safe(value: str) -> str:
    """``value`` without the characters XML 1.0 forbids:
    :func:`articles.formats.printable`, the tracker's one rule (``"a\\x0bb\\x1b"``
    -> ``"ab"``), under the name the feed types use."""
    return printable(value)


def _clean(value):
    """:func:`xml_safe` on a string, on each string of a list or tuple
    (categories); any other value (dates, enclosures, None) unchanged."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


class _XmlSafeFeedMixin:
    """A feed generator that passes every channel and item value through
    :func:`xml_safe` before writing it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*[_clean(a) for a in args], **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        """Add an item, every value made XML-safe."""
        super().add_item(*[_clean(a) for a in args], **{k: _clean(v) for k, v in kwargs.items()})


class RssFeed(_XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0, every value XML-safe."""


class AtomFeed(_XmlSafeFeedMixin, Atom1Feed):
    """Atom 1.0, every value XML-safe."""


FEED_TYPES = {"rss": RssFeed, "atom": AtomFeed}

#: AP style's state abbreviations in datelines (the AP Stylebook, "state
#: names"): eight states are never abbreviated; D.C. and the territories
#: as AP writes them.
AP_STATES: dict[str, str] = {
    "AL": "Ala.", "AK": "Alaska", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.",
    "CO": "Colo.", "CT": "Conn.", "DE": "Del.", "DC": "D.C.", "FL": "Fla.", "GA": "Ga.",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Ill.", "IN": "Ind.", "IA": "Iowa", "KS": "Kan.",
    "KY": "Ky.", "LA": "La.", "ME": "Maine", "MD": "Md.", "MA": "Mass.", "MI": "Mich.",
    "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.", "NV": "Nev.",
    "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OH": "Ohio", "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.",
    "SD": "S.D.", "TN": "Tenn.", "TX": "Texas", "UT": "Utah", "VT": "Vt.", "VA": "Va.",
    "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "FM": "Micronesia",
    "MH": "Marshall Islands", "PW": "Palau",
}  # fmt: skip


def ap_place(city: City) -> str:
    """A city with its state as AP writes it in running text:
    ``"Baltimore, Md."``, ``"San Bernardino, Calif."``, ``"Albuquerque, N.M."``;
    a state by its name alone (``"California"``), never "California, Calif."."""
    if city.kind == City.Kind.STATE:
        return city.name
    return f"{city.name}, {AP_STATES.get(city.state, city.state)}"


@dataclass(frozen=True)
class FeedScope:
    """What a feed follows: everything, one city, or one inquiry."""

    city: City | None = None
    inquiry: Inquiry | None = None


class TrackerFeed(Feed):
    """What the tracker's feeds share: scope (site, city or inquiry, from
    the URL's ``slug``), format (RSS or Atom), XML-safe values, channel
    title and links, and a public ``Cache-Control``.

    Args:
        scope: ``"site"``, ``"city"`` or ``"inquiry"``.
        feed_format: ``"rss"`` or ``"atom"``.

    Raises (on a request):
        Http404: the city or inquiry in the URL is unknown or not public
            (``get_object`` raises ``DoesNotExist``, which ``Feed`` turns
            into a 404).
    """

    #: ``responses``, ``claims`` or ``corrections``: the URL names' middle part.
    kind = ""
    #: What the feed lists, in the channel title: "Responses received".
    noun = ""
    language = "en"
    author_name = SITE_NAME

    def __init__(self, *, scope: str = "site", feed_format: str = "rss"):
        self.scope = scope
        self.feed_format = feed_format
        self.feed_type = FEED_TYPES[feed_format]

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, max_age=FEED_MAX_AGE)
        return response

    def get_object(self, request, slug: str | None = None) -> FeedScope:
        """The city or inquiry named by ``slug`` in the URL, as readers see it."""
        if self.scope == "city":
            return FeedScope(city=selectors.feed_city(slug=slug))
        if self.scope == "inquiry":
            return FeedScope(inquiry=selectors.feed_inquiry(slug=slug))
        return FeedScope()

    def title(self, obj: FeedScope) -> str:
        """ "Responses received: Baltimore, Md. · City response tracker"."""
        if obj.city is not None:
            return f"{self.noun}: {ap_place(obj.city)} · {SITE_NAME}"
        if obj.inquiry is not None:
            return f"{self.noun}: {obj.inquiry.title} · {SITE_NAME}"
        return f"{self.noun} · {SITE_NAME}"

    def link(self, obj: FeedScope) -> str:
        """The page the feed follows: the city's, the inquiry's, or home."""
        if obj.city is not None:
            return obj.city.get_absolute_url()
        if obj.inquiry is not None:
            return obj.inquiry.get_absolute_url()
        return reverse("articles:home")

    def feed_url(self, obj: FeedScope) -> str:
        """The feed's own address (Atom's ``rel="self"``)."""
        return feed_url(
            self.kind,
            self.feed_format,
            city=obj.city.slug if obj.city else None,
            inquiry=obj.inquiry.slug if obj.inquiry else None,
        )

    def description(self, obj: FeedScope) -> str:
        """RSS's channel description; Atom's subtitle."""
        return self.title(obj)

    def subtitle(self, obj: FeedScope) -> str:
        """Atom's subtitle: as :meth:`description`."""
        return self.description(obj)

    def item_updateddate(self, item) -> datetime.datetime:
        """Atom requires each entry's ``updated``: the item's own date
        (:meth:`item_pubdate`, which each feed defines)."""
        return self.item_pubdate(item)


class ResponsesFeed(TrackerFeed):
    """Responses received (or declined), newest ``received_on`` first.

    Each item: "Baltimore, Md., answered Reuters’ requests for comment",
    the summary and when it came (or "reported Aug. 3, 2017 by Reuters" when
    the source gives no date of its own), linking to the city's row on the
    inquiry's page; its date is the start of ``received_on`` in the
    inquiry's deadline zone (the tracker keeps the day, not the hour).
    """

    kind = "responses"
    noun = "Responses received"

    def items(self, obj: FeedScope) -> list[Response]:
        """:func:`articles.selectors.feed_responses` for the scope."""
        return selectors.feed_responses(city=obj.city, inquiry=obj.inquiry)

    def item_title(self, item: Response) -> str:
        """ "Baltimore, Md., answered Reuters’ requests for comment" or
        "… declined to answer …"."""
        verb = "declined to answer" if item.status == ResponseStatus.DECLINED else "answered"
        return f"{ap_place(item.city)}, {verb} {item.inquiry.title}"

    def item_description(self, item: Response) -> str:
        """HTML: the summary (the newsroom's Markdown, rendered and
        sanitised as on the page, :func:`articles.markdown.render_markdown`)
        or else the city's own text (quoted words: escaped, never Markdown),
        who answered, and when."""
        parts = []
        if item.summary:
            parts.append(render_markdown(item.summary))
        elif item.text:
            parts.append(linebreaks(item.text, autoescape=True))
        who = item.respondent or item.organization
        if item.respondent is not None and item.respondent.title:
            who_text = f"{item.respondent.name}, {item.respondent.title}"
        else:
            who_text = who.name if who is not None else ""
        if item.dates_as_reported and item.status_source_id:
            source = item.status_source
            when = f"Reported {ap_date(source.published_on)}" if source.published_on else ""
            if when and source.publisher_id:
                when += f" by {source.publisher.name}"
        else:
            when = f"{item.get_status_display()} {ap_date(item.received_on)}"
        late = item.days_late
        if late:
            when += f", {late} day{'s' if late != 1 else ''} after the deadline"
        facts = [text for text in (who_text, when) if text]
        if facts:
            parts.append(format_html("<p>{}</p>", " · ".join(facts)))
        return "".join(parts)

    def item_link(self, item: Response) -> str:
        """The city's row on the inquiry's page."""
        return item.get_absolute_url()

    def item_pubdate(self, item: Response) -> datetime.datetime:
        """00:00 on ``received_on`` in the inquiry's deadline zone (aware)."""
        return datetime.datetime.combine(
            item.received_on, datetime.time.min, tzinfo=ZoneInfo(item.inquiry.due_timezone)
        )

    def item_categories(self, item: Response) -> tuple[str, ...]:
        """The status and the city."""
        return (item.get_status_display(), ap_place(item.city))


class ClaimsFeed(TrackerFeed):
    """Published claims, newest ``published_at`` first, each with who said
    it, the claim as worded, and its rating label (ClaimReview's
    ``alternateName``) or "Not rated"."""

    kind = "claims"
    noun = "Claims published"

    def items(self, obj: FeedScope) -> list[Claim]:
        """:func:`articles.selectors.feed_claims` for the scope."""
        return selectors.feed_claims(city=obj.city)

    @staticmethod
    def _who(claim: Claim) -> str:
        return claim.claimant.name if claim.claimant_id else claim.claimant_organization.name

    def item_title(self, item: Claim) -> str:
        """ "Jeff Sessions: “Cities and states …”" (a direct quotation in
        quotation marks, reported speech without)."""
        text = f"“{item.text}”" if item.wording == Claim.Wording.DIRECT else item.text
        return f"{self._who(item)}: {text}"

    def item_description(self, item: Claim) -> str:
        """HTML: the claim (quoted words: escaped, never Markdown); who said
        it, the city it is about, and its rating; the rating explanation
        rendered from Markdown and sanitised as on the page."""
        facts = [self._who(item)]
        if item.city_id:
            facts.append(f"about {ap_place(item.city)}")
        facts.append(f"Rating: {item.rating.label}" if item.rating_id else "Not rated")
        parts = [
            linebreaks(item.text, autoescape=True),
            format_html("<p>{}</p>", " · ".join(facts)),
        ]
        if item.rating_id and item.rating_explanation:
            parts.append(render_markdown(item.rating_explanation))
        return "".join(parts)

    def item_pubdate(self, item: Claim) -> datetime.datetime:
        """When the claim was first published (aware); its creation for a
        claim published before that was recorded."""
        return item.published_at or item.created_at

    def item_categories(self, item: Claim) -> tuple[str, ...]:
        """The rating label, if rated, and the city, if any."""
        labels = (item.rating.label,) if item.rating_id else ()
        return labels + ((ap_place(item.city),) if item.city_id else ())


class CorrectionsFeed(TrackerFeed):
    """Corrections, updates and clarifications, and retractions, newest
    first (``issued_at``, ``retracted_at``), each linking to the note at the
    foot of its page or to the retracted record's page, which stays.

    A retraction takes a record out of every list, feed and search; this
    feed is where a subscriber hears of it ("Retracted: Kevin Davis’ claim
    “…”", the note as its description). Per city: retracted claims about it
    and retracted inquiries it was asked; per inquiry: the inquiry's own
    retraction (the per-inquiry feed stays reachable after it). There is no
    per-inquiry claims feed: a claim has no inquiry in the model.
    """

    kind = "corrections"
    noun = "Corrections"

    def get_object(self, request, slug: str | None = None) -> FeedScope:
        """As :meth:`TrackerFeed.get_object`, but a retracted inquiry's feed
        keeps answering, so its subscribers hear of the retraction."""
        if self.scope == "inquiry":
            return FeedScope(inquiry=selectors.feed_inquiry(slug=slug, retracted=True))
        return super().get_object(request, slug)

    def items(self, obj: FeedScope) -> list[Correction | selectors.Retraction]:
        """:func:`articles.selectors.feed_corrections_and_retractions` for the scope."""
        return selectors.feed_corrections_and_retractions(city=obj.city, inquiry=obj.inquiry)

    @staticmethod
    def _claim_words(claim: Claim) -> str:
        """ "Kevin Davis’ claim “Baltimore is …”" for a direct quote, "Jarrod
        Burguan’s claim: San Bernardino is not …" for a paraphrase (quotation
        marks only around the speaker's own words, as on /corrections/); the
        text cut at 80 characters."""
        who = claim.claimant.name if claim.claimant_id else claim.claimant_organization.name
        who = possessive(who)
        text = claim.text if len(claim.text) <= 80 else claim.text[:79] + "…"
        if claim.wording == Claim.Wording.DIRECT:
            return f"{who} claim “{text}”"
        return f"{who} claim: {text}"

    def item_title(self, item: Correction | selectors.Retraction) -> str:
        """ "Correction: Kevin Davis’ claim “Baltimore is …”", "Update:
        Reuters’ requests for comment", "Correction: the response of
        Baltimore, Md., to …", "Retracted: Reuters’ requests for comment"."""
        if isinstance(item, selectors.Retraction):
            record = item.record
            about = self._claim_words(record) if item.is_claim else record.title
            return f"Retracted: {about}"
        if item.claim_id:
            about = self._claim_words(item.claim)
        elif item.inquiry_id:
            about = item.inquiry.title
        else:
            about = (
                f"the response of {ap_place(item.response.city)}, to {item.response.inquiry.title}"
            )
        return f"{item.get_kind_display()}: {about}"

    def item_description(self, item: Correction | selectors.Retraction) -> str:
        """HTML: the note's (or the retraction note's) Markdown, rendered
        and sanitised as on the page (:func:`articles.markdown.render_markdown`)."""
        if isinstance(item, selectors.Retraction):
            return render_markdown(item.note)
        return render_markdown(item.text)

    def item_link(self, item: Correction | selectors.Retraction) -> str:
        """The note at the foot of its page; the retraction notice at the
        head of a retracted record's page (``#retraction``; also the
        retraction's id: a record is retracted once, and the claims feed's
        id for the record is the bare page, so the two never clash)."""
        if isinstance(item, selectors.Retraction):
            return f"{item.get_absolute_url()}#retraction"
        return f"{item.get_absolute_url()}#correction-{item.pk}"

    def item_pubdate(self, item: Correction | selectors.Retraction) -> datetime.datetime:
        """When the note was issued or the record retracted (aware)."""
        if isinstance(item, selectors.Retraction):
            return item.retracted_at
        return item.issued_at

    def item_categories(self, item: Correction | selectors.Retraction) -> tuple[str, ...]:
        """ "Retraction", "Correction", "Update" or "Clarification"."""
        if isinstance(item, selectors.Retraction):
            return ("Retraction",)
        return (item.get_kind_display(),)


FEEDS: dict[str, type[TrackerFeed]] = {
    "responses": ResponsesFeed,
    "claims": ClaimsFeed,
    "corrections": CorrectionsFeed,
}
#: Which feeds each scope offers (a claim has no inquiry).
SCOPE_KINDS: dict[str, tuple[str, ...]] = {
    "site": ("responses", "claims", "corrections"),
    "city": ("responses", "claims", "corrections"),
    "inquiry": ("responses", "corrections"),
}


def url_name(kind: str, feed_format: str, scope: str = "site") -> str:
    """The URL name (namespace ``articles``) of a feed:
    ``feed_responses_rss``, ``city_feed_claims_atom``, ``inquiry_feed_corrections_rss``."""
    prefix = "" if scope == "site" else f"{scope}_"
    return f"{prefix}feed_{kind}_{feed_format}"


def feed_url(
    kind: str, feed_format: str, *, city: str | None = None, inquiry: str | None = None
) -> str:
    """A feed's path: ``/feeds/responses/rss/``,
    ``/feeds/cities/baltimore-md/claims/atom/``,
    ``/feeds/inquiries/<slug>/corrections/rss/``.

    Args:
        kind: ``"responses"``, ``"claims"`` or ``"corrections"``.
        feed_format: ``"rss"`` or ``"atom"``.
        city, inquiry: the slug of the city or inquiry followed (at most one).

    Raises:
        NoReverseMatch: no such feed (e.g. claims per inquiry).
    """
    if city is not None:
        return reverse(f"articles:{url_name(kind, feed_format, 'city')}", kwargs={"slug": city})
    if inquiry is not None:
        return reverse(
            f"articles:{url_name(kind, feed_format, 'inquiry')}", kwargs={"slug": inquiry}
        )
    return reverse(f"articles:{url_name(kind, feed_format)}")


def urlpatterns() -> list:
    """Every feed's URL pattern, for :mod:`articles.urls`."""
    prefixes = {
        "site": "feeds/",
        "city": "feeds/cities/<uslug:slug>/",
        "inquiry": "feeds/inquiries/<uslug:slug>/",
    }
    return [
        path(
            f"{prefixes[scope]}{kind}/{feed_format}/",
            FEEDS[kind](scope=scope, feed_format=feed_format),
            name=url_name(kind, feed_format, scope),
        )
        for scope, kinds in SCOPE_KINDS.items()
        for kind in kinds
        for feed_format in FEED_TYPES
    ]
