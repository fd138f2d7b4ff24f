"""``python -m factcheck.healthcheck``: the container's health probe
(compose.yaml's ``app`` service). Asks this container's gunicorn for
``/healthz`` and exits 0 on a 200, 1 on anything else (a 503, a 400, no
answer within the timeout, a refused connection), printing one line that
says which. Standard library only, no Django: it runs every 30 s and must
be cheap; the image has Python but no curl.

- The address comes from ``GUNICORN_BIND`` (the image sets
  ``0.0.0.0:8000``; a wildcard host is asked on ``127.0.0.1``).
- ``ALLOWED_HOSTS`` still applies to ``/healthz`` (factcheck/health.py),
  so the probe sends the first host of ``ALLOWED_HOSTS`` (the same
  environment variable the settings read; ``.example.org`` is sent as
  ``example.org``, ``*`` or nothing as ``localhost``) as its ``Host``.
- ``HEALTHCHECK_TIMEOUT``: seconds to wait for the answer (default 5: the
  database check gives up after ``DATABASE_POOL_TIMEOUT``, 2 s, and the
  cache check after ``REDIS_SOCKET_TIMEOUT``, 2 s).
"""

import os
import sys
import urllib.error
import urllib.request

#: Hosts that mean "every interface": the probe asks the loopback instead.
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104 - read, not bound


def probe_host(allowed_hosts: str | None) -> str:
    """The ``Host`` header to send, from an ``ALLOWED_HOSTS`` value (a
    comma-separated list as the settings read it, or ``None``): its first
    entry, without a leading dot; ``localhost`` for ``*`` or nothing."""
    first = (allowed_hosts or "").split(",")[0].strip()
    if first.startswith("."):
        first = first[1:]
    return first if first and first != "*" else "localhost"


def probe_url(bind: str | None, path: str = "/healthz") -> str:
    """The URL to ask, from a ``GUNICORN_BIND`` value (``host:port``; the
    first of several, comma- or space-separated; ``None`` or empty:
    ``127.0.0.1:8000``, gunicorn_conf's default). A wildcard host becomes
    ``127.0.0.1``. Raises ``ValueError`` for a Unix socket (``unix:...``)
    or a value without a port."""
    first = (bind or "").replace(",", " ").split()
    address = first[0] if first else "127.0.0.1:8000"
    if address.startswith(("unix:", "fd://")):
        raise ValueError(f"GUNICORN_BIND={bind!r}: the probe speaks TCP only.")
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"GUNICORN_BIND={bind!r}: expected host:port.")
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    return f"http://{host}:{port}{path}"


def main(environ=None) -> int:
    """Probe once; return the exit status (0 healthy, 1 not). ``environ``:
    a mapping to read instead of ``os.environ`` (tests)."""
    environ = os.environ if environ is None else environ
    try:
        url = probe_url(environ.get("GUNICORN_BIND"))
        timeout = float(environ.get("HEALTHCHECK_TIMEOUT") or 5)
    except ValueError as error:
        print(f"unhealthy: {error}")
        return 1
    # The URL is always http:// (probe_url), never a file: or other scheme.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Host": probe_host(environ.get("ALLOWED_HOSTS"))}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310
            status, body = reply.status, reply.read(500)
    except urllib.error.HTTPError as error:  # 4xx, 5xx: body names the failing check
        status, body = error.code, error.read(500)
    except (OSError, ValueError) as error:  # refused, timed out, unreachable
        print(f"unhealthy: {url}: {type(error).__name__}: {error}")
        return 1
    text = body.decode("utf-8", "replace").strip()
    print(f"{'healthy' if status == 200 else 'unhealthy'}: {url} {status} {text}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
