"""The seed story: the Reuters report of Aug. 3, 2017 on the Justice
Department's questions to four police departments about "sanctuary"
policies (``fixtures/reuters-2017-08-03-sanctuary-cities.txt``, copied from
``shared/seed/`` so that a fresh clone carries it).

Every value below is traceable to a sentence of that article; the comment
beside each says which. Where the article is silent the field stays blank
(no coordinates, no URL, no headline, no time of day). Two readings are
editorial and documented here:

* The article gives no date for the answers it quotes (nor for San
  Bernardino's promise to answer): it reports them, so they happened on or
  before Aug. 3, 2017. Those responses store the article's date with
  ``dates_as_reported`` set and the article as ``status_source``, so readers
  see "reported Aug. 3, 2017 by Reuters", never a date of receipt the
  newsroom cannot vouch for. Aug. 3 is also every response's ``as_of``.
* The Justice Department's questions were *announced* ("In making the
  announcement, Sessions singled out four local police departments"), so
  that inquiry's ``opening_event`` is "announced", not "sent".
* The request for comment is the article's own "requests for comment":
  the article does not say when they were made or what was asked, so the
  inquiry has no date, no questions and no description of its own.
* San Bernardino's chief "will answer the department's questions": an
  acknowledgement of the Justice Department's inquiry (the issue says so).

:func:`load_seed` writes through :func:`articles.services.object_get_or_create`:
it creates what is missing and leaves every existing row as it is, so running
it twice changes nothing, adds no history, and never overwrites an editor's
later changes (Stockton answering, say).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from . import services, workflow
from .ingest.reading import text_digest
from .models import (
    Citation,
    City,
    Claim,
    Inquiry,
    InquiryEvent,
    Organization,
    Person,
    Publication,
    Response,
    Source,
)

ARTICLE_PATH = (
    Path(__file__).resolve().parent / "fixtures" / "reuters-2017-08-03-sanctuary-cities.txt"
)
PUBLISHED_ON = datetime.date(2017, 8, 3)  # DESIGN.md: Reuters, Aug. 3, 2017 (a Thursday)
REASON = "Seed: Reuters, Aug. 3, 2017"

DOJ_INQUIRY_SLUG = "justice-department-sanctuary-questions"
COMMENT_INQUIRY_SLUG = "reuters-request-for-comment"


def article_text() -> str:
    """Return the seed article's text exactly as stored (UTF-8)."""
    return ARTICLE_PATH.read_text(encoding="utf-8")


# "The four police departments that must respond are Albuquerque, New
# Mexico; Baltimore, Maryland; and San Bernardino and Stockton, California."
CITIES = [
    {"slug": "albuquerque-nm", "name": "Albuquerque", "state": "NM"},
    {"slug": "baltimore-md", "name": "Baltimore", "state": "MD"},
    {"slug": "san-bernardino-ca", "name": "San Bernardino", "state": "CA"},
    {"slug": "stockton-ca", "name": "Stockton", "state": "CA"},
]

ORGANIZATIONS = [
    # "WASHINGTON/NEW YORK (Reuters)"
    {
        "slug": "reuters",
        "name": "Reuters",
        "kind": Organization.Kind.NEWS_ORGANIZATION,
        "city": None,
    },
    # "a new crime reduction training program unveiled earlier this year by the Justice Department"
    {
        "slug": "justice-department",
        "name": "U.S. Justice Department",
        "kind": Organization.Kind.FEDERAL_AGENCY,
        "city": None,
    },
    # "U.S. Immigration and Customs Enforcement (ICE)"
    {
        "slug": "ice",
        "name": "U.S. Immigration and Customs Enforcement",
        "kind": Organization.Kind.FEDERAL_AGENCY,
        "city": None,
    },
    # "Sessions singled out four local police departments"
    {
        "slug": "albuquerque-police-department",
        "name": "Albuquerque Police Department",
        "kind": Organization.Kind.POLICE_DEPARTMENT,
        "city": "albuquerque-nm",
    },
    {
        "slug": "baltimore-police-department",
        "name": "Baltimore Police Department",
        "kind": Organization.Kind.POLICE_DEPARTMENT,
        "city": "baltimore-md",
    },
    {
        "slug": "san-bernardino-police-department",
        "name": "San Bernardino Police Department",
        "kind": Organization.Kind.POLICE_DEPARTMENT,
        "city": "san-bernardino-ca",
    },
    {
        "slug": "stockton-police-department",
        "name": "Stockton Police Department",
        "kind": Organization.Kind.POLICE_DEPARTMENT,
        "city": "stockton-ca",
    },
]

PEOPLE = [
    # "Attorney General Jeff Sessions said on Thursday"
    {
        "slug": "jeff-sessions",
        "name": "Jeff Sessions",
        "title": "Attorney General",
        "organization": "justice-department",
    },
    # "said Baltimore Police Commissioner Kevin Davis"
    {
        "slug": "kevin-davis",
        "name": "Kevin Davis",
        "title": "Police Commissioner",
        "organization": "baltimore-police-department",
    },
    # "Jarrod Burguan, the police chief of San Bernardino"
    {
        "slug": "jarrod-burguan",
        "name": "Jarrod Burguan",
        "title": "Police Chief",
        "organization": "san-bernardino-police-department",
    },
    # "Rachael Yong Yow, an ICE spokeswoman"
    {
        "slug": "rachael-yong-yow",
        "name": "Rachael Yong Yow",
        "title": "Spokeswoman",
        "organization": "ice",
    },
]

# The seed file carries no headline, so none is invented: the title quotes
# the article's opening words, marked as a quotation.
LEDE_EXCERPT = (
    "U.S. cities that refuse to step up efforts to focus on crimes committed by illegal immigrants"
)
SOURCE_TITLE = f"Reuters: “{LEDE_EXCERPT} …”"

DAVIS_QUOTE = "Baltimore is a welcoming city.\nWe do not enforce federal immigration laws"
DAVIS_PARAGRAPH = (
    "“Baltimore is a welcoming city.\nWe do not enforce federal immigration laws,” said "
    "Baltimore Police Commissioner Kevin Davis, adding that when cities were initially selected "
    "for the program, there was no formal selection process and that Baltimore does not control "
    "the local jail."
)
BURGUAN_INTEREST = (
    "Jarrod Burguan, the police chief of San Bernardino, said his department first expressed "
    "interest in a similar program during the Obama administration, and remains interested in "
    "participating."
)
BURGUAN_ANSWER = (
    "He added San Bernardino is not a “sanctuary” city, it does not control the local jail, "
    "and he will answer the department’s questions."
)
NO_REPLY = (
    "Representatives from the other two police departments did not immediately respond to "
    "requests for comment."
)


@dataclass
class ClaimSeed:
    slug: str
    text: str
    wording: str
    claimant: str
    city: str | None
    stated_on: datetime.date | None
    quote: str
    public_note: str = ""


CLAIMS = [
    ClaimSeed(
        slug="sessions-sanctuary-policies-make-us-less-safe",
        text="Cities and states with so-called ‘sanctuary’ policies make all of us less safe",
        wording=Claim.Wording.DIRECT,
        claimant="jeff-sessions",
        city=None,
        stated_on=PUBLISHED_ON,  # "Sessions said on Thursday" (Aug. 3, 2017)
        quote="Cities and states with so-called ‘sanctuary’ policies make all of us less safe",
    ),
    ClaimSeed(
        slug="davis-baltimore-is-a-welcoming-city",
        text="Baltimore is a welcoming city. We do not enforce federal immigration laws",
        wording=Claim.Wording.DIRECT,
        claimant="kevin-davis",
        city="baltimore-md",
        stated_on=None,  # the article does not say when
        quote=DAVIS_QUOTE,
        public_note=(
            "The article breaks the quotation over two lines; the quote keeps the line break."
        ),
    ),
    ClaimSeed(
        slug="burguan-san-bernardino-not-a-sanctuary-city",
        text="San Bernardino is not a “sanctuary” city, it does not control the local jail",
        wording=Claim.Wording.REPORTED,
        claimant="jarrod-burguan",
        city="san-bernardino-ca",
        stated_on=None,
        quote=BURGUAN_ANSWER,
    ),
    ClaimSeed(
        slug="yong-yow-ice-arrests-case-by-case",
        text="the agency’s arrests are carried out “on a case-by-case basis.”",
        wording=Claim.Wording.REPORTED,
        claimant="rachael-yong-yow",
        city=None,
        stated_on=None,
        quote=(
            "Rachael Yong Yow, an ICE spokeswoman, said the agency’s arrests are carried out "
            "“on a case-by-case basis.”"
        ),
    ),
]


@dataclass
class ResponseSeed:
    city: str
    status: str
    organization: str
    acknowledged_on: datetime.date | None = None
    received_on: datetime.date | None = None
    respondent: str | None = None
    summary: str = ""
    text: str = ""
    cite_article: bool = True


DOJ_RESPONSES = [
    ResponseSeed("albuquerque-nm", Response.Status.PENDING, "albuquerque-police-department"),
    ResponseSeed("baltimore-md", Response.Status.PENDING, "baltimore-police-department"),
    ResponseSeed(
        "san-bernardino-ca",
        Response.Status.ACKNOWLEDGED,
        "san-bernardino-police-department",
        acknowledged_on=PUBLISHED_ON,
        respondent="jarrod-burguan",
        summary="The police chief said he will answer the department’s questions.",
        text=BURGUAN_ANSWER,
    ),
    ResponseSeed("stockton-ca", Response.Status.PENDING, "stockton-police-department"),
]

COMMENT_RESPONSES = [
    ResponseSeed(
        "albuquerque-nm",
        Response.Status.PENDING,
        "albuquerque-police-department",
        summary="Did not immediately respond to requests for comment.",
        text=NO_REPLY,
    ),
    ResponseSeed(
        "baltimore-md",
        Response.Status.RECEIVED,
        "baltimore-police-department",
        received_on=PUBLISHED_ON,
        respondent="kevin-davis",
        summary=(
            "Baltimore is a welcoming city that does not enforce federal immigration laws; "
            "there was no formal selection process and Baltimore does not control the local jail."
        ),
        text=DAVIS_PARAGRAPH,
    ),
    ResponseSeed(
        "san-bernardino-ca",
        Response.Status.RECEIVED,
        "san-bernardino-police-department",
        received_on=PUBLISHED_ON,
        respondent="jarrod-burguan",
        summary=(
            "Still interested in the program; San Bernardino is not a “sanctuary” city, does not "
            "control the local jail, and the chief will answer the department’s questions."
        ),
        text=f"{BURGUAN_INTEREST}\n{BURGUAN_ANSWER}",
    ),
    ResponseSeed(
        "stockton-ca",
        Response.Status.PENDING,
        "stockton-police-department",
        summary="Did not immediately respond to requests for comment.",
        text=NO_REPLY,
    ),
]


@dataclass
class SeedResult:
    """What a seed run did: rows ``created``, rows already there and left
    ``unchanged``, and source lists (many-to-many) ``linked`` on new rows."""

    created: int = 0
    unchanged: int = 0
    linked: int = 0


@transaction.atomic
def load_seed(*, acting_user=None) -> SeedResult:
    """Load (or bring back) the seed story. Idempotent.

    Args:
        acting_user: recorded in the history; None = the system.

    Returns:
        A :class:`SeedResult`; a second run reports ``created == linked == 0``.

    Raises:
        ValidationError: the database holds a conflicting row (e.g. another
            city already uses a seed slug); nothing is written.
    """
    result = SeedResult()
    text = article_text()

    created_pks: set[tuple[str, int]] = set()

    def upsert(model, lookup, values):
        instance, created = services.object_get_or_create(
            model=model, lookup=lookup, values=values, acting_user=acting_user, reason=REASON
        )
        if created:
            result.created += 1
            created_pks.add((model.__name__, instance.pk))
        else:
            result.unchanged += 1
        return instance

    def set_sources(instance, sources):
        """Link sources to rows this run created; existing rows keep theirs."""
        if (type(instance).__name__, instance.pk) in created_pks and sources:
            instance._history_user = acting_user
            instance.sources.set(sources)
            result.linked += 1

    cities = {
        c["slug"]: upsert(City, {"slug": c["slug"]}, {"name": c["name"], "state": c["state"]})
        for c in CITIES
    }
    orgs = {}
    for o in ORGANIZATIONS:
        orgs[o["slug"]] = upsert(
            Organization,
            {"slug": o["slug"]},
            {"name": o["name"], "kind": o["kind"], "city": cities.get(o["city"])},
        )
    people = {
        p["slug"]: upsert(
            Person,
            {"slug": p["slug"]},
            {"name": p["name"], "title": p["title"], "organization": orgs[p["organization"]]},
        )
        for p in PEOPLE
    }
    article = upsert(
        Source,
        {
            "kind": Source.Kind.NEWS_ARTICLE,
            "publisher": orgs["reuters"],
            "published_on": PUBLISHED_ON,
        },
        # Another outlet's article: cited (passages with their sentence), not reprinted.
        # Its digest and dateline as an import of the same story would give
        # them, so importing the seed story again finds this source.
        {
            "title": SOURCE_TITLE,
            "text": text,
            "publishable": False,
            "text_sha256": text_digest(text),
            "dateline": "WASHINGTON/NEW YORK (Reuters)",
        },
    )

    for seed in CLAIMS:
        # Created as a draft, cited, then published through the service that
        # refuses an uncited claim; a claim already there is left as it is.
        claim = upsert(
            Claim,
            {"slug": seed.slug},
            {
                "text": seed.text,
                "wording": seed.wording,
                "claimant": people[seed.claimant],
                "city": cities.get(seed.city),
                "stated_on": seed.stated_on,
                # The article reports what was said; it rates nothing, so the
                # claims are published unrated (no ClaimReview).
                "not_rated": True,
                "publication": Publication.DRAFT,
            },
        )
        upsert(
            Citation,
            {"claim": claim, "source": article},
            {"quote": seed.quote, "public_note": seed.public_note},
        )
        if ("Claim", claim.pk) in created_pks:
            workflow.publish(record=claim, acting_user=acting_user, reason=REASON)

    doj = upsert(
        Inquiry,
        {"slug": DOJ_INQUIRY_SLUG},
        {
            "title": "Justice Department’s questions on “sanctuary” policies",
            "kind": Inquiry.Kind.GOVERNMENT_REQUEST,
            "requester": orgs["justice-department"],
            # "Attorney General Jeff Sessions said on Thursday" / "In making the announcement"
            "opening_event": InquiryEvent.ANNOUNCED,
            "sent_on": PUBLISHED_ON,
            "due_on": datetime.date(2017, 8, 18),  # "answer a list of questions by Aug. 18"
            "due_timezone": "America/New_York",
            # The questions themselves are not in the article; this is its account of them.
            "questions": (
                "Sessions singled out four local police departments that had expressed interest "
                "in the new Public Safety Partnership Program, saying they first had to answer a "
                "list of questions by Aug. 18 confirming they do not have any “sanctuary” policies "
                "to shield illegal immigrants from possible deportation by ensuring they will "
                "allow federal immigration officials access to local jails."
            ),
            # The article's first sentence: why the questions matter.
            "description": (
                "U.S. cities that refuse to step up efforts to focus on crimes committed by "
                "illegal immigrants will not be allowed to participate in a new crime reduction "
                "training program unveiled earlier this year by the Justice Department, Attorney "
                "General Jeff Sessions said on Thursday."
            ),
            "publication": Publication.DRAFT,
        },
    )
    comment = upsert(
        Inquiry,
        {"slug": COMMENT_INQUIRY_SLUG},
        {
            # "did not immediately respond to requests for comment": the article's
            # words; it does not say when the requests were made or what they asked.
            "title": "Reuters’ requests for comment",
            "kind": Inquiry.Kind.REQUEST_FOR_COMMENT,
            "requester": orgs["reuters"],
            "opening_event": InquiryEvent.REQUESTED,
            "sent_on": None,
            "due_on": None,  # no deadline: never overdue
            "due_timezone": "America/New_York",
            "questions": "",
            "description": "",
            "publication": Publication.DRAFT,
        },
    )
    set_sources(doj, [article])
    set_sources(comment, [article])
    # Published through the workflow (recording when), once, as the claims are.
    for inquiry in (doj, comment):
        if ("Inquiry", inquiry.pk) in created_pks:
            workflow.publish(record=inquiry, acting_user=acting_user, reason=REASON)

    for inquiry, seeds in ((doj, DOJ_RESPONSES), (comment, COMMENT_RESPONSES)):
        for seed in seeds:
            response = upsert(
                Response,
                {"inquiry": inquiry, "city": cities[seed.city]},
                {
                    "status": seed.status,
                    "organization": orgs[seed.organization],
                    "acknowledged_on": seed.acknowledged_on,
                    "received_on": seed.received_on,
                    "as_of": PUBLISHED_ON,
                    # The article reports each status; those with a date carry the
                    # article's date, marked as the report's (see the module docstring).
                    "status_source": article,
                    "dates_as_reported": bool(seed.acknowledged_on or seed.received_on),
                    "respondent": people.get(seed.respondent) if seed.respondent else None,
                    "summary": seed.summary,
                    "text": seed.text,
                },
            )
            set_sources(response, [article] if seed.cite_article else [])
    return result
