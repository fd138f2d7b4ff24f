"""``/sitemap.xml`` (django.contrib.sitemaps; https://www.sitemaps.org/protocol.html):
the public pages, as an anonymous reader sees them.

Every section starts from ``Model.objects.visible_to(None)``, the one
visibility rule (:mod:`articles.querysets`): no draft, nor a city, person
or source only drafts refer to, is ever listed. Retracted claims and
inquiries stay: their pages stay, and a crawler that revisits them sees the
retraction and drops the old verdict (their ClaimReview is gone). ``lastmod``
is each record's ``updated_at`` (an aware datetime; a retraction or a
correction's edit moves it). Organizations have no public page of their
own, so they are not listed.

Two queries per model section (the paginator's count and the rows),
whatever the number of rows.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import City, Claim, Inquiry, Person, Source


class PublicPagesSitemap(Sitemap):
    """The pages that are not one record: home, the indexes and lists,
    corrections and the methodology. No ``lastmod``: they change with any
    record."""

    #: URL names in the ``articles`` namespace.
    names = (
        "home",
        "inquiry_list",
        "responses_pending",
        "responses_received",
        "city_list",
        "claim_list",
        "person_list",
        "source_list",
        "correction_list",
        "methodology",
    )

    def items(self) -> list[str]:
        """The URL names."""
        return list(self.names)

    def location(self, item: str) -> str:
        """The page's path."""
        return reverse(f"articles:{item}")


class RecordSitemap(Sitemap):
    """A section listing the records of :attr:`model` a reader may see,
    in primary-key order (stable across the sitemap's pages)."""

    model = None

    def items(self):
        """Rows an anonymous reader may see (``visible_to(None)``)."""
        return self.model.objects.visible_to(None).order_by("pk")

    def lastmod(self, item):
        """When the record last changed (``updated_at``, aware)."""
        return item.updated_at


class InquirySitemap(RecordSitemap):
    """Published and retracted inquiries."""

    model = Inquiry


class ClaimSitemap(RecordSitemap):
    """Published and retracted claims."""

    model = Claim


class CitySitemap(RecordSitemap):
    """Cities a public record refers to."""

    model = City


class PersonSitemap(RecordSitemap):
    """People who made a public claim or answered in a visible response."""

    model = Person


class SourceSitemap(RecordSitemap):
    """Sources a public record cites or lists."""

    model = Source


#: Sections of ``/sitemap.xml``, by name.
SITEMAPS = {
    "pages": PublicPagesSitemap,
    "inquiries": InquirySitemap,
    "claims": ClaimSitemap,
    "cities": CitySitemap,
    "people": PersonSitemap,
    "sources": SourceSitemap,
}
