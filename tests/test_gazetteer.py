"""The gazetteer of U.S. places (issue "The editors' desk", item 1):
GeoNames cities, Census counties and USPS states, read from the packages
that ship them; and the service that stores a picked place."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from articles import gazetteer, services
from articles.models import City


def test_stockton_ca_is_the_california_city_with_its_geonames_coordinates():
    (stockton,) = gazetteer.find("Stockton", "CA")
    # GeoNames 5399020: Stockton, San Joaquin County, California.
    assert stockton.key == "geonames:5399020"
    assert stockton.label == "Stockton, CA"
    assert (stockton.latitude, stockton.longitude) == (Decimal("37.9577"), Decimal("-121.29078"))
    assert stockton.kind == "city"


def test_the_articles_four_cities_are_all_in_the_gazetteer():
    for name, state in (
        ("Albuquerque", "NM"),
        ("Baltimore", "MD"),
        ("San Bernardino", "CA"),
        ("Stockton", "CA"),
    ):
        assert gazetteer.find(name, state)[0].name == name


def test_counties_and_states_are_first_class_kinds():
    (county,) = gazetteer.find("Baltimore County", "MD")
    assert (county.key, county.kind, county.latitude) == ("fips:24005", "county", None)
    (state,) = gazetteer.find("California", "CA")
    assert (state.key, state.kind, state.label) == ("usps:CA", "state", "California (state)")


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("Stockton, CA", ("Stockton", "CA")),
        ("Stockton, California", ("Stockton", "CA")),
        ("  San   Bernardino ,ca ", ("San Bernardino", "CA")),
        ("Albuquerque, N.M.", ("Albuquerque", "NM")),
        ("Washington, D.C.", ("Washington", "DC")),
    ],
)
def test_a_place_line_reads_as_name_and_usps_code(line, parsed):
    assert gazetteer.parse_line(line) == parsed


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Stockton", "is not “Place, ST”"),
        (", CA", "is not “Place, ST”"),
        ("Stockton, XX", "“XX” in “Stockton, XX” is not a U.S. state"),
    ],
)
def test_a_line_that_is_not_place_comma_state_says_why(line, message):
    with pytest.raises(gazetteer.PlaceLineError, match=message):
        gazetteer.parse_line(line)


def test_suggestions_put_the_larger_place_first_and_narrow_by_state():
    assert [e.label for e in gazetteer.suggest("Stockton, C")] == ["Stockton, CA"]
    assert gazetteer.suggest("san bern")[:2] == [
        gazetteer.find("San Bernardino", "CA")[0],
        gazetteer.find("San Bernardino County", "CA")[0],
    ]
    assert gazetteer.suggest(" ") == []


def test_place_from_gazetteer_creates_once_with_history(editor):
    (entry,) = gazetteer.find("Stockton", "CA")
    place, created = services.place_from_gazetteer(entry=entry, acting_user=editor)
    assert created
    place.refresh_from_db()
    assert (place.name, place.state, place.kind, place.slug) == (
        "Stockton",
        "CA",
        "city",
        "stockton-ca",
    )
    assert (place.latitude, place.longitude) == (Decimal("37.957700"), Decimal("-121.290780"))
    assert place.history.get().history_user == editor

    again, created = services.place_from_gazetteer(entry=entry, acting_user=editor)
    assert (again.pk, created, place.history.count()) == (place.pk, False, 1)


def test_a_hand_made_place_gets_the_key_and_keeps_what_the_editor_typed(editor):
    hand = City.objects.create(
        name="Stockton",
        state="CA",
        slug="stockton",
        latitude=Decimal("38"),
        longitude=Decimal("-121"),
    )
    (entry,) = gazetteer.find("Stockton", "CA")
    place, created = services.place_from_gazetteer(entry=entry, acting_user=editor)
    place.refresh_from_db()
    assert (place.pk, created, place.gazetteer_id) == (hand.pk, False, "geonames:5399020")
    assert (place.slug, place.latitude) == ("stockton", Decimal("38.000000"))


def test_a_reader_account_may_not_add_places(db, django_user_model):
    nobody = django_user_model.objects.create_user(username="reader", password="x")
    with pytest.raises(PermissionDenied):
        services.place_from_gazetteer(entry=gazetteer.find("Stockton", "CA")[0], acting_user=nobody)
    assert not City.objects.exists()
