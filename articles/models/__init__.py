"""The tracker's domain model (DESIGN.md, "Domain model"), a package by area:

- :mod:`.places`: City
- :mod:`.people`: Organization, Person
- :mod:`.claims`: RatingScale, Rating, Claim
- :mod:`.evidence`: Source, Citation
- :mod:`.inquiries`: Inquiry, Response
- :mod:`.search`: SearchEntry (the search index, :mod:`articles.search`)
- :mod:`.changes`: Change (the changes feed's log, :mod:`articles.changes`)
- :mod:`.contacts`: Contact (the contact log), DeadlineAlert (alerts sent)
- :mod:`.ingest`: Suggestion (what an imported story was found to hold)

Invariants that fit in one row are database constraints (``Meta.constraints``),
so no path around the services can store a bad row; rules that cross tables
live in ``clean()``, which every service calls through ``full_clean()``.
Every model keeps its history with django-simple-history. The vocabulary
(statuses, publication states, USPS codes) lives in :mod:`articles.choices`.
"""

from ..choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    READER_VISIBLE,
    US_STATE_CODES,
    US_STATES,
    CorrectionKind,
    InquiryEvent,
    Publication,
    ResponseStatus,
)
from .base import AutoSlugMixin, Reviewable, TimeStampedModel, make_slug, not_in_the_future
from .changes import Change
from .claims import Claim, Rating, RatingScale
from .contacts import Contact, DeadlineAlert
from .evidence import Citation, Source
from .ingest import Suggestion
from .inquiries import Inquiry, Response
from .people import Organization, Person
from .places import City
from .search import SearchEntry
from .workflow import Correction, ReviewComment

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "READER_VISIBLE",
    "US_STATES",
    "US_STATE_CODES",
    "AutoSlugMixin",
    "Change",
    "Citation",
    "City",
    "Claim",
    "Contact",
    "Correction",
    "CorrectionKind",
    "DeadlineAlert",
    "Inquiry",
    "InquiryEvent",
    "Organization",
    "Person",
    "Publication",
    "Rating",
    "RatingScale",
    "Response",
    "ResponseStatus",
    "ReviewComment",
    "SearchEntry",
    "Suggestion",
    "Reviewable",
    "Source",
    "TimeStampedModel",
    "make_slug",
    "not_in_the_future",
]
