"""The database itself rejects bad rows (DESIGN.md, "Rules the database
itself enforces"). Each test writes with ``QuerySet.create``/``save`` and no
validation, so only the constraint stands between the row and the table;
the suite runs on SQLite and on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import City, Claim, Inquiry, Response, make_slug
from tests import factories
from tests.factories import (
    CitationFactory,
    CityFactory,
    ClaimFactory,
    InquiryFactory,
    OrganizationFactory,
    ResponseFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

AUG_3 = datetime.date(2017, 8, 3)
AUG_18 = datetime.date(2017, 8, 18)


def assert_rejected(make_row):
    """The database refuses the row, and the table is unchanged."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_row()


def test_one_response_per_inquiry_and_city():
    response = ResponseFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=response.inquiry, city=response.city, status="pending", as_of=AUG_3
        )
    )
    assert Response.objects.count() == 1


def test_received_status_without_received_on_is_rejected():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(inquiry=inquiry, city=city, status="received", as_of=AUG_3)
    )


def test_declined_status_without_received_on_is_rejected():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(inquiry=inquiry, city=city, status="declined", as_of=AUG_3)
    )


@pytest.mark.parametrize("status", ["pending", "acknowledged"])
def test_received_on_with_an_open_status_is_rejected(status):
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=inquiry,
            city=city,
            status=status,
            acknowledged_on=AUG_3,
            received_on=AUG_18,
            as_of=AUG_18,
        )
    )


def test_acknowledged_on_while_pending_is_rejected():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=inquiry, city=city, status="pending", acknowledged_on=AUG_3, as_of=AUG_3
        )
    )


def test_acknowledged_status_needs_acknowledged_on():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=inquiry, city=city, status="acknowledged", as_of=AUG_3
        )
    )


def test_received_before_acknowledged_is_rejected():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=inquiry,
            city=city,
            status="received",
            acknowledged_on=AUG_18,
            received_on=AUG_3,
            as_of=AUG_18,
        )
    )


def test_acknowledged_on_with_received_status_is_allowed():
    Response.objects.create(
        inquiry=InquiryFactory(),
        city=CityFactory(),
        status="received",
        acknowledged_on=AUG_3,
        received_on=AUG_18,
        as_of=AUG_18,
    )
    stored = Response.objects.get()
    assert (stored.status, stored.acknowledged_on, stored.received_on) == (
        "received",
        AUG_3,
        AUG_18,
    )


def test_due_on_before_sent_on_is_rejected():
    requester = OrganizationFactory()
    assert_rejected(
        lambda: Inquiry.objects.create(
            slug="backwards",
            title="Backwards",
            kind="government_request",
            requester=requester,
            sent_on=AUG_18,
            due_on=AUG_3,
        )
    )


def test_due_on_on_the_day_it_was_sent_is_allowed():
    InquiryFactory(sent_on=AUG_3, due_on=AUG_3)
    assert list(Inquiry.objects.values_list("sent_on", "due_on")) == [(AUG_3, AUG_3)]


def test_unknown_deadline_time_zone_is_rejected():
    assert_rejected(lambda: InquiryFactory(due_timezone="Mars/Olympus_Mons"))


def test_empty_city_slug_is_rejected():
    assert_rejected(lambda: City.objects.create(name="Nowhere", state="MD", slug=""))


def test_state_must_be_a_usps_code():
    assert_rejected(lambda: City.objects.create(name="Nowhere", state="XX", slug="nowhere-xx"))


def test_city_name_and_state_are_unique():
    CityFactory(name="Stockton", state="CA", slug="stockton-ca")
    assert_rejected(lambda: CityFactory(name="Stockton", state="CA", slug="stockton-ca-2"))


def test_claim_needs_a_person_or_an_organization():
    assert_rejected(
        lambda: Claim.objects.create(slug="orphan", text="Said by nobody.", publication="published")
    )


def test_claim_by_an_organization_alone_is_allowed():
    ClaimFactory(claimant=None, claimant_organization=OrganizationFactory(name="Reuters"))
    stored = Claim.objects.get()
    assert stored.claimant_id is None
    assert stored.claimant_organization.name == "Reuters"


def test_citation_quote_may_not_be_empty():
    assert_rejected(lambda: CitationFactory(quote=""))


def test_latitude_outside_the_globe_is_rejected():
    assert_rejected(lambda: CityFactory(latitude=91))


def test_source_sha256_must_be_64_characters():
    assert_rejected(lambda: SourceFactory(sha256="abc"))


# Cross-table rules: model validation, called by every service.


def test_response_dates_may_not_precede_the_inquirys_sent_on():
    response = ResponseFactory.build(
        inquiry=InquiryFactory(sent_on=AUG_3),
        city=CityFactory(),
        status="received",
        received_on=datetime.date(2017, 8, 2),
    )
    with pytest.raises(ValidationError) as excinfo:
        response.full_clean()
    assert "received_on" in excinfo.value.error_dict


def test_citation_quote_must_appear_in_the_source_text():
    source = SourceFactory(text="We do not enforce federal immigration laws.")
    citation = CitationFactory.build(
        claim=ClaimFactory(), source=source, quote="We enforce federal immigration laws"
    )
    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()
    assert "quote" in excinfo.value.error_dict


def test_constraint_violation_in_validation_names_the_field():
    response = ResponseFactory.build(
        inquiry=InquiryFactory(), city=CityFactory(), status="received", received_on=None
    )
    with pytest.raises(ValidationError) as excinfo:
        response.full_clean()
    assert "Received on is required when the status is received or declined" in str(excinfo.value)


# Slugs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("San Bernardino CA", "san-bernardino-ca"),
        ("Española NM", "espanola-nm"),
        ("東京", "東京"),
        ("!!!", "item"),
    ],
)
def test_make_slug_is_never_empty(text, expected):
    assert make_slug(text) == expected


def test_city_without_slug_gets_one_from_name_and_state():
    city = City(name="Peñasco", state="NM")
    city.full_clean()
    assert city.slug == "penasco-nm"


def test_city_with_non_ascii_name_has_a_working_url(client):
    city = City(name="東京", state="HI")
    city.full_clean()
    city.save()
    assert city.slug == "東京-hi"
    assert city.get_absolute_url() == "/cities/%E6%9D%B1%E4%BA%AC-hi/"


# History


def test_every_save_keeps_history():
    city = CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    city.name = "Baltimore City"
    city.save()
    assert [h.name for h in city.history.all()] == ["Baltimore City", "Baltimore"]
    assert [h.history_type for h in city.history.all()] == ["~", "+"]


def test_status_as_of_before_the_received_date_is_rejected():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=inquiry, city=city, status="received", received_on=AUG_18, as_of=AUG_3
        )
    )


def test_status_as_of_before_the_acknowledgement_is_rejected():
    inquiry, city = InquiryFactory(), CityFactory()
    assert_rejected(
        lambda: Response.objects.create(
            inquiry=inquiry, city=city, status="acknowledged", acknowledged_on=AUG_18, as_of=AUG_3
        )
    )


def test_dates_marked_as_the_reports_need_the_reporting_source(db):
    response = factories.ResponseFactory.build(
        inquiry=factories.InquiryFactory(),
        city=factories.CityFactory(),
        status=Response.Status.RECEIVED,
        received_on=datetime.date(2017, 8, 3),
        dates_as_reported=True,
    )
    with pytest.raises(ValidationError) as excinfo:
        response.full_clean()
    assert excinfo.value.message_dict["status_source"] == [
        "Name the source whose report date the dates are."
    ]
