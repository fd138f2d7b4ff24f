"""Pieces every model shares: slugs, timestamps, constraint errors on their
field, and the "not in the future" rule."""

import datetime
import unicodedata
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils.text import slugify

from ..clock import newsroom_today
from ..formats import ap_date

models.CharField.register_lookup(Length)

sha256_validator = RegexValidator(r"^[0-9a-f]{64}$", "A SHA-256 is 64 lowercase hex digits.")


def make_slug(text: str, *, max_length: int = 80) -> str:
    """Return a URL slug for ``text`` that is never empty.

    Accents are folded (``"Peñasco"`` -> ``"penasco"``); text in a script
    with no ASCII folding keeps its letters, lowercased (``"東京 HI"`` ->
    ``"東京-hi"``, matched by the ``<uslug:...>`` URL converter);
    text with no letters or digits at all falls back to ``"item"``.
    """
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    slug = slugify(folded, allow_unicode=not folded.isascii())
    return (slug or "item")[:max_length].strip("-") or "item"


def normalize_newlines(text: str) -> str:
    """``text`` with Windows (``\r\n``) and old Mac (``\r``) line breaks
    as ``\n``. Browsers send a textarea's line breaks as ``\r\n`` (the
    HTML standard's form submission rule), while stored texts such as the
    seed article use ``\n``: without this, an unchanged quote of two lines
    would no longer match its source."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def not_in_the_future(value: datetime.date) -> None:
    """Field validator: a date that has happened (an answer received, a
    statement made) cannot be later than the newsroom's today.

    "Today" is the date in the newsroom's zone (:func:`articles.clock.newsroom_today`,
    ``settings.NEWSROOM_TIME_ZONE``), the date the editors work in: at 02:30
    UTC on Aug. 4 it is still Aug. 3 in New York, and Aug. 4 is refused.

    Raises:
        ValidationError: ``value`` is later than the newsroom's today
            (code ``future_date``).
    """
    today = newsroom_today()
    if value > today:
        raise ValidationError(
            "%(date)s is in the future; enter the date it happened.",
            code="future_date",
            params={"date": ap_date(value)},
        )


def auto_slug_field(
    help_text: str = "Used in URLs. Filled in from the name or title when left blank.",
) -> models.SlugField:
    """The ``slug`` field of models that fill a blank slug in ``clean()``
    (see :class:`AutoSlugMixin`): unique, non-ASCII letters allowed."""
    return models.SlugField(
        max_length=100, unique=True, allow_unicode=True, blank=True, help_text=help_text
    )


class AutoSlugMixin:
    """``clean()`` fills a blank ``slug`` from :meth:`slug_basis` with
    :func:`make_slug` (never empty). Subclasses that override ``clean()``
    call ``super().clean()``."""

    slug_max_length = 80

    def slug_basis(self) -> str:
        """The text the slug is made from; empty = not enough data yet."""
        raise NotImplementedError

    def clean(self) -> None:
        """Fill a blank slug; when the slug made is taken by another row
        ("St. Paul" and "St Paul" both make ``st-paul-mn``), add ``-2``,
        ``-3``, ... so a blank slug never collides (an explicit slug is left
        for the unique check to report)."""
        super().clean()
        if not self.slug and (basis := self.slug_basis().strip()):
            slug = make_slug(basis, max_length=self.slug_max_length)
            taken = type(self)._default_manager.exclude(pk=self.pk)
            candidate, n = slug, 1
            while taken.filter(slug=candidate).exists():
                n += 1
                suffix = f"-{n}"
                candidate = slug[: self.slug_max_length - len(suffix)].rstrip("-") + suffix
            self.slug = candidate


class TimeStampedModel(models.Model):
    """Adds ``created_at``/``updated_at`` (aware datetimes, UTC in the
    database) and ``version`` (the optimistic lock the services check),
    and reports a broken check constraint on the field it is about, so an
    editor's form shows the error beside that field.

    ``constraint_fields`` maps a constraint's ``violation_error_code`` to
    the field its error belongs to; unmapped errors stay form-wide.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=(
            "Optimistic lock: 1 when created, one more at each save. A save based on an "
            "older version is refused (articles.services), so two editors never silently "
            "overwrite each other."
        ),
    )

    constraint_fields: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None) -> None:
        """Django's constraint validation, with errors moved to their field."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors: dict[str, list[ValidationError]] = {}
            for key, items in exc.error_dict.items():
                for item in items:
                    errors.setdefault(self.constraint_fields.get(item.code, key), []).append(item)
            raise ValidationError(errors) from exc


class Reviewable(models.Model):
    """The editorial workflow's fields on a claim or an inquiry (DESIGN.md,
    "Editorial workflow"); the model itself holds ``publication``.

    Set only through the workflow services (:mod:`articles.workflow`):
    ``submitted_by`` is the reporter who sent the record to review (a record
    sent back returns to them), ``assigned_to`` the editor or reporter it
    waits for, ``published_at`` the instant it was first published and
    ``retracted_at`` / ``retraction_note`` what readers see on a retracted
    page. Instants are aware datetimes (UTC in the database).
    """

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)s_assignments",
        help_text="Who this record waits for: the reviewing editor, or the reporter it was sent back to.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="%(class)s_submissions",
        help_text="The reporter who last sent it to review.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was first published."
    )
    retracted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was retracted."
    )
    retraction_note = models.TextField(
        blank=True,
        editable=False,
        help_text="Why it was retracted; shown to readers on the retracted page.",
    )

    class Meta:
        abstract = True


#: The schemes a link readers follow may have: a web page.
WEB_SCHEMES = ("http", "https")


def web_url_only(value: str) -> None:
    """Validator: a link for readers (a source's ``archive_url``) is a web
    address, ``http://`` or ``https://``. Django's ``URLField`` also accepts
    ``ftp://`` and ``ftps://``, which browsers no longer open (Chrome and
    Firefox dropped FTP in 2021). Blank passes (the field is optional).

    Called from ``Source.clean()`` and the API's source serializer rather
    than listed in the field's ``validators``, which would need a migration.

    Raises:
        ValidationError: another scheme (code ``not_web_url``).
    """
    if not value:
        return
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme and scheme not in WEB_SCHEMES:
        raise ValidationError(
            "Give a web address starting with http:// or https:// (not %(scheme)s://).",
            code="not_web_url",
            params={"scheme": scheme},
        )
