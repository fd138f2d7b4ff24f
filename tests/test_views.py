"""Public pages (articles/views.py): what a reader sees.

Values about the seed story come from the Reuters article of Aug. 3, 2017
and DESIGN.md ("What the seed article becomes"); counts of queries are
pinned with 1 and with 100 rows.
"""

import datetime
import json
import re
from html import unescape

import pytest
from django.utils import timezone

from articles.models import Inquiry, Publication, Rating, RatingScale, Response, Source
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
DRAFT = Publication.DRAFT


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _text(html: str) -> str:
    """Visible text, tags dropped and whitespace collapsed."""
    spaced = re.sub(r"</?(?:t[dhr]|d[tdl]|p|li|ul|div|h\d|caption|br)\b[^>]*>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def _cards(html: str) -> dict[str, str]:
    """The home page's inquiry cards by title: ``{title: visible text}``."""
    cards = re.findall(r'<li class="card">(.*?)</li>\s*(?=<li class="card">|</ul>)', html, re.S)
    result = {}
    for card in cards:
        title = _text(re.search(r"<h3[^>]*>(.*?)</h3>", card, re.S).group(1))
        result[title] = _text(card)
    return result


def _rows(html: str) -> list[str]:
    """Visible text of each body row of every table."""
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    return [_text(row) for body in bodies for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{re.escape(row_id)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return _text(match.group(1))


# --- Home -----------------------------------------------------------------


def test_home_shows_justice_department_inquiry_due_aug_18_with_four_overdue(client, seeded):
    cards = _cards(_html(client.get("/")))
    doj = next(text for title, text in cards.items() if "Justice Department" in title)
    assert "Justice Department" in doj.split("Kind")[0]  # requester
    assert "Government request" in doj
    assert "Sent Aug. 3, 2017" in doj
    assert "Deadline Aug. 18, 2017, end of day, Eastern time" in doj
    # Albuquerque, Baltimore and Stockton pending, San Bernardino acknowledged;
    # the deadline ended in 2017, so all four are overdue today.
    assert "Received 0" in doj
    assert "Awaited 4 (3 pending, 1 acknowledged)" in doj
    assert "Overdue 4" in doj


def test_home_shows_request_for_comment_without_deadline_and_none_overdue(client, seeded):
    cards = _cards(_html(client.get("/")))
    rfc = next(text for title, text in cards.items() if "request for comment" in title)
    # Baltimore and San Bernardino replied; Albuquerque and Stockton did not.
    assert "Deadline No deadline" in rfc
    assert "Received 2" in rfc
    assert "Awaited 2 (2 pending, 0 acknowledged)" in rfc
    assert "Overdue 0" in rfc


def test_home_links_each_inquiry_to_its_page(client, seeded):
    html = _html(client.get("/"))
    assert f'href="/inquiries/{DOJ}/"' in html
    assert f'href="/inquiries/{RFC}/"' in html


def test_home_deadline_time_element_marks_last_second_in_new_york(client):
    factories.InquiryFactory(due_on=datetime.date(2017, 8, 18), due_timezone="America/New_York")
    html = _html(client.get("/"))
    # "By Aug. 18" = until 23:59:59 on Aug. 18 in New York, on daylight time (UTC-4).
    assert '<time datetime="2017-08-18T23:59:59-04:00">' in html


def test_home_hides_draft_inquiries(client):
    factories.InquiryFactory(title="Published questions")
    factories.InquiryFactory(title="Secret draft questions", publication=DRAFT)
    html = _html(client.get("/"))
    assert "Published questions" in html
    assert "Secret draft questions" not in html


def test_open_response_before_deadline_is_not_flagged_overdue(client):
    today = timezone.localdate()
    inquiry = factories.InquiryFactory(sent_on=today, due_on=today + datetime.timedelta(days=30))
    factories.ResponseFactory(inquiry=inquiry, as_of=today)
    cards = _cards(_html(client.get("/")))
    assert "Overdue 0" in cards[inquiry.title]
    rows = _rows(_html(client.get(inquiry.get_absolute_url())))
    assert len(rows) == 1
    assert "Not yet" in rows[0]
    assert "Overdue" not in rows[0]


# --- Inquiry page ---------------------------------------------------------


def test_inquiry_page_has_a_row_per_city_with_status(client, seeded):
    html = _html(client.get(f"/inquiries/{DOJ}/"))
    for slug in ("albuquerque-nm", "baltimore-md", "stockton-ca"):
        row = _row(html, f"response-{slug}")
        assert "Pending" in row
        assert "Overdue" in row
    san_bernardino = _row(html, "response-san-bernardino-ca")
    assert "Acknowledged" in san_bernardino
    assert "Aug. 3, 2017" in san_bernardino  # acknowledged on the day of the article
    assert "Overdue" in san_bernardino
    assert len(_rows(html)) == 4


def test_inquiry_page_shows_deadline_in_its_zone_and_that_it_passed(client, seeded):
    text = _text(_html(client.get(f"/inquiries/{DOJ}/")))
    assert "Deadline Aug. 18, 2017, end of day, Eastern time" in text
    assert "Deadline passed? Yes." in text
    assert "Sent Aug. 3, 2017" in text


def test_request_for_comment_page_shows_replies_received_on_aug_3(client, seeded):
    html = _html(client.get(f"/inquiries/{RFC}/"))
    for slug in ("baltimore-md", "san-bernardino-ca"):
        row = _row(html, f"response-{slug}")
        assert "Received" in row
        assert "Aug. 3, 2017" in row
    for slug in ("albuquerque-nm", "stockton-ca"):
        row = _row(html, f"response-{slug}")
        assert "Pending" in row
        assert "Overdue" not in row  # no deadline, never overdue
    assert "No deadline" in _text(html)


def test_inquiry_page_links_cities_and_sources(client, seeded):
    inquiry = Inquiry.objects.get(slug=DOJ)
    html = _html(client.get(inquiry.get_absolute_url()))
    assert 'href="/cities/baltimore-md/"' in html
    for source in inquiry.sources.all():
        assert f'href="{source.get_absolute_url()}"' in html


def test_inquiry_page_shows_respondent_and_summary(client):
    person = factories.PersonFactory(name="Jarrod Burguan", title="Police Chief")
    response = factories.ResponseFactory(
        status=Response.Status.ACKNOWLEDGED,
        acknowledged_on=datetime.date(2017, 8, 3),
        respondent=person,
        summary="He will answer the department’s questions.",
    )
    row = _row(
        _html(client.get(response.inquiry.get_absolute_url())), f"response-{response.city.slug}"
    )
    assert "Jarrod Burguan, Police Chief" in row
    assert "He will answer the department’s questions." in row


def test_unknown_inquiry_gives_styled_404(client, db):
    response = client.get("/inquiries/no-such-inquiry/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "css/site.css" in html


def test_draft_inquiry_gives_404(client):
    inquiry = factories.InquiryFactory(publication=DRAFT)
    assert client.get(inquiry.get_absolute_url()).status_code == 404


# --- Response lists -------------------------------------------------------


def test_pending_page_lists_six_open_responses_four_overdue(client, seeded):
    html = _html(client.get("/responses/pending/"))
    rows = _rows(html)
    # Justice Department: 3 pending + 1 acknowledged; request for comment: 2 pending.
    assert len(rows) == 6
    assert sum("Overdue" in row for row in rows) == 4
    assert sum("Acknowledged" in row for row in rows) == 1
    assert not any("Received" in row for row in rows)
    assert "Status as of" in html


def test_received_page_lists_baltimore_and_san_bernardino(client, seeded):
    rows = _rows(_html(client.get("/responses/received/")))
    assert len(rows) == 2
    assert any(row.startswith("Baltimore, MD") for row in rows)
    assert any(row.startswith("San Bernardino, CA") for row in rows)
    assert all("Received" in row and "Aug. 3, 2017" in row for row in rows)


def test_response_lists_hide_drafts(client):
    factories.ResponseFactory(city__name="Visibleton")
    factories.ResponseFactory(city__name="Hiddenville", inquiry__publication=DRAFT)
    html = _html(client.get("/responses/pending/"))
    assert "Visibleton" in html
    assert "Hiddenville" not in html


def test_pending_page_filters_by_city_like_the_api(client, seeded):
    rows = _rows(_html(client.get("/responses/pending/?city=baltimore-md")))
    # Baltimore answered Reuters, so only the Justice Department's questions are open.
    assert len(rows) == 1
    assert rows[0].startswith("Baltimore, MD")
    assert "Justice Department" in rows[0]


def test_pending_page_filters_overdue(client, seeded):
    rows = _rows(_html(client.get("/responses/pending/?overdue=false")))
    assert len(rows) == 2  # the two open requests for comment have no deadline


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=bogus", "status"),
        ("overdue=maybe", "overdue"),
        ("received_after=2017-02-30", "received_after"),
        ("city=nowhere-zz", "city"),
        ("page=abc", "page"),
    ],
)
def test_bad_list_parameter_gives_400_naming_it(client, db, query, parameter):
    response = client.get(f"/responses/received/?{query}")
    assert response.status_code == 400
    text = _text(response.content.decode())
    assert f"Parameter {parameter}:" in text


def test_bad_filter_message_shows_sentences_not_error_codes(client, db):
    text = _text(client.get("/responses/pending/?overdue=maybe").content.decode())
    assert "Parameter overdue: Enter true or false." in text
    assert "invalid" not in text.split("Parameter overdue:")[1].split("Show the page")[0]


def test_page_past_the_end_gives_404(client, db):
    factories.ResponseFactory()
    assert client.get("/responses/pending/?page=2").status_code == 404


def test_second_page_keeps_filters_in_links(client, db):
    inquiry = factories.InquiryFactory()
    factories.ResponseFactory.create_batch(51, inquiry=inquiry)
    html = _html(client.get(f"/responses/pending/?inquiry={inquiry.slug}"))
    assert len(_rows(html)) == 50
    assert f'href="?inquiry={inquiry.slug}&amp;page=2"' in html
    assert len(_rows(_html(client.get(f"/responses/pending/?inquiry={inquiry.slug}&page=2")))) == 1


def test_nul_byte_in_query_string_gives_400(client, db):
    response = client.get("/responses/pending/?status=%00")
    assert response.status_code == 400
    body = response.content.decode()
    assert "<code>status</code>" in body
    assert "Null characters are not allowed." in body
    assert "City response tracker" in body  # the site's own page, not a bare text


# --- Cities, claims, sources, people --------------------------------------


def test_city_page_lists_baltimore_responses_and_davis_claim(client, seeded):
    html = _html(client.get("/cities/baltimore-md/"))
    rows = _rows(html)
    assert len(rows) == 2
    assert any("Justice Department" in row and "Pending" in row for row in rows)
    assert any("request for comment" in row and "Received" in row for row in rows)
    assert "Baltimore is a welcoming city." in html
    assert "Kevin Davis" in html


def test_unknown_city_gives_404(client, db):
    assert client.get("/cities/atlantis-zz/").status_code == 404


def test_claims_page_lists_four_seeded_claimants(client, seeded):
    text = _text(_html(client.get("/claims/")))
    for name in ("Jeff Sessions", "Kevin Davis", "Jarrod Burguan", "Rachael Yong Yow"):
        assert name in text


def test_claim_page_quotes_the_article_and_links_the_source(client, seeded):
    html = _html(client.get("/claims/davis-baltimore-is-a-welcoming-city/"))
    text = _text(html)
    # The article prints the quote over two lines; the page keeps the break.
    assert "Baltimore is a welcoming city.<br>We do not enforce federal immigration laws" in html
    assert "Kevin Davis" in text
    assert re.search(r'href="/sources/\d+/"', html)
    assert "application/ld+json" not in html  # unrated: no ClaimReview


def test_draft_claims_are_hidden_everywhere(client):
    source = factories.SourceFactory(text="He said “draft words” and “public words”.")
    person = factories.PersonFactory()
    city = factories.CityFactory()
    draft = factories.ClaimFactory(
        text="draft words", claimant=person, city=city, publication=DRAFT
    )
    factories.CitationFactory(claim=draft, source=source, quote="draft words")
    public = factories.ClaimFactory(text="public words", claimant=person, city=city)
    factories.CitationFactory(claim=public, source=source, quote="public words")

    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in ("/claims/", person.get_absolute_url(), city.get_absolute_url()):
        html = _html(client.get(url))
        assert "public words" in html
        assert "draft words" not in html
    source_page = client.get(source.get_absolute_url())
    assert [c.claim.text for c in source_page.context["citations"]] == ["public words"]


def test_rated_claim_emits_claim_review_with_scale_bounds(client):
    true = Rating.objects.get(scale__slug="default", value=5)
    mostly_false = Rating.objects.get(scale=true.scale, value=2)
    claim = factories.ClaimFactory(text="Crime fell by half.", rating=mostly_false)
    html = _html(client.get(claim.get_absolute_url()))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "Crime fell by half."
    # Default scale: True 5 ... False 1 (DESIGN.md, "Claim rating").
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert data["url"] == f"http://testserver{claim.get_absolute_url()}"


def test_unverifiable_claim_review_has_label_but_no_value(client):
    unverifiable = Rating.objects.get(scale__slug="default", value__isnull=True)
    claim = factories.ClaimFactory(rating=unverifiable)
    html = _html(client.get(claim.get_absolute_url()))
    data = json.loads(re.search(r"application/ld\+json\">(.*?)</script>", html, re.S).group(1))
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": unverifiable.label}


def test_claim_review_cannot_close_its_script_element(client):
    rating = Rating.objects.filter(scale__slug="default").first()
    claim = factories.ClaimFactory(text="</script><b>x</b>", rating=rating)
    html = _html(client.get(claim.get_absolute_url()))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["claimReviewed"] == "</script><b>x</b>"


def test_source_page_shows_details_and_the_claims_citing_it(client, seeded):
    source = Source.objects.get()
    text = _text(_html(client.get(source.get_absolute_url())))
    assert "Reuters" in text
    assert "Published Aug. 3, 2017" in text
    for name in ("Jeff Sessions", "Kevin Davis", "Jarrod Burguan", "Rachael Yong Yow"):
        assert f"{name}’s claim" in text


def test_unknown_or_huge_source_id_gives_404(client, db):
    assert client.get("/sources/987654/").status_code == 404
    assert client.get("/sources/99999999999999999999999999/").status_code == 404


def test_person_page_shows_title_and_claims(client, seeded):
    text = _text(_html(client.get("/people/kevin-davis/")))
    assert "Kevin Davis" in text
    assert "Police Commissioner" in text
    assert "Baltimore is a welcoming city." in text


def test_unknown_person_and_claim_give_404(client, db):
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/claims/no-such-claim/").status_code == 404


# --- Methodology ----------------------------------------------------------


def test_methodology_lists_every_scale_with_steps_and_values(client):
    extra = RatingScale.objects.create(name="Pinocchios", slug="pinocchios")
    Rating.objects.create(scale=extra, label="Four Pinocchios", slug="four", value=1, order=1)
    html = _html(client.get("/methodology/"))
    rows = _rows(html)
    for label, value in [
        ("True", "5"),
        ("Mostly true", "4"),
        ("Half true", "3"),
        ("Mostly false", "2"),
        ("False", "1"),
        ("Four Pinocchios", "1"),
    ]:
        assert any(row.startswith(f"{label} {value}") for row in rows), label
    assert any(row.startswith("Unverifiable No value") for row in rows)


def test_methodology_explains_end_of_day_deadline(client, db):
    text = _text(_html(client.get("/methodology/")))
    assert "“By Aug. 18” means until 23:59:59 on Aug. 18 in that zone" in text


# --- Every page: structure and accessibility basics ------------------------


PAGES = [
    "/",
    f"/inquiries/{DOJ}/",
    "/responses/pending/",
    "/responses/received/",
    "/cities/baltimore-md/",
    "/claims/",
    "/claims/davis-baltimore-is-a-welcoming-city/",
    "/people/kevin-davis/",
    "/methodology/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_base_structure_and_no_javascript(client, seeded, url):
    html = _html(client.get(url))
    assert '<html lang="en">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert html.count('rel="stylesheet"') == 1
    assert 'href="/api/v1/"' in html
    assert "City response tracker" in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs for attrs in scripts)
    assert len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.mark.parametrize("url", PAGES)
def test_every_table_has_caption_and_scoped_headers(client, seeded, url):
    html = _html(client.get(url))
    for table in re.findall(r"<table.*?</table>", html, re.S):
        assert "<caption" in table
        headers = re.findall(r"<th(\s[^>]*)?>", table)
        assert headers
        assert all('scope="col"' in h or 'scope="row"' in h for h in headers)


def test_nav_marks_current_page(client, db):
    html = _html(client.get("/responses/pending/"))
    assert re.search(r'href="/responses/pending/" aria-current="page"', html)
    assert html.count('aria-current="page"') == 1


def test_dates_are_time_elements_in_ap_style(client, seeded):
    html = _html(client.get(f"/inquiries/{RFC}/"))
    assert '<time datetime="2017-08-03">Aug. 3, 2017</time>' in html


# --- Query counts: the same with 1 row and with 100 ------------------------


@pytest.mark.parametrize("rows", [1, 100])
def test_home_query_count(client, django_assert_num_queries, rows):
    for inquiry in factories.InquiryFactory.create_batch(rows):
        factories.ResponseFactory(inquiry=inquiry)
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "status", "queries"),
    [
        ("/responses/pending/", Response.Status.PENDING, 2),
        ("/responses/received/", Response.Status.RECEIVED, 2),
        ("/responses/pending/?state=MD", Response.Status.PENDING, 2),
    ],
)
def test_response_list_query_count(client, django_assert_num_queries, rows, url, status, queries):
    person = factories.PersonFactory()
    received_on = datetime.date(2017, 8, 4) if status == Response.Status.RECEIVED else None
    factories.ResponseFactory.create_batch(
        rows, status=status, received_on=received_on, respondent=person
    )
    with django_assert_num_queries(queries):  # count + page
        assert len(_rows(_html(client.get(url)))) == min(rows, 50)


@pytest.mark.parametrize("rows", [1, 100])
def test_claim_list_query_count(client, django_assert_num_queries, rows):
    for claim in factories.ClaimFactory.create_batch(rows):
        factories.CitationFactory(claim=claim)
    # count, page, citations, their sources, the sources' publishers
    with django_assert_num_queries(5):
        assert client.get("/claims/").status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
def test_inquiry_detail_query_count(client, django_assert_num_queries, rows):
    inquiry = factories.InquiryFactory()
    inquiry.sources.add(*factories.SourceFactory.create_batch(rows))
    factories.ResponseFactory.create_batch(
        rows, inquiry=inquiry, respondent=factories.PersonFactory()
    )
    # inquiry + requester, sources, their publishers, responses joined
    with django_assert_num_queries(4):
        assert len(_rows(_html(client.get(inquiry.get_absolute_url())))) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_city_detail_query_count(client, django_assert_num_queries, rows):
    city = factories.CityFactory()
    for _ in range(rows):
        factories.ResponseFactory(city=city)
        factories.CitationFactory(claim=factories.ClaimFactory(city=city))
    # city, responses, claims, citations, sources, publishers
    with django_assert_num_queries(6):
        assert client.get(city.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rated", [False, True])
@pytest.mark.parametrize("rows", [1, 100])
def test_claim_detail_query_count(client, django_assert_num_queries, rows, rated):
    rating = Rating.objects.filter(value=3).first() if rated else None
    claim = factories.ClaimFactory(rating=rating)
    factories.CitationFactory.create_batch(rows, claim=claim)
    # claim + claimant + rating, citations, sources, publishers (+ the scale's steps if rated)
    with django_assert_num_queries(5 if rated else 4):
        assert client.get(claim.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
def test_source_detail_query_count(client, django_assert_num_queries, rows):
    source = factories.SourceFactory()
    factories.CitationFactory.create_batch(rows, source=source)
    inquiry = factories.InquiryFactory()
    for response in factories.ResponseFactory.create_batch(rows, inquiry=inquiry):
        response.sources.add(source)
    # source with publisher; citations of published claims with claim, claimant,
    # city, rating; responses to published inquiries with inquiry, city, respondent
    with django_assert_num_queries(3):
        page = client.get(source.get_absolute_url())
    assert len(page.context["citations"]) == rows
    assert len(page.context["responses"]) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_person_detail_query_count(client, django_assert_num_queries, rows):
    person = factories.PersonFactory()
    for claim in factories.ClaimFactory.create_batch(rows, claimant=person):
        factories.CitationFactory(claim=claim)
    # person + organization, claims, citations, sources, publishers
    with django_assert_num_queries(5):
        assert client.get(person.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("scales", [1, 100])
def test_methodology_query_count(client, django_assert_num_queries, scales):
    for n in range(scales - 1):
        scale = RatingScale.objects.create(name=f"Scale {n}", slug=f"scale-{n}")
        Rating.objects.create(scale=scale, label="Yes", slug="yes", value=1, order=1)
    with django_assert_num_queries(2):  # scales, their steps
        assert client.get("/methodology/").status_code == 200


def test_server_error_page_renders_without_request_or_database(django_assert_num_queries, db):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("500.html")  # as django.views.defaults.server_error does
    assert '<html lang="en">' in html
    assert "Something went wrong" in html
    assert "css/site.css" in html


def test_a_page_past_the_end_is_a_404_that_names_the_page_parameter(client, seeded):
    response = client.get("/responses/pending/?page=99999999999999999999999")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<code>page</code>" in body
    assert "pages run from 1 to 1" in body  # six open responses fit on one page


def test_parameters_that_are_not_filters_do_not_claim_the_list_is_filtered(client, seeded):
    response = client.get("/responses/pending/?utm_source=newsletter")
    assert response.status_code == 200
    assert "Filtered by the query string" not in response.content.decode()
    assert len(response.context["responses"]) == 6  # 3 + 1 for the DOJ, 2 for Reuters


def test_a_filter_parameter_says_the_list_is_filtered(client, seeded):
    response = client.get("/responses/pending/?state=CA")
    assert "Filtered by the query string" in response.content.decode()
    # San Bernardino (DOJ) and Stockton (DOJ and Reuters) are the open Californian responses.
    assert len(response.context["responses"]) == 3
