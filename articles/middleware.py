"""Request guards that turn bad input into a clear 400 before any view runs."""

import json

from django.http import HttpResponse
from django.template.loader import render_to_string


class RejectNulBytesMiddleware:
    """Answer 400 when a query-string parameter (name or value) holds a NUL
    byte (U+0000).

    PostgreSQL text cannot store NUL, so such a value would otherwise reach
    the database and fail with a 500. The body names the parameter: JSON
    ``{"<param>": ["Null characters are not allowed."]}`` under ``/api/``,
    the site's bad-request page elsewhere.
    """

    MESSAGE = "Null characters are not allowed."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                name = key.replace("\x00", "\\x00")
                if request.path.startswith("/api/"):
                    return HttpResponse(
                        json.dumps({name: [self.MESSAGE]}, separators=(",", ":")),
                        status=400,
                        content_type="application/json",
                    )
                return HttpResponse(
                    render_to_string(
                        "articles/bad_request.html",
                        {"errors": [(name, [self.MESSAGE])], "status": 400, "request": request},
                    ),
                    status=400,
                )
        return self.get_response(request)
