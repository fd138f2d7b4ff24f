"""System checks of the production set-up (``manage.py check``; also run
before ``migrate`` and by ``make serve``), registered by
:class:`articles.apps.ArticlesConfig`.

The PostgreSQL connection budget (README, "make serve"): every gunicorn
worker and every task worker (``manage.py db_worker``) holds its own pool
of up to ``DATABASE_POOL_MAX_SIZE`` connections, so one app server needs up
to ``(WEB_CONCURRENCY + TASK_WORKERS) × DATABASE_POOL_MAX_SIZE``. That must
stay within ``DATABASE_MAX_CONNECTIONS``, the share of the server's
``max_connections`` this app server may use (default 97: PostgreSQL's
default 100 less its 3 ``superuser_reserved_connections``; with several
app servers on one database give each its share, and leave room for
``psql``, backups and migrations).
"""

from django.conf import settings
from django.core.checks import Warning, register

POSTGRESQL = "django.db.backends.postgresql"
#: psycopg_pool's ConnectionPool: min_size 4 when nothing is said, and
#: max_size defaults to min_size.
PSYCOPG_DEFAULT_POOL_SIZE = 4


def pool_max_size(database: dict) -> int | None:
    """The most connections one process's pool of ``database`` (a
    ``DATABASES`` entry) holds, or ``None`` when it is not a pooled
    PostgreSQL database."""
    if database.get("ENGINE") != POSTGRESQL:
        return None
    pool = database.get("OPTIONS", {}).get("pool")
    if not pool:
        return None
    if pool is True:
        return PSYCOPG_DEFAULT_POOL_SIZE
    return pool.get("max_size") or pool.get("min_size") or PSYCOPG_DEFAULT_POOL_SIZE


def connection_budget_warnings(
    database: dict, *, workers: int, task_workers: int, threads: int, budget: int
) -> list[Warning]:
    """The connection-budget warnings for ``database`` (a ``DATABASES``
    entry) served by ``workers`` gunicorn workers of ``threads`` threads
    and ``task_workers`` task worker processes, within ``budget``
    connections:

    - ``articles.W001`` when ``(workers + task_workers) ×`` the pool's
      ``max_size`` exceeds ``budget`` (equal is fine);
    - ``articles.W002`` when the pool holds fewer connections than a worker
      has threads, so requests would queue for a connection and fail after
      ``DATABASE_POOL_TIMEOUT``.

    Nothing for SQLite or an unpooled PostgreSQL database. Asks no query.
    """
    max_size = pool_max_size(database)
    if max_size is None:
        return []
    warnings = []
    needed = (workers + task_workers) * max_size
    if needed > budget:
        warnings.append(
            Warning(
                f"Up to {needed} PostgreSQL connections: (WEB_CONCURRENCY={workers} + "
                f"TASK_WORKERS={task_workers}) x DATABASE_POOL_MAX_SIZE={max_size}, over "
                f"DATABASE_MAX_CONNECTIONS={budget}.",
                hint=(
                    "Lower WEB_CONCURRENCY or DATABASE_POOL_MAX_SIZE, or raise the server's "
                    "max_connections and DATABASE_MAX_CONNECTIONS with it; past the server's "
                    "limit new connections are refused and pages fail (README, 'make serve')."
                ),
                id="articles.W001",
            )
        )
    if max_size < threads:
        warnings.append(
            Warning(
                f"DATABASE_POOL_MAX_SIZE={max_size} is below WEB_THREADS={threads}: "
                "a worker's threads would wait for a connection.",
                hint="Leave DATABASE_POOL_MAX_SIZE unset (it follows WEB_THREADS) or raise it.",
                id="articles.W002",
            )
        )
    return warnings


@register()
def check_connection_budget(app_configs=None, **kwargs) -> list[Warning]:
    """:func:`connection_budget_warnings` for the default database and
    settings ``WEB_CONCURRENCY``, ``TASK_WORKERS``, ``WEB_THREADS`` and
    ``DATABASE_MAX_CONNECTIONS`` (factcheck/settings.py)."""
    return connection_budget_warnings(
        settings.DATABASES["default"],
        workers=settings.WEB_CONCURRENCY,
        task_workers=settings.TASK_WORKERS,
        threads=settings.WEB_THREADS,
        budget=settings.DATABASE_MAX_CONNECTIONS,
    )
