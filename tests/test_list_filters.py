"""Filters on the list pages (/claims/, /responses/pending/,
/responses/received/) and their CSV files: the same parameters, the same
rows, a form a reader can use, the filters in force said in words, and one
rule for parameters the page does not take (articles/filters.py,
``page_parameters``).

Expected values come from the seed story (Reuters, Aug. 3, 2017): the
Justice Department asked Albuquerque NM, Baltimore MD, San Bernardino CA and
Stockton CA to answer by Aug. 18, 2017 (San Bernardino's chief said he would:
acknowledged; the three others pending); Reuters asked each for comment and
Baltimore's and San Bernardino's chiefs answered (received), Albuquerque and
Stockton "did not immediately respond" (pending). Claims: Sessions, Davis
(Baltimore), Burguan (San Bernardino), Yong Yow (Stockton police, reported
without a city), none rated.
"""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim, Publication, Rating, Response
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
DAVIS = "davis-baltimore-is-a-welcoming-city"
BURGUAN = "burguan-san-bernardino-not-a-sanctuary-city"


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _summary(response) -> str:
    assert response.status_code == 200, response.status_code
    return _text(_soup(response).select_one(".filter-summary"))


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def _claim_slugs(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [claim.slug for claim in response.context["claims"]]


def _bad_parameters(response) -> list[str]:
    """The parameters the 400 page names."""
    assert response.status_code == 400, response.status_code
    return [code.string for code in _soup(response).select("ul.errors code")]


def _form(response):
    return _soup(response).select_one("form.filter-form")


def _options(form, name) -> list[str]:
    return [_text(option) for option in form.select(f"select[name={name}] option")]


def _selected(form, name) -> list[str]:
    return [option["value"] for option in form.select(f"select[name={name}] option[selected]")]


# --- A. /claims/ filters like its CSV ---------------------------------------------


def test_claims_page_filters_by_city_like_its_csv(client, seeded):
    page = client.get("/claims/?city=baltimore-md")
    assert _claim_slugs(page) == [DAVIS]
    rows = _csv(client.get("/claims.csv?city=baltimore-md"))
    assert [row["claim"] for row in rows] == [Claim.objects.get(slug=DAVIS).text]
    assert _summary(page) == "Showing: city Baltimore, MD · 1 claim. Clear filters"


def test_claims_page_filters_by_state_and_wording(client, seeded):
    # San Bernardino is the only Californian city a claim is about; Burguan's
    # words are reported speech.
    assert _claim_slugs(client.get("/claims/?state=ca")) == [BURGUAN]
    assert _claim_slugs(client.get("/claims/?wording=reported&state=CA")) == [BURGUAN]
    assert _claim_slugs(client.get("/claims/?wording=direct&state=CA")) == []
    assert [r["claim"] for r in _csv(client.get("/claims.csv?state=CA"))] == [
        Claim.objects.get(slug=BURGUAN).text
    ]


def test_claims_page_filters_by_rating_and_rated(client, seeded):
    mostly_false = Rating.objects.get(scale__slug="default", slug="mostly-false")
    rated = factories.ClaimFactory(slug="rated-claim", rating=mostly_false)
    assert _claim_slugs(client.get("/claims/?rating=mostly-false")) == [rated.slug]
    assert _claim_slugs(client.get("/claims/?rated=true")) == [rated.slug]
    assert len(_claim_slugs(client.get("/claims/?rated=false"))) == 4  # the seed's four
    page = client.get("/claims/?rating=mostly-false")
    assert _summary(page) == "Showing: rating Mostly false · 1 claim. Clear filters"
    assert _selected(_form(page), "rating") == ["mostly-false"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("rating=bogus", "rating"),
        ("rated=maybe", "rated"),
        ("city=atlantis-xx", "city"),
        ("state=ZZ", "state"),
        ("wording=shouted", "wording"),
        ("stated_after=yesterday", "stated_after"),
    ],
)
@pytest.mark.parametrize("path", ["/claims/", "/claims.csv"])
def test_bad_claim_filter_is_a_400_naming_it_on_page_and_csv(
    client, seeded, path, query, parameter
):
    assert _bad_parameters(client.get(f"{path}?{query}")) == [parameter]


def test_claims_page_city_filter_accepts_only_cities_a_reader_may_see(client, seeded):
    hidden = factories.CityFactory(slug="hidden-town-md", state="MD")
    factories.ClaimFactory(city=hidden, publication=Publication.DRAFT)
    # A city only a draft names is an unknown value, like one that does not exist.
    assert _bad_parameters(client.get("/claims/?city=hidden-town-md")) == ["city"]
    assert _bad_parameters(client.get("/claims.csv?city=hidden-town-md")) == ["city"]


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("query", "queries"),
    [
        # count, page, citations, their sources, publishers; the form's ratings and states
        ("", 7),
        # the same; the rating slug checked against the ratings
        ("?rating=mostly-false", 8),
        ("?state=CA&rated=true", 7),
        # the same; the city slug checked; the city's name for the summary
        ("?city=one-city-ca", 9),
    ],
)
def test_claims_page_query_count(client, django_assert_num_queries, rows, query, queries):
    city = factories.CityFactory(slug="one-city-ca", state="CA")
    rating = Rating.objects.get(scale__slug="default", slug="mostly-false")
    for claim in factories.ClaimFactory.create_batch(rows, city=city, rating=rating):
        factories.CitationFactory(claim=claim)
    with django_assert_num_queries(queries):
        response = client.get(f"/claims/{query}")
    assert len(_claim_slugs(response)) == min(rows, 50)


# --- B. a filter form and the filters in words -------------------------------------


def test_pending_page_has_a_labelled_filter_form_with_the_lists_options(client, seeded):
    form = _form(client.get("/responses/pending/"))
    assert form["role"] == "search"
    assert form["method"] == "get"
    assert form["action"] == "/responses/pending/"
    assert _text(form.legend) == "Filter pending responses"
    for control in form.select("select, input:not([type=hidden])"):
        label = form.find("label", attrs={"for": control["id"]})
        assert label is not None and _text(label), control["name"]
    names = [c["name"] for c in form.select("select, input:not([type=hidden])")]
    assert names == ["status", "state", "inquiry", "is_past_due", "is_overdue", "needs_check"]
    assert _options(form, "status") == ["Any", "Pending", "Acknowledged"]
    # Albuquerque NM, Baltimore MD, San Bernardino CA and Stockton CA all have an open response.
    assert _options(form, "state") == ["Any", "CA (California)", "MD (Maryland)", "NM (New Mexico)"]
    assert _options(form, "inquiry") == [
        "Any",
        "Justice Department’s questions on “sanctuary” policies",
        "Reuters’ requests for comment",
    ]
    assert _options(form, "needs_check") == ["Any", "Yes", "No"]
    assert form.select("button[type=submit]")
    assert form.select(".filter-form__clear") == []  # nothing to clear


def test_received_page_form_offers_its_statuses_states_and_dates(client, seeded):
    form = _form(client.get("/responses/received/"))
    assert _options(form, "status") == ["Any", "Received", "Declined"]
    # Baltimore's and San Bernardino's chiefs answered Reuters.
    assert _options(form, "state") == ["Any", "CA (California)", "MD (Maryland)"]
    assert [i["name"] for i in form.select("input[type=date]")] == [
        "received_after",
        "received_before",
    ]
    assert form.select("select[name=is_overdue]") == []


def test_claims_page_form(client, seeded):
    form = _form(client.get("/claims/"))
    # No seed claim is rated yet: no rating select offering only "Any".
    names = [c["name"] for c in form.select("select")]
    assert names == ["rated", "state", "wording"]
    assert _options(form, "state") == ["Any", "CA (California)", "MD (Maryland)"]
    assert _options(form, "wording") == [
        "Any",
        "Direct quotation",
        "Reported speech (paraphrased by the source)",
    ]


def test_form_shows_current_values_and_a_clear_link(client, seeded):
    page = client.get("/responses/pending/?state=md&is_overdue=0&status=pending")
    form = _form(page)
    assert _selected(form, "state") == ["MD"]
    assert _selected(form, "is_overdue") == ["false"]
    assert _selected(form, "status") == ["pending"]
    assert _selected(form, "needs_check") == []
    assert form.select_one(".filter-form__clear")["href"] == "/responses/pending/"
    # Baltimore has not answered the Justice Department.
    assert _summary(page) == (
        "Showing: status Pending · not overdue · state MD · 1 response. Clear filters"
    )


def test_summary_names_deadline_states_in_words(client, seeded):
    # The four Justice Department responses were last confirmed Aug. 3, before
    # the due day (Aug. 18) ended: past due, and each needs a check.
    assert _summary(client.get("/responses/pending/?needs_check=true")) == (
        "Showing: needs a check · 4 responses. Clear filters"
    )
    assert _summary(client.get("/responses/pending/?is_past_due=true&is_overdue=true")) == (
        "Showing: past due · overdue · 0 responses. Clear filters"
    )


def test_summary_names_the_inquiry_and_a_city_given_in_the_address(client, seeded):
    page = client.get(f"/responses/pending/?inquiry={RFC}&city=stockton-ca")
    assert _summary(page) == (
        "Showing: city Stockton, CA · inquiry Reuters’ requests for comment · 1 response. "
        "Clear filters"
    )
    # No city control: the city filter rides along as a hidden input.
    hidden = {(i["name"], i["value"]) for i in _form(page).select("input[type=hidden]")}
    assert hidden == {("city", "stockton-ca")}
    assert _selected(_form(page), "inquiry") == [RFC]


def test_summary_names_a_received_date_range(client, seeded):
    page = client.get("/responses/received/?received_after=2017-08-03&status=received")
    assert _summary(page) == (
        "Showing: status Received · received on or after Aug. 3, 2017 · 2 responses. Clear filters"
    )
    assert _form(page).select_one("input[name=received_after]")["value"] == "2017-08-03"


def test_empty_form_submission_is_the_unfiltered_list(client, seeded):
    # A GET form sends every field, those left at "Any" empty.
    query = "status=&state=&inquiry=&is_past_due=&is_overdue=&needs_check="
    page = client.get(f"/responses/pending/?{query}")
    assert len(page.context["responses"]) == 6
    assert _summary(page) == ""
    assert len(_csv(client.get(f"/responses/pending.csv?{query}"))) == 6


def test_filtered_empty_list_says_no_match(client, seeded):
    page = client.get("/responses/received/?status=declined")
    assert "No responses match these filters." in _text(_soup(page))
    assert _summary(page) == "Showing: status Declined · 0 responses. Clear filters"


def test_csv_link_and_page_links_keep_the_filters(client, seeded):
    city = factories.CityFactory(slug="big-city-ca", state="CA")
    for inquiry in factories.InquiryFactory.create_batch(51):
        factories.ResponseFactory(inquiry=inquiry, city=city)
    page = client.get("/responses/pending/?state=CA&utm_source=newsletter")
    soup = _soup(page)
    # The campaign tag is dropped before the page is made (one cached page
    # however a link was tagged: articles.middleware.DropTrackingParametersMiddleware).
    assert soup.select_one("a[rel=next]")["href"] == "?state=CA&page=2"
    assert soup.select_one(".download-csv a")["href"] == "/responses/pending.csv?state=CA"
    # 51 new Californian rows, San Bernardino's and Stockton's two DOJ and one Reuters.
    assert page.context["page_obj"].paginator.count == 54
    assert len(_csv(client.get("/responses/pending.csv?state=CA&utm_source=newsletter"))) == 54


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, page; the form's states and inquiries
        ("/responses/pending/?state=CA&needs_check=true", 4),
        ("/responses/received/?status=received&received_after=2017-08-01", 4),
        # the same; the city slug checked; its name for the summary
        ("/responses/pending/?city=one-city-ca", 6),
    ],
)
def test_filtered_response_pages_query_count(client, django_assert_num_queries, rows, url, queries):
    city = factories.CityFactory(slug="one-city-ca", state="CA")
    received = "received" in url
    for inquiry in factories.InquiryFactory.create_batch(rows):
        factories.ResponseFactory(
            inquiry=inquiry,
            city=city,
            status=Response.Status.RECEIVED if received else Response.Status.PENDING,
            received_on=inquiry.due_on if received else None,
        )
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.context["responses"]) == min(rows, 50)


# --- C. one rule for parameters the page does not take ----------------------------

LISTS = ["/responses/pending/", "/responses/received/", "/claims/"]
FILES = ["/responses/pending.csv", "/responses/received.csv", "/claims.csv"]


@pytest.mark.parametrize("path", LISTS + FILES)
def test_search_is_a_400_pointing_to_the_search_page_and_the_api(client, seeded, path):
    response = client.get(f"{path}?search=Stockton")
    assert _bad_parameters(response) == ["search"]
    message = _text(_soup(response).select_one("ul.errors"))
    assert "/search/?q=" in message
    api = "/api/v1/claims/" if "claims" in path else "/api/v1/responses/"
    assert f"{api}?search=" in message


@pytest.mark.parametrize(
    "parameter", ["ordering=bogus", "page_size=500", "format=json", "fields=city"]
)
@pytest.mark.parametrize("path", LISTS + FILES)
def test_api_only_parameters_are_a_400_naming_them(client, seeded, path, parameter):
    response = client.get(f"{path}?{parameter}")
    name = parameter.split("=")[0]
    assert _bad_parameters(response) == [name]
    assert "/api/v1/" in _text(_soup(response).select_one("ul.errors"))


@pytest.mark.parametrize(
    ("path", "rows"),
    [
        ("/responses/pending/", 6),
        ("/responses/received/", 2),
        ("/claims/", 4),
        ("/responses/pending.csv", 6),
        ("/responses/received.csv", 2),
        ("/claims.csv", 4),
    ],
)
def test_campaign_tags_are_ignored(client, seeded, path, rows):
    response = client.get(f"{path}?utm_source=newsletter&utm_medium=email&fbclid=IwAR0x")
    if path.endswith(".csv"):
        assert len(_csv(response)) == rows
        assert "-filtered-" not in response["Content-Disposition"]
    else:
        listed = response.context["claims" if "claims" in path else "responses"]
        assert len(listed) == rows
        assert _summary(response) == ""


def test_api_keeps_search_and_takes_the_new_claim_state_filter(client, seeded):
    """The API still honours ``search`` (Stockton: the Justice Department's
    questions and Reuters' request for comment); ``state`` on claims is new
    there too, the FilterSet being shared."""
    assert client.get("/api/v1/responses/?search=Stockton").json()["count"] == 2
    slugs = {c["slug"] for c in client.get("/api/v1/claims/?state=CA").json()["results"]}
    assert slugs == {BURGUAN}


@pytest.mark.parametrize("query", ["state=CA&state=MD", "state=CA,MD"])
def test_several_values_stay_one_selected_option_the_form_sends_back(reader_client, seeded, query):
    """A select holds one value: two states asked for become one option,
    "CA,MD", selected, so "Apply filters" keeps both (the newcomer's
    trial: the form used to send back MD alone)."""
    soup = _soup(reader_client.get(f"/responses/pending/?{query}"))
    select = soup.select_one("select#filter-state")
    selected = select.select("option[selected]")
    assert [(o["value"], _text(o)) for o in selected] == [
        ("CA,MD", "CA (California) or MD (Maryland)")
    ]
    # What the form sends back is what was asked for: the same four rows
    # (Baltimore; San Bernardino and Stockton; Stockton's request for comment).
    again = _soup(reader_client.get("/responses/pending/?state=CA,MD"))
    assert len(again.select("tbody tr")) == len(
        _soup(reader_client.get(f"/responses/pending/?{query}")).select("tbody tr")
    )
    assert len(again.select("tbody tr")) == 4


def test_a_value_the_form_does_not_offer_is_kept_selected(reader_client, seeded):
    soup = _soup(reader_client.get("/responses/pending/?status=received"))
    selected = soup.select("select#filter-status option[selected]")
    assert [(o["value"], _text(o)) for o in selected] == [("received", "Received")]


def test_the_way_out_of_a_400_keeps_the_valid_filters(reader_client, seeded):
    response = reader_client.get("/responses/pending/?state=CA&status=bogus&utm_source=x")
    assert response.status_code == 400
    link = _soup(response).find("a", string="Show the page without them")
    # (the campaign tag was dropped before the page was made)
    assert link["href"] == "/responses/pending/?state=CA"
    assert reader_client.get(link["href"]).status_code == 200
