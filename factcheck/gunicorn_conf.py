"""gunicorn settings for the tracker: ``gunicorn -c python:factcheck.gunicorn_conf
factcheck.wsgi`` (command-line options win over these). ``make serve``, the
Dockerfile and compose.yaml all start gunicorn with this module.

Worker model: **gthread workers**, ``WEB_CONCURRENCY`` processes (default
2 × CPUs + 1) of ``WEB_THREADS`` threads (default 2). Measured with
``bench/worker_model.py`` on PostgreSQL with 100,000 responses, 2 CPUs,
two runs, against sync workers (``WEB_THREADS=1``) with as many processes
(README, "make serve", has the table): on the lean one-query page, 1.5 to
1.6 × the requests per second (a thread runs Python while the other waits
for PostgreSQL or Redis); on today's slow pages (``/``,
``/responses/pending/``, ``/api/v1/responses/``: CPU work in templates and
serializers) the two are even within the noise (0.7 to 1.2 ×). The price:
under overload the slowest requests wait longer (p99 of the lean page 0.8
to 2 s against 0.3 s), since two threads share one process's interpreter.
``WEB_THREADS=1`` gives sync workers back.

Every worker holds its own PostgreSQL pool of ``DATABASE_POOL_MAX_SIZE``
connections (default: ``WEB_THREADS``); keep workers × pool size, plus the
task workers' connections, under the server's ``max_connections``
(``manage.py check`` warns: ``articles/checks.py``).

Environment (also read from ``.env``, as the settings do; the environment
wins): ``GUNICORN_BIND`` (default ``127.0.0.1:8000``; the Docker image sets
``0.0.0.0:8000``), ``WEB_CONCURRENCY``, ``WEB_THREADS``,
``GUNICORN_TIMEOUT`` (seconds a worker may spend on one request before it
is killed and restarted; default 30), ``GUNICORN_GRACEFUL_TIMEOUT``
(seconds to finish requests in flight on a restart or stop; default 30),
``GUNICORN_MAX_REQUESTS`` (a worker is replaced after this many requests,
plus up to ``GUNICORN_MAX_REQUESTS_JITTER``, so slow leaks cannot build up
and workers do not all restart at once; defaults 1,000 and 100; 0 turns it
off). No access log: the site logs every request itself, as JSON with a
request id (``factcheck/request_log.py``); gunicorn's own messages go to
standard error.

gunicorn answers a request over its own limits itself, with its own
HTML page, before Django runs. Its limits are raised here to twice the site's
documented ones (:mod:`articles.request_limits`), so a request a little
over the site's limits reaches Django and gets the site's answer: a JSON
414 or 431 under ``/api/``, a page elsewhere. ``limit_request_line`` is at
gunicorn's ceiling short of 0 ("unlimited", which would let one request
line fill a worker's memory).
"""

import os
from pathlib import Path

from factcheck.env import load_env_file
from factcheck.serving import positive_int, web_concurrency, web_threads

# The same .env the settings read (ENV_FILE names another; empty: none), so
# WEB_CONCURRENCY or WEB_THREADS set there size gunicorn and the pool alike.
_env_file = os.environ.get("ENV_FILE", str(Path(__file__).resolve().parent.parent / ".env"))
if _env_file and Path(_env_file).is_file():
    load_env_file(_env_file)


def _non_negative_int(name: str, default: int) -> int:
    return 0 if os.environ.get(name, "").strip() == "0" else positive_int(name, default)


bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = web_concurrency()
threads = web_threads()
worker_class = "gthread" if threads > 1 else "sync"
timeout = positive_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = positive_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
max_requests = _non_negative_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _non_negative_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
#: Off: factcheck/request_log.py logs each request (JSON, with its id).
accesslog = None
# No control socket (gunicorn 25+, for `gunicornc`): every gunicorn on a
# machine would share its default path (~/.gunicorn/gunicorn.ctl), and
# the site is managed with signals (HUP, TERM) instead.
control_socket_disable = True
errorlog = "-"
# Workers' heartbeat files in memory, not on a disk that may stall (a
# container's overlay file system): gunicorn's advice for Docker.
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn's documented choice
    worker_tmp_dir = "/dev/shm"  # noqa: S108

#: Bytes of the request line; gunicorn's default is 4,094, its ceiling 8,190.
limit_request_line = 8190
#: Header fields; gunicorn's default is 100.
limit_request_fields = 200
#: Bytes of one header field; gunicorn's default is 8,190.
limit_request_field_size = 16380
