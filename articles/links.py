"""Absolute addresses of the tracker's own pages, in one place.

A page, a CSV's ``page_url`` column, ``robots.txt``'s ``Sitemap:`` line and
the embed code all name the site the same way: ``settings.SITE_URL`` (the
public address, from the environment; behind a proxy the request's own host
may be an internal one), or, when it is unset, the request's own scheme and
host.
"""

from django.conf import settings
from django.http import HttpRequest


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` (starting with ``/``) on the public site:
    ``https://tracker.example.org/claims/`` with ``SITE_URL`` set, else the
    request's scheme and host in front of it."""
    site_url = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if site_url:
        return site_url + path
    return request.build_absolute_uri(path)


def site_hosts(request: HttpRequest) -> set[str]:
    """The hosts this site answers as, lowercased: the request's, and
    ``SITE_URL``'s when set (an address pasted from the public site is
    ours even when the request came through an internal name)."""
    hosts = {request.get_host().lower()}
    site_url = getattr(settings, "SITE_URL", "") or ""
    if site_url:
        hosts.add(site_url.split("://", 1)[-1].split("/", 1)[0].lower())
    return hosts
