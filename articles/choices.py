"""The tracker's vocabulary in one module (STYLE.md, "Vocabulary in one
module"): models, constraints, querysets, filters, templates and the API all
import their choices and named sets from here. Nothing here imports from
the rest of the app.
"""

from django.db import models

# USPS codes: the 50 states, DC, and the inhabited territories and freely
# associated states (USPS Publication 28, Appendix B).
US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
    ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"),
    ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"),
    ("NV", "Nevada"), ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"),
    ("NY", "New York"), ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"),
    ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"),
    ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
    ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
    ("AS", "American Samoa"), ("GU", "Guam"), ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"), ("FM", "Micronesia"),
    ("MH", "Marshall Islands"), ("PW", "Palau"),
)  # fmt: skip
US_STATE_CODES: list[str] = [code for code, _ in US_STATES]


class Publication(models.TextChoices):
    """The editorial state of a claim or an inquiry (DESIGN.md, "Editorial
    workflow"): draft → in review → published → retracted.

    Drafts and records in review are the newsroom's only. A published record
    is public and listed. A retracted one keeps its page (with the
    retraction note and date) but leaves lists, feeds and counts. The moves
    are in :mod:`articles.workflow`.

    Distinct from :class:`ResponseStatus`, which says where a city's answer
    stands; a response is public when its inquiry is.
    """

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


#: States whose page readers may open: published, and retracted (the page
#: stays with its retraction note). Lists, feeds and counts show only
#: ``Publication.PUBLISHED``.
READER_VISIBLE: tuple[str, ...] = (Publication.PUBLISHED, Publication.RETRACTED)

#: States an editor still works on before readers see anything.
UNPUBLISHED: tuple[str, ...] = (Publication.DRAFT, Publication.IN_REVIEW)


class CorrectionKind(models.TextChoices):
    """What a note at the foot of a public page says about a change, in the
    words newsrooms use (e.g. the AP's and Reuters's correction policies):
    a correction fixes an error, an update adds what happened since, a
    clarification restates something true but unclear."""

    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"
    CLARIFICATION = "clarification", "Clarification"


class ResponseStatus(models.TextChoices):
    """Where a city's answer stands (DESIGN.md, "Response status"):
    pending (no word yet), acknowledged (said it will answer), received
    (answered), declined (refused to answer)."""

    PENDING = "pending", "Pending"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RECEIVED = "received", "Received"
    DECLINED = "declined", "Declined"


class InquiryEvent(models.TextChoices):
    """How an inquiry began, in the source's own kind of event (issue:
    "labels use the source's own kind of event"): the Reuters article
    reports the Justice Department's questions as an *announcement*, not as
    a letter sent, so the page says "Announced Aug. 3, 2017"."""

    SENT = "sent", "Sent"
    ANNOUNCED = "announced", "Announced"
    REQUESTED = "requested", "Requested"
    FILED = "filed", "Filed"


#: An answer is still awaited.
OPEN_STATUSES: tuple[str, ...] = (ResponseStatus.PENDING, ResponseStatus.ACKNOWLEDGED)
#: The city answered or refused: ``received_on`` is set.
CLOSED_STATUSES: tuple[str, ...] = (ResponseStatus.RECEIVED, ResponseStatus.DECLINED)


class DeadlineState(models.TextChoices):
    """Where a response stands against its inquiry's deadline: derived at
    an instant, never stored (DESIGN.md, "Response status and deadlines";
    the rules are in :mod:`articles.deadlines`).

    - no deadline: the inquiry set none (e.g. a request for comment);
    - not yet due: still awaited, and the due day has not ended;
    - needs a check: still awaited after the due day ended, but the status
      was last confirmed (``as_of``) on or before the due day, so nobody
      has checked since: the newsroom cannot call it overdue;
    - overdue: still awaited after the due day ended, and the status was
      confirmed after the due day (``as_of`` later than ``due_on``);
    - answered on time / answered late: received or declined on or before
      the due day, or after it (``days_late``).

    *Past due* is needs a check or overdue (:data:`PAST_DUE_STATES`).
    """

    NO_DEADLINE = "no_deadline", "No deadline"
    NOT_YET_DUE = "not_yet_due", "Not yet due"
    NEEDS_CHECK = "needs_check", "Needs a check"
    OVERDUE = "overdue", "Overdue"
    ANSWERED_ON_TIME = "answered_on_time", "Answered on time"
    ANSWERED_LATE = "answered_late", "Answered late"


#: Still awaited after the due day ended, confirmed since or not.
PAST_DUE_STATES: tuple[str, ...] = (DeadlineState.NEEDS_CHECK, DeadlineState.OVERDUE)


class ChangeAction(models.TextChoices):
    """What happened to a record, as the changes feed says it
    (:class:`articles.models.Change`, ``/api/v1/changes/``).

    - created / updated / deleted: a save or a delete;
    - published: a claim or inquiry became public (also one created
      published); for readers it stands for everything before it;
    - retracted: a published claim or inquiry was retracted (its page stays);
    - corrected: a correction, update or clarification was added to a claim,
      an inquiry or a response.
    """

    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"
    CORRECTED = "corrected", "Corrected"
    DELETED = "deleted", "Deleted"


class ChangeKind(models.TextChoices):
    """The kinds of record the changes feed reports: the API's resources
    that have an address of their own (a citation's change is its claim's,
    a correction's is the record it corrects)."""

    CITY = "city", "City"
    ORGANIZATION = "organization", "Organization"
    PERSON = "person", "Person"
    SOURCE = "source", "Source"
    CLAIM = "claim", "Claim"
    INQUIRY = "inquiry", "Inquiry"
    RESPONSE = "response", "Response"
