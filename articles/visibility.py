"""Who may see unpublished records: the one question behind every
``visible_to(user)`` (DESIGN.md, "Public pages": "One rule decides what a
user may see"; modelled on MuckRock's ``get_viewable(user)``).

Part of the core: nothing here imports from the rest of the app, so the
QuerySets (:mod:`articles.querysets`), the FilterSets, the selectors, the
pages and the API all ask this one function.
"""

#: The permission that lets a user see drafts and the records only drafts
#: refer to. Declared in ``Claim.Meta.permissions``; superusers have it.
VIEW_UNPUBLISHED = "articles.view_unpublished"


def can_view_unpublished(user) -> bool:
    """Whether ``user`` may see unpublished records (drafts).

    Args:
        user: a user, ``AnonymousUser``, or None (a reader: feeds, exports
            and jobs that act for the public pass None).

    Returns:
        True for an active user holding :data:`VIEW_UNPUBLISHED` (active
        superusers hold every permission); False for anyone else, including
        anonymous readers and staff without the permission. Asks no query for
        anonymous users and superusers; Django caches the answer on the user
        object for the others.
    """
    if user is None or not getattr(user, "is_active", False):
        return False
    return user.has_perm(VIEW_UNPUBLISHED)
