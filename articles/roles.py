"""The newsroom's roles (DESIGN.md, "Editorial workflow"; the issue
"Publishing workflow, roles, corrections and no lost edits").

Roles are Django groups, created by the data migration
``articles/0010_roles``, which holds a frozen copy of the lists below (a
migration must not change when this module does), and
``0011_change_published_and_fixed_correction_dates`` (Editors change what
readers see); a test checks the groups hold what this module says. The services enforce the permissions (:func:`articles.services.require_perm`);
the admin and the API only reflect them.

- **Reporters** create and edit drafts, sources, citations, responses and
  internal comments, send drafts to review, and see unpublished records.
- **Editors** also change what readers see, rate claims, publish, send
  back, retract and write corrections, and keep the rating scales.
- **Superusers** manage users (no group grants a permission on users).

Nothing published is hard-deleted, whoever asks (:func:`articles.services.object_delete`).
"""

REPORTERS = "Reporters"
EDITORS = "Editors"

#: ``articles`` models a reporter may add, change and delete (a delete of
#: anything readers see is refused by the service).
REPORTER_MODELS: tuple[str, ...] = (
    "city",
    "organization",
    "person",
    "source",
    "citation",
    "claim",
    "inquiry",
    "response",
)

#: Every ``articles`` model, for the view permission.
ALL_MODELS: tuple[str, ...] = (
    *REPORTER_MODELS,
    "rating",
    "ratingscale",
    "correction",
    "reviewcomment",
)


def role_permissions() -> dict[str, list[str]]:
    """Codenames (all in the ``articles`` app) each group holds.

    Returns:
        ``{"Reporters": [...], "Editors": [...]}``; Editors hold every
        Reporters permission and more.
    """
    reporters = [f"view_{m}" for m in ALL_MODELS]
    reporters += [
        f"{action}_{m}" for m in REPORTER_MODELS for action in ("add", "change", "delete")
    ]
    reporters += ["add_reviewcomment", "view_unpublished"]
    # Wire-story ingestion (migration 0017): import, accept or reject, see.
    reporters += ["add_suggestion", "change_suggestion", "view_suggestion"]
    editors = [
        *reporters,
        "change_published",
        "rate_claim",
        "publish_claim",
        "retract_claim",
        "publish_inquiry",
        "retract_inquiry",
        "add_correction",
        "change_correction",
        "add_rating",
        "change_rating",
        "add_ratingscale",
        "change_ratingscale",
    ]
    return {REPORTERS: sorted(reporters), EDITORS: sorted(editors)}
