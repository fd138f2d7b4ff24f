"""RSS and Atom feeds (articles/feeds.py): every feed parses with a strict
XML parser, carries the seed story's items (values from the Reuters article
of Aug. 3, 2017), never a draft, survives control characters in stored
text, and asks a fixed number of queries with 1 and with 100 items."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from articles import feeds, selectors, workflow
from articles.models import Claim, Inquiry, Publication, Rating, Response
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
ATOM = "{http://www.w3.org/2005/Atom}"


def _all_feed_urls(*, city: str, inquiry: str) -> list[str]:
    """Every feed: site-wide, for ``city`` and for ``inquiry``, RSS and Atom."""
    urls = []
    for scope, kinds in feeds.SCOPE_KINDS.items():
        for kind in kinds:
            for fmt in ("rss", "atom"):
                slugs = {"city": {"city": city}, "inquiry": {"inquiry": inquiry}}.get(scope, {})
                urls.append(feeds.feed_url(kind, fmt, **slugs))
    return urls


def _parse(client, url: str) -> ET.Element:
    """Fetch a feed and parse it with expat (strict: an illegal character
    or a broken tag raises)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, under test


def _items(root: ET.Element) -> list[dict[str, str]]:
    """Each item's title, link, description and date, RSS or Atom."""
    if root.tag == "rss":
        return [
            {
                "title": item.findtext("title"),
                "link": item.findtext("link"),
                "description": item.findtext("description"),
                "date": item.findtext("pubDate"),
            }
            for item in root.iter("item")
        ]
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "description": entry.findtext(f"{ATOM}summary"),
            "date": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_every_feed_url_parses_as_strict_xml(client, seeded):
    urls = _all_feed_urls(city="baltimore-md", inquiry=RFC)
    assert len(urls) == 16  # 3 kinds x 2 formats, twice; 2 kinds x 2 for an inquiry
    for url in urls:
        root = _parse(client, url)
        assert root.tag in {"rss", f"{ATOM}feed"}


def test_responses_feed_lists_the_two_answers_the_article_reports(client, seeded):
    items = _items(_parse(client, "/feeds/responses/rss/"))
    # Baltimore's commissioner and San Bernardino's chief are quoted; the other
    # two departments "did not immediately respond to requests for comment".
    assert sorted(item["title"] for item in items) == [
        "Baltimore, Md., answered Reuters’ requests for comment",
        "San Bernardino, Calif., answered Reuters’ requests for comment",
    ]
    baltimore = next(i for i in items if i["title"].startswith("Baltimore"))
    assert (
        baltimore["link"]
        == "http://testserver/inquiries/reuters-request-for-comment/#response-baltimore-md"
    )
    # The article gives no date of its own: received_on is the report's date,
    # Aug. 3, 2017, at the start of the day in the inquiry's zone.
    assert baltimore["date"] == "Thu, 03 Aug 2017 00:00:00 -0400"
    assert "Reported Aug. 3, 2017 by Reuters" in baltimore["description"]
    assert "Kevin Davis, Police Commissioner" in baltimore["description"]
    assert "Baltimore is a welcoming city" in baltimore["description"]


def test_atom_responses_feed_has_published_and_updated(client, seeded):
    root = _parse(client, "/feeds/responses/atom/")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/feeds/responses/atom/"
    )
    items = _items(root)
    assert len(items) == 2
    assert {i["date"] for i in items} == {"2017-08-03T00:00:00-04:00"}
    assert {i["updated"] for i in items} == {"2017-08-03T00:00:00-04:00"}


def test_city_and_inquiry_response_feeds_are_narrowed(client, seeded):
    city_items = _items(_parse(client, "/feeds/cities/baltimore-md/responses/rss/"))
    assert [i["title"] for i in city_items] == [
        "Baltimore, Md., answered Reuters’ requests for comment"
    ]
    assert _items(_parse(client, "/feeds/cities/stockton-ca/responses/rss/")) == []
    # Nobody had answered the Justice Department when the article ran.
    assert _items(_parse(client, f"/feeds/inquiries/{DOJ}/responses/rss/")) == []
    assert len(_items(_parse(client, f"/feeds/inquiries/{RFC}/responses/atom/"))) == 2


def test_declined_response_is_titled_so(client, seeded):
    response = Response.objects.get(inquiry__slug=DOJ, city__slug="stockton-ca")
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.DECLINED,
        received_on=datetime.date(2017, 8, 30),
        as_of=datetime.date(2017, 8, 30),
    )
    items = _items(_parse(client, f"/feeds/inquiries/{DOJ}/responses/rss/"))
    assert [i["title"] for i in items] == [
        "Stockton, Calif., declined to answer Justice Department’s questions on “sanctuary” policies"
    ]
    # Due Aug. 18, refused Aug. 30: 12 days late.
    assert "Declined Aug. 30, 2017, 12 days after the deadline" in items[0]["description"]


def test_claims_feed_lists_the_four_claims_unrated(client, seeded):
    items = _items(_parse(client, "/feeds/claims/rss/"))
    titles = {i["title"] for i in items}
    assert titles == {
        "Jeff Sessions: “Cities and states with so-called ‘sanctuary’ policies make all of us less safe”",
        "Kevin Davis: “Baltimore is a welcoming city. We do not enforce federal immigration laws”",
        "Jarrod Burguan: San Bernardino is not a “sanctuary” city, it does not control the local jail",
        "Rachael Yong Yow: the agency’s arrests are carried out “on a case-by-case basis.”",
    }
    # The article rates nothing: every seed claim is published unrated.
    assert all("Not rated" in i["description"] for i in items)
    city_items = _items(_parse(client, "/feeds/cities/san-bernardino-ca/claims/atom/"))
    assert [i["title"] for i in city_items] == [
        "Jarrod Burguan: San Bernardino is not a “sanctuary” city, it does not control the local jail"
    ]


def test_claims_feed_gives_the_rating_label_and_publication_date(client, seeded):
    claim = Claim.objects.get(slug="sessions-sanctuary-policies-make-us-less-safe")
    mostly_false = Rating.objects.get(scale__slug="default", slug="mostly-false")
    Claim.objects.filter(pk=claim.pk).update(
        rating=mostly_false,
        not_rated=False,
        published_at=datetime.datetime(2026, 11, 29, 14, 30, tzinfo=datetime.UTC),
    )
    items = _items(_parse(client, "/feeds/claims/rss/"))
    first = next(i for i in items if i["title"].startswith("Jeff Sessions: "))
    assert "Rating: Mostly false" in first["description"]
    assert first["date"] == "Sun, 29 Nov 2026 14:30:00 +0000"


def test_corrections_feed(client, seeded):
    response = Response.objects.get(inquiry__slug=RFC, city__slug="baltimore-md")
    note = factories.CorrectionFactory(
        response=response,
        text="An earlier version misspelled the commissioner’s name.",
        issued_at=datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC),
    )
    for url in ("/feeds/corrections/rss/", f"/feeds/inquiries/{RFC}/corrections/rss/"):
        items = _items(_parse(client, url))
        assert [i["title"] for i in items] == [
            "Correction: the response of Baltimore, Md., to Reuters’ requests for comment"
        ]
        assert items[0]["link"] == (
            f"http://testserver/inquiries/reuters-request-for-comment/#correction-{note.pk}"
        )
        assert "misspelled the commissioner’s name" in items[0]["description"]
        assert items[0]["date"] == "Sun, 29 Nov 2026 15:00:00 +0000"
    assert len(_items(_parse(client, "/feeds/cities/baltimore-md/corrections/atom/"))) == 1
    assert _items(_parse(client, "/feeds/cities/stockton-ca/corrections/rss/")) == []
    assert _items(_parse(client, f"/feeds/inquiries/{DOJ}/corrections/rss/")) == []


def test_feeds_never_carry_drafts_even_for_an_editor(editor_client, seeded):
    person = factories.PersonFactory(name="Draft Speaker")
    draft_claim = factories.ClaimFactory(
        text="Draft words", claimant=person, publication=Publication.DRAFT
    )
    draft_inquiry = factories.InquiryFactory(title="Draft inquiry", publication=Publication.DRAFT)
    draft_city = factories.CityFactory(name="Draftville")
    factories.ResponseFactory(
        inquiry=draft_inquiry,
        city=draft_city,
        status=Response.Status.RECEIVED,
        received_on=datetime.date(2017, 8, 10),
    )
    factories.CorrectionFactory(claim=draft_claim, text="Draft correction")
    for url in _all_feed_urls(city="baltimore-md", inquiry=RFC):
        body = editor_client.get(url).content.decode()
        for secret in ("Draft words", "Draft inquiry", "Draftville", "Draft correction"):
            assert secret not in body, (url, secret)
    # The draft's own feeds, and the feeds of a city only a draft names, are 404.
    assert (
        editor_client.get(f"/feeds/inquiries/{draft_inquiry.slug}/responses/rss/").status_code
        == 404
    )
    assert editor_client.get(f"/feeds/cities/{draft_city.slug}/responses/rss/").status_code == 404


def test_retracted_inquiry_leaves_the_feeds(client, seeded):
    Inquiry.objects.filter(slug=RFC).update(
        publication=Publication.RETRACTED,
        retracted_at=datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC),
        retraction_note="Retracted for the test.",
    )
    assert _items(_parse(client, "/feeds/responses/rss/")) == []
    assert client.get(f"/feeds/inquiries/{RFC}/responses/rss/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/cities/no-such-city/responses/rss/",
        "/feeds/inquiries/no-such-inquiry/corrections/atom/",
    ],
)
def test_unknown_city_or_inquiry_is_404(client, seeded, url):
    assert client.get(url).status_code == 404


def test_claims_feed_per_inquiry_does_not_exist(client, seeded):
    assert client.get(f"/feeds/inquiries/{RFC}/claims/rss/").status_code == 404


def test_feeds_are_cacheable_for_five_minutes(client, seeded):
    response = client.get("/feeds/responses/rss/")
    assert "max-age=300" in response["Cache-Control"]
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"


# --- characters XML 1.0 forbids ----------------------------------------------------


def test_xml_safe_drops_only_what_xml_forbids():
    assert feeds.xml_safe("a\x00b\x0bc\x1bd\x7f\ufffe\uffff\ud800e") == "abcd\x7fe"
    assert feeds.xml_safe("tab\tline\ncr\r 🗽 ñ") == "tab\tline\ncr\r 🗽 ñ"


def test_control_characters_in_stored_text_never_break_a_feed(client, seeded):
    # PostgreSQL refuses NUL in text; SQLite stores it.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    junk = f"\x0b\x1b{nul}"
    city = factories.CityFactory(name=f"Cañon City{junk} 🏔", state="CO", slug="canon-city-co")
    inquiry = Inquiry.objects.get(slug=RFC)
    response = factories.ResponseFactory(
        inquiry=inquiry,
        city=city,
        status=Response.Status.RECEIVED,
        received_on=datetime.date(2017, 8, 4),
        summary=f"The chief{junk} answered 📣",
    )
    claim = factories.ClaimFactory(text=f"We are safe{junk} 🛡", city=city)
    factories.CorrectionFactory(response=response, text=f"Fixed{junk} a typo ✅")
    factories.CorrectionFactory(claim=claim, text=f"Clarified{junk} 🔍")
    for url in _all_feed_urls(city="canon-city-co", inquiry=RFC):
        root = _parse(client, url)
        text = "".join(root.itertext())
        assert "\x0b" not in text and "\x1b" not in text and "\x00" not in text
        assert "Cañon City 🏔" in text, url
    by_kind = {
        "/feeds/responses/rss/": "The chief answered 📣",
        "/feeds/claims/atom/": "We are safe 🛡",
        "/feeds/corrections/rss/": "Fixed a typo ✅",
        "/feeds/cities/canon-city-co/corrections/atom/": "Clarified 🔍",
    }
    for url, expected in by_kind.items():
        assert expected in "".join(_parse(client, url).itertext()), url


# --- queries -------------------------------------------------------------------------


def _many(rows: int):
    """``rows`` received responses to one inquiry (the first from one city,
    the others each from a city of its own), ``rows`` claims about that
    city, and a correction of each response and of each claim."""
    city = factories.CityFactory()
    inquiry = factories.InquiryFactory()
    person = factories.PersonFactory()
    rating = Rating.objects.get(scale__slug="default", slug="half-true")
    for n in range(rows):
        response = factories.ResponseFactory(
            inquiry=inquiry,
            city=city if n == 0 else factories.CityFactory(),
            status=Response.Status.RECEIVED,
            received_on=datetime.date(2017, 8, 4),
            respondent=person,
        )
        factories.CorrectionFactory(response=response)
        claim = factories.ClaimFactory(city=city, claimant=person, rating=rating)
        factories.CorrectionFactory(claim=claim)
    return city, inquiry


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize(
    ("kind", "scope", "queries", "items"),
    [
        # items: how many the feed lists with ``rows`` (before the cap of 50)
        ("responses", "site", 1, lambda rows: rows),
        ("claims", "site", 1, lambda rows: rows),
        ("corrections", "site", 3, lambda rows: 2 * rows),  # + retracted claims, inquiries
        ("responses", "city", 2, lambda rows: 1),  # the city, the items
        ("claims", "city", 2, lambda rows: rows),
        ("corrections", "city", 4, lambda rows: rows + 1),
        ("responses", "inquiry", 2, lambda rows: rows),  # the inquiry, the items
        ("corrections", "inquiry", 3, lambda rows: rows),  # no claim query
    ],
)
def test_feed_query_count_is_fixed(
    client, django_assert_num_queries, rows, fmt, kind, scope, queries, items
):
    city, inquiry = _many(rows)
    slugs = {"city": {"city": city.slug}, "inquiry": {"inquiry": inquiry.slug}}.get(scope, {})
    url = feeds.feed_url(kind, fmt, **slugs)
    with django_assert_num_queries(queries):
        root = _parse(client, url)
    assert len(_items(root)) == min(items(rows), 50)


# --- Markdown notes render in feeds as they do on pages -----------------------------


def test_feeds_carry_markdown_notes_rendered_and_sanitised(client, seeded):
    stockton = Response.objects.get(inquiry__slug=DOJ, city__slug="stockton-ca")
    Response.objects.filter(pk=stockton.pk).update(
        status=Response.Status.RECEIVED,
        received_on=datetime.date(2017, 8, 30),
        as_of=datetime.date(2017, 8, 30),
        summary="**Stockton** answered late <script>alert(1)</script>",
    )
    davis = Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city")
    Claim.objects.filter(pk=davis.pk).update(
        rating=Rating.objects.get(scale__slug="default", slug="mostly-true"),
        not_rated=False,
        rating_explanation="**Bold reason** [y](https://example.org) [x](javascript:alert(1))",
    )
    factories.CorrectionFactory(claim=davis, text="Clarified the description. **bold**")

    for fmt in ("rss", "atom"):
        (answer,) = _items(_parse(client, f"/feeds/inquiries/{DOJ}/responses/{fmt}/"))
        # The description is HTML (RSS description; Atom summary type="html").
        assert "<strong>Stockton</strong> answered late" in answer["description"]
        assert "&lt;script&gt;" in answer["description"]
        assert "<script>" not in answer["description"]

        claim = next(
            i
            for i in _items(_parse(client, f"/feeds/claims/{fmt}/"))
            if i["title"].startswith("Kevin Davis: ")
        )
        assert "<strong>Bold reason</strong>" in claim["description"]
        assert '<a href="https://example.org" rel="nofollow noopener">y</a>' in claim["description"]
        assert 'href="javascript:' not in claim["description"]
        assert "**" not in claim["description"]

        (note,) = _items(_parse(client, f"/feeds/corrections/{fmt}/"))
        assert note["description"] == "<p>Clarified the description. <strong>bold</strong></p>"
    atom = _parse(client, "/feeds/corrections/atom/")
    assert atom.find(f"{ATOM}entry/{ATOM}summary").get("type") == "html"


# --- discovery: each feed advertised once, the site-wide ones on every page ------------

SITE_FEEDS = {
    f"/feeds/{kind}/{fmt}/"
    for kind in ("responses", "claims", "corrections")
    for fmt in ("rss", "atom")
}


def _alternates(client, url: str) -> list[str]:
    """The ``href`` of every ``<link rel="alternate">`` feed in the page's head."""
    response = client.get(url)
    assert response.status_code == 200, url
    head = BeautifulSoup(response.content, "html.parser").head
    return [
        link["href"]
        for link in head.find_all("link", rel="alternate")
        if link.get("type") in {"application/rss+xml", "application/atom+xml"}
    ]


@pytest.mark.parametrize(
    ("page", "own"),
    [
        ("/", set()),
        ("/claims/", set()),
        (
            "/cities/baltimore-md/",
            {
                f"/feeds/cities/baltimore-md/{kind}/{fmt}/"
                for kind in ("responses", "claims", "corrections")
                for fmt in ("rss", "atom")
            },
        ),
        (
            f"/inquiries/{DOJ}/",
            {
                f"/feeds/inquiries/{DOJ}/{kind}/{fmt}/"
                for kind in ("responses", "corrections")
                for fmt in ("rss", "atom")
            },
        ),
    ],
)
def test_each_feed_is_advertised_once_and_site_feeds_on_every_page(client, seeded, page, own):
    hrefs = _alternates(client, page)
    assert len(hrefs) == len(set(hrefs)), hrefs  # none twice
    assert set(hrefs) == SITE_FEEDS | own


def test_city_and_inquiry_pages_show_a_follow_line(client, seeded):
    for page, words, feed_prefix in (
        ("/cities/stockton-ca/", "Follow this city:", "/feeds/cities/stockton-ca/"),
        (f"/inquiries/{DOJ}/", "Follow this inquiry:", f"/feeds/inquiries/{DOJ}/"),
    ):
        soup = BeautifulSoup(client.get(page).content, "html.parser")
        (line,) = soup.select("main .feed-follow")
        assert line.get_text().startswith(words)
        links = {a["href"]: a.get_text() for a in line.find_all("a")}
        assert links[f"{feed_prefix}responses/rss/"] == "RSS"
        assert links[f"{feed_prefix}responses/atom/"] == "Atom"
        assert links[f"{feed_prefix}corrections/atom/"] == "Atom"
        assert all(href.startswith(feed_prefix) for href in links)


# --- retractions reach the corrections feeds ------------------------------------------

RETRACTED_AT = datetime.datetime(2026, 11, 29, 14, 54, tzinfo=datetime.UTC)
DAVIS = "davis-baltimore-is-a-welcoming-city"


def test_a_retracted_claim_reaches_the_corrections_feeds(client, seeded, role_editor):
    claim = Claim.objects.get(slug=DAVIS)
    workflow.retract(
        record=claim, acting_user=role_editor, note="We **misquoted** the commissioner.",
        at=RETRACTED_AT,
    )  # fmt: skip
    for url in (
        "/feeds/corrections/rss/",
        "/feeds/corrections/atom/",
        "/feeds/cities/baltimore-md/corrections/rss/",
    ):
        (item,) = _items(_parse(client, url))
        assert item["title"] == (
            "Retracted: Kevin Davis’ claim “Baltimore is a welcoming city. "
            "We do not enforce federal immigration laws”"
        )
        assert item["description"] == "<p>We <strong>misquoted</strong> the commissioner.</p>"
        assert item["link"] == f"http://testserver/claims/{DAVIS}/#retraction"
    # Atom's id must be an absolute IRI: the retraction notice on the record's
    # page, retracted once; not the bare page, the claims feed's id for the claim.
    entry = _parse(client, "/feeds/corrections/atom/").find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"http://testserver/claims/{DAVIS}/#retraction"
    assert _items(_parse(client, "/feeds/corrections/rss/"))[0]["date"] == (
        "Sun, 29 Nov 2026 14:54:00 +0000"
    )
    # Not about Stockton; and no claim belongs to an inquiry.
    assert _items(_parse(client, "/feeds/cities/stockton-ca/corrections/rss/")) == []
    assert _items(_parse(client, f"/feeds/inquiries/{RFC}/corrections/rss/")) == []


def test_a_retracted_inquiry_reaches_its_own_and_its_cities_corrections_feeds(
    client, seeded, role_editor
):
    inquiry = Inquiry.objects.get(slug=RFC)
    workflow.retract(
        record=inquiry, acting_user=role_editor, note="Wrong requester.", at=RETRACTED_AT
    )
    for url in (
        "/feeds/corrections/atom/",
        f"/feeds/inquiries/{RFC}/corrections/rss/",  # still answers after the retraction
        "/feeds/cities/stockton-ca/corrections/rss/",  # Stockton was asked too
    ):
        (item,) = _items(_parse(client, url))
        assert item["title"] == "Retracted: Reuters’ requests for comment"
        assert "Wrong requester." in item["description"]
    # The other feeds of a retracted inquiry are gone, as before.
    assert client.get(f"/feeds/inquiries/{RFC}/responses/rss/").status_code == 404


def test_corrections_and_retractions_merge_newest_first_capped_at_50(client, seeded):
    claim = Claim.objects.get(slug=DAVIS)
    base = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    for day in range(30):  # Nov. 1 to 30, at noon
        factories.CorrectionFactory(
            claim=claim, text=f"Note {day}", issued_at=base + datetime.timedelta(days=day, hours=12)
        )
    for n in range(30):  # Nov. 1 to 30, at midnight
        factories.ClaimFactory(
            text=f"Withdrawn {n}",
            publication=Publication.RETRACTED,
            retracted_at=base + datetime.timedelta(days=n),
            retraction_note=f"Reason {n}",
        )
    items = _items(_parse(client, "/feeds/corrections/rss/"))
    assert len(items) == 50
    assert items[0]["title"].startswith("Correction: ") and "Note 29" in items[0]["description"]
    assert "Reason 29" in items[1]["description"]
    # 50 newest of 60: the 10 oldest (Nov. 1-5, both kinds) left out.
    assert "Reason 5" in items[-1]["description"]


def test_a_draft_never_appears_as_a_retraction(client, seeded, role_editor):
    factories.ClaimFactory(text="Draft words", publication=Publication.DRAFT)
    factories.InquiryFactory(title="Draft inquiry", publication=Publication.DRAFT)
    factories.ClaimFactory(
        text="Gone",
        claimant=factories.PersonFactory(name="Ann Lee"),
        publication=Publication.RETRACTED,
        retracted_at=RETRACTED_AT,
        retraction_note="Misquoted.",
    )
    # Not even for an editor, who may see drafts: a draft was never public.
    for user in (None, role_editor):
        assert [r.record.text for r in selectors.retraction_list(user=user)] == ["Gone"]
    titles = [i["title"] for i in _items(_parse(client, "/feeds/corrections/rss/"))]
    assert titles == ["Retracted: Ann Lee’s claim “Gone”"]


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/feeds/corrections/rss/", 3),  # corrections, retracted claims, retracted inquiries
        ("/feeds/cities/{city}/corrections/atom/", 4),  # + the city
        ("/feeds/inquiries/{inquiry}/corrections/rss/", 3),  # the inquiry; no claim query
    ],
)
def test_corrections_feed_queries_are_fixed_with_retractions(
    client, django_assert_num_queries, rows, url, queries
):
    city = factories.CityFactory()
    inquiries = []
    for n in range(rows):
        factories.ClaimFactory(
            city=city,
            publication=Publication.RETRACTED,
            retracted_at=RETRACTED_AT - datetime.timedelta(hours=n),
            retraction_note=f"Reason {n}",
        )
        inquiry = factories.InquiryFactory(
            publication=Publication.RETRACTED,
            retracted_at=RETRACTED_AT - datetime.timedelta(hours=n, minutes=30),
            retraction_note=f"Wrong {n}",
        )
        factories.ResponseFactory(inquiry=inquiry, city=city)
        inquiries.append(inquiry)
    url = url.format(city=city.slug, inquiry=inquiries[0].slug)
    with django_assert_num_queries(queries):
        items = _items(_parse(client, url))
    expected = 1 if "inquiries" in url else min(2 * rows, 50)
    assert len(items) == expected


def test_a_paraphrase_is_not_put_in_quotation_marks_in_a_feed_title(client, seeded, role_editor):
    """Burguan's claim is reported speech (the article paraphrases him): the
    title quotes nothing he did not say, as /corrections/ does."""
    claim = Claim.objects.get(claimant__name="Jarrod Burguan")
    assert claim.wording == Claim.Wording.REPORTED
    workflow.retract(record=claim, acting_user=role_editor, note="Misattributed.", at=RETRACTED_AT)
    (item,) = _items(_parse(client, "/feeds/corrections/rss/"))
    assert item["title"] == f"Retracted: Jarrod Burguan’s claim: {claim.text}"
