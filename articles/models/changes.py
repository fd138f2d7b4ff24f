"""The changes feed's log: one row per create, update, publication,
retraction, correction or deletion of a record the API serves (issue 8,
item 7; written by :mod:`articles.changes`, read by
``articles.selectors.change_list`` and ``/api/v1/changes/``)."""

from typing import ClassVar

from django.db import models

from ..choices import ChangeAction, ChangeKind


class Change(models.Model):
    """Something that happened to one record, in the order it committed.

    ``id`` is the feed's cursor: it only grows, and on PostgreSQL writers
    take a transaction-level lock before adding a row
    (:func:`articles.changes.record_change`), so rows commit in ``id``
    order and a reader that has seen ``id`` N never later finds a new row
    below N. ``at`` is the history record's instant (aware, UTC in the
    database): informative, the order is ``id``'s.

    ``governed_kind``/``governed_id`` name the claim or inquiry whose
    publication decides whether readers may know of this change (the
    record itself for a claim or an inquiry, the inquiry for a response,
    the claim for a citation's change); empty for cities, organizations,
    people and sources, which readers see once a published record refers
    to them.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(help_text="When it happened (the history record's instant).")
    action = models.CharField(max_length=16, choices=ChangeAction)
    kind = models.CharField(max_length=16, choices=ChangeKind)
    record_id = models.PositiveBigIntegerField(help_text="The changed record's id.")
    slug = models.CharField(
        max_length=100, blank=True, help_text="The record's slug at the time, if it has one."
    )
    governed_kind = models.CharField(max_length=16, blank=True, choices=ChangeKind)
    governed_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = "change"
        verbose_name_plural = "changes"
        indexes: ClassVar = [
            models.Index(fields=["kind", "record_id", "action"], name="change_record_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.kind} {self.slug or self.record_id}"
