"""Who may call which method of the API (DESIGN.md, "API": "Read-only for
anonymous users; writes need an editor's token or session").

The permission classes only reflect the rules: :mod:`articles.services`
and :mod:`articles.workflow` check each write again (a reporter may add a
draft but not publish it, rate it or change what readers see).
"""

from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's ``DjangoModelPermissionsOrAnonReadOnly`` (reads for everyone;
    ``POST`` needs ``add_<model>``, ``PUT``/``PATCH`` ``change_<model>``,
    ``DELETE`` ``delete_<model>``), except for a method the endpoint does
    not offer: a signed-in user then gets its 405, not a 403 for a
    permission no role holds (``DELETE`` of a correction, say), and an
    anonymous user still gets a 401.
    """

    def has_permission(self, request, view):
        """True, False (401 or 403), or True for an unsupported method once
        signed in (the view answers 405)."""
        handler = getattr(view, request.method.lower(), None)
        action_map = getattr(view, "action_map", None)
        unsupported = (
            request.method.lower() not in action_map if action_map is not None else handler is None
        )
        if unsupported and request.method not in ("OPTIONS", "HEAD"):
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)
