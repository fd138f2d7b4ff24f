"""factory_boy factories. Defaults are neutral placeholders; tests that
assert domain values set them explicitly from the article or the spec."""

import datetime

import factory

from articles import models


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.City

    name = factory.Sequence(lambda n: f"Testville {n}")
    state = "MD"
    slug = factory.Sequence(lambda n: f"testville-{n}-md")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = models.Organization.Kind.OTHER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    title = "Spokesperson"
    organization = factory.SubFactory(OrganizationFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    kind = models.Source.Kind.NEWS_ARTICLE
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = factory.SubFactory(
        OrganizationFactory, kind=models.Organization.Kind.NEWS_ORGANIZATION
    )
    published_on = datetime.date(2017, 8, 3)
    text = "The quick brown fox said “I jump.”"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Claim

    slug = factory.Sequence(lambda n: f"claim-{n}")
    text = "I jump."
    claimant = factory.SubFactory(PersonFactory)
    stated_on = datetime.date(2017, 8, 3)
    publication = models.Publication.PUBLISHED
    rating = None
    # Published unrated unless a rating is given (a claim is published with a
    # rating or an editor's explicit "not rated"; the two exclude each other).
    not_rated = factory.LazyAttribute(lambda o: o.rating is None)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "I jump."


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Inquiry

    slug = factory.Sequence(lambda n: f"inquiry-{n}")
    title = factory.Sequence(lambda n: f"Inquiry {n}")
    kind = models.Inquiry.Kind.GOVERNMENT_REQUEST
    requester = factory.SubFactory(
        OrganizationFactory, kind=models.Organization.Kind.FEDERAL_AGENCY
    )
    sent_on = datetime.date(2017, 8, 3)
    due_on = datetime.date(2017, 8, 18)
    due_timezone = "America/New_York"
    publication = models.Publication.PUBLISHED


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Response

    inquiry = factory.SubFactory(InquiryFactory)
    city = factory.SubFactory(CityFactory)
    status = models.Response.Status.PENDING
    # The status is confirmed on the latest of its dates (Aug. 3, 2017 by default).
    as_of = factory.LazyAttribute(
        lambda o: max(d for d in (datetime.date(2017, 8, 3), o.acknowledged_on, o.received_on) if d)
    )
    acknowledged_on = None
    received_on = None


class CorrectionFactory(factory.django.DjangoModelFactory):
    """A correction; give it exactly one of ``claim``, ``inquiry`` or
    ``response`` (the database refuses none or two)."""

    class Meta:
        model = models.Correction

    kind = models.CorrectionKind.CORRECTION
    text = "An earlier version of this page was wrong."
    issued_at = datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC)
