"""How many app processes and threads serve the site, read once from the
environment by both gunicorn (``factcheck/gunicorn_conf.py``) and the
settings (the database pool's size, the connection budget check in
``factcheck/checks.py``), so the two always agree.

``WEB_CONCURRENCY``: gunicorn worker processes per app server (gunicorn's
own variable). ``WEB_THREADS``: threads per worker; 1 means gunicorn's
sync workers, more means its ``gthread`` workers. The defaults are the
measured choice for this app (README, "make serve"). Values that cannot be
read, or below 1, stop the process naming the variable.
"""

import os

from django.core.exceptions import ImproperlyConfigured

#: Threads per worker when WEB_THREADS is unset: gthread workers of two
#: threads (measured: README, "make serve"; bench/worker_model.py).
DEFAULT_THREADS = 2


def positive_int(name: str, default: int) -> int:
    """The environment variable ``name`` as a whole number of at least 1;
    ``default`` when unset or empty. Raises ``ImproperlyConfigured`` naming
    ``name`` otherwise."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < 1:
        raise ImproperlyConfigured(f"{name}={raw!r}: it must be at least 1.")
    return value


def default_workers(cpus: int | None = None) -> int:
    """gunicorn's advice, 2 × CPUs + 1, for ``cpus`` (default: the CPUs this
    process may run on)."""
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cpus or 1) + 1


def web_concurrency() -> int:
    """Worker processes per app server: ``WEB_CONCURRENCY``, else
    :func:`default_workers`. Raises ``ImproperlyConfigured`` naming the
    variable when it is not a whole number of at least 1."""
    return positive_int("WEB_CONCURRENCY", default_workers())


def web_threads() -> int:
    """Threads per worker process: ``WEB_THREADS``, else
    :data:`DEFAULT_THREADS`. Raises ``ImproperlyConfigured`` naming the
    variable when it is not a whole number of at least 1."""
    return positive_int("WEB_THREADS", DEFAULT_THREADS)


#: Seconds a request waits for a pooled PostgreSQL connection when
#: DATABASE_POOL_TIMEOUT is unset (psycopg's own default is 30).
DEFAULT_POOL_TIMEOUT = 2.0


def database_pool_options() -> dict:
    """The ``OPTIONS["pool"]`` of a PostgreSQL database: keyword arguments
    of psycopg's ``ConnectionPool``, from the environment (``.env`` included:
    the settings load it first).

    ``max_size``: ``DATABASE_POOL_MAX_SIZE``, default :func:`web_threads`
    (each thread holds at most one connection). ``min_size``:
    ``DATABASE_POOL_MIN_SIZE``, default ``max_size`` (connections kept
    open, none made on demand). ``timeout``: ``DATABASE_POOL_TIMEOUT``,
    seconds (a decimal number) to wait for a connection before
    ``OperationalError``; default :data:`DEFAULT_POOL_TIMEOUT`.

    Raises ``ImproperlyConfigured`` naming the variable for a size below 1
    (0 for the minimum), a minimum above the maximum, or a timeout that is
    not a number above 0.
    """
    max_size = positive_int("DATABASE_POOL_MAX_SIZE", web_threads())
    raw_min = os.environ.get("DATABASE_POOL_MIN_SIZE", "").strip()
    min_size = 0 if raw_min == "0" else positive_int("DATABASE_POOL_MIN_SIZE", max_size)
    if min_size > max_size:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MIN_SIZE={min_size} is above DATABASE_POOL_MAX_SIZE={max_size}."
        )
    raw_timeout = os.environ.get("DATABASE_POOL_TIMEOUT", "").strip()
    timeout = DEFAULT_POOL_TIMEOUT
    if raw_timeout:
        try:
            timeout = float(raw_timeout)
        except ValueError:
            timeout = -1.0
        if not timeout > 0 or timeout == float("inf"):
            raise ImproperlyConfigured(
                f"DATABASE_POOL_TIMEOUT={raw_timeout!r}: give the seconds to wait, a number above 0."
            )
    return {"min_size": min_size, "max_size": max_size, "timeout": timeout}
