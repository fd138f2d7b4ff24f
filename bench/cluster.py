"""Several app servers behind a real reverse proxy (issue "Scale and
production", items 3 and 4).

Run from the project checkout (PostgreSQL and Redis on 127.0.0.1)::

    .venv/bin/python bench/cluster.py [--duration 10] [--database-url URL] [--skip-load]

What it does, all on loopback:

1. Starts two gunicorn servers (``factcheck.wsgi``, ``factcheck/gunicorn_conf.py``,
   ``--workers`` sync workers each) on ports 8201 and 8202 with production
   settings from the environment: ``DEBUG`` off, a generated ``SECRET_KEY``
   shared by both, ``DATABASE_URL`` (default: the scratch copy
   ``perf_cluster`` of the 100,000-response database) and
   ``CACHE_URL=redis://127.0.0.1:6379/4``. Then Debian's nginx on port 8200,
   run in the foreground from a configuration written to a temporary folder:
   one upstream with both servers, round robin, ``X-Forwarded-For`` and
   ``X-Forwarded-Proto`` set, and an ``X-Upstream`` response header naming
   the server that answered. Production settings are not loosened: session
   and CSRF cookies stay ``Secure``; the checks' client keeps its own
   cookies and sends them over loopback HTTP as a TLS terminator in front
   of nginx would. Two settings are set for the run and said here:
   ``API_NUM_PROXIES=1`` (nginx appends to ``X-Forwarded-For``, as in
   production) and ``API_ANON_THROTTLE_RATE=`` (off): the load run sends
   thousands of requests a second from one address, which the anonymous
   API throttle (120/minute per client) would rightly refuse.
2. Cross-server checks, each printing PASS or FAIL with what it saw:
   (b) a session made by logging in on server A works on B; (a) an
   editor's change saved through A shows at the very next anonymous GET on
   B and through nginx; (c) a form fetched from A posts to B (and the same
   post with a wrong CSRF token is refused); (d) two editors open the same
   response at the same version, one through A and one through B: the
   second save is refused with the project's stale-version message
   (:mod:`articles.locking`), the first save stands, the second editor's
   input is still in the form. The editors are staff users in the Editors
   group, made with ``manage.py create_editor --role editor``.
3. Tasks (item 4): two ``manage.py db_worker`` processes share the
   database queue; several deadline-alert tasks are enqueued for a small
   inquiry of the run's own (due within 3 days of the instant the tasks
   judge); each task must run once, on one worker, and each alert be
   recorded and mailed once (``EMAIL_URL=filemail://`` into the
   temporary folder).
4. A load run through nginx with ``wrk``: for each page, the peak (``wrk
   -t2 -c32``, unpaced), then a run paced at 80 % of that peak (a Lua
   script spaces each thread's requests; wrk2 is not in Debian), reporting
   requests/s, p50, p95, p99 and errors (socket errors and answers of 400
   or more). When the build honours ``PAGE_CACHE`` (the page cache for
   anonymous GETs) the servers are restarted with ``PAGE_CACHE=off`` and
   the pages measured again, so the table shows both. Latency is measured
   from when wrk sent each request, not from its slot: where the servers
   fall behind the schedule, queueing before the send is not counted
   (coordinated omission), so the table also gives the achieved rate.

The table is printed and written to ``bench/results/cluster-<date>.md``.
Everything started is stopped at the end, also on an error or Ctrl-C.
The exit status is 1 when a check failed (not when a load target was missed:
the table says so).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"

PROXY_PORT, PORT_A, PORT_B = 8200, 8201, 8202
PUBLIC_HOST = f"127.0.0.1:{PROXY_PORT}"
PROXY = f"http://{PUBLIC_HOST}"
A = f"http://127.0.0.1:{PORT_A}"
B = f"http://127.0.0.1:{PORT_B}"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/perf_cluster"
CACHE_URL = "redis://127.0.0.1:6379/4"

#: The seed's Justice Department inquiry (four cities): small enough to
#: read back, public, and present in every database perfdata.py fills.
INQUIRY_SLUG = "justice-department-sanctuary-questions"
RESPONSE_CITY_SLUG = "stockton-ca"
#: The admin's refusal of a stale save (articles/admin_forms.py, on
#: articles/locking.py's StaleVersionError).
STALE_MESSAGE = (
    "Someone else saved this response after you opened it, so nothing of yours was saved yet"
)

#: The pages the load run measures; /healthz (one database and one cache
#: round trip, no template) first, as the floor of the stack through nginx.
PAGES = [
    "/healthz",
    "/",
    "/responses/pending/",
    "/api/v1/responses/",
    f"/inquiries/{INQUIRY_SLUG}/",
]

NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream tracker_app {{
        # Round robin (nginx's default) over the two app servers.
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location / {{
            proxy_pass http://tracker_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # The port too: the checks post with an Origin of this address.
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""

#: wrk script: paces each thread to WRK_RATE / WRK_THREADS requests a
#: second (a slot every interval; a slot missed is not made up in a burst)
#: and prints the summary as one JSON line (wrk prints no p95 itself).
WRK_LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local interval, next_slot = 0, 0
function init(args)
  local rate = tonumber(os.getenv("WRK_RATE") or "0") or 0
  local threads = tonumber(os.getenv("WRK_THREADS") or "1") or 1
  if rate > 0 then interval = 1000 * threads / rate end
end
function delay()
  if interval == 0 then return 0 end
  local t = now_ms()
  if next_slot < t then next_slot = t end
  local wait = next_slot - t
  next_slot = next_slot + interval
  return math.floor(wait)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


# --- processes ---------------------------------------------------------------------


@dataclass
class Stack:
    """The processes this run started, stopped (each by its own process
    group id) by :meth:`stop_all`."""

    tmp: Path
    env: dict[str, str]
    workers: int
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        """Start ``argv`` in a session of its own, output to ``tmp/<name>.log``."""
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(  # noqa: S603 (the checkout's own programs)
            argv,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str) -> None:
        """SIGTERM the process group ``name`` started, SIGKILL after 10 s."""
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def start_apps(self, extra: dict[str, str] | None = None) -> None:
        """The two gunicorns, waiting until each answers /healthz."""
        env = {**self.env, **(extra or {})}
        for name, port in (("app-a", PORT_A), ("app-b", PORT_B)):
            self.start(
                name,
                [
                    GUNICORN,
                    "-c",
                    "python:factcheck.gunicorn_conf",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(self.workers),
                    "--log-level",
                    "warning",
                    "factcheck.wsgi",
                ],
                env,
            )
        for name, port in (("app-a", PORT_A), ("app-b", PORT_B)):
            wait_for(f"http://127.0.0.1:{port}/healthz", name, self)

    def stop_apps(self) -> None:
        self.stop("app-a")
        self.stop("app-b")

    def start_proxy(self) -> None:
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(tmp=self.tmp, port=PROXY_PORT, port_a=PORT_A, port_b=PORT_B)
        )
        self.start("nginx", [NGINX, "-p", str(self.tmp), "-c", str(conf), "-g", "daemon off;"])
        wait_for(f"{PROXY}/healthz", "nginx", self)


def wait_for(url: str, name: str, stack: Stack, seconds: float = 60) -> None:
    """Poll ``url`` until it answers 200; raise with the log's tail if the
    process died or the time ran out."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        proc = stack.procs.get(name)
        if proc is not None and proc.poll() is not None:
            break
        try:
            if requests.get(url, headers={"Host": PUBLIC_HOST}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    tail = (stack.tmp / f"{name}.log").read_text(errors="replace")[-3000:]
    raise RuntimeError(f"{name} did not answer {url}:\n{tail}")


def manage(env: dict[str, str], *args: str, input_env: dict[str, str] | None = None) -> str:
    """``manage.py args`` with ``env``; returns stdout, raises on failure."""
    done = subprocess.run(  # noqa: S603 (this checkout's manage.py)
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**env, **(input_env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


# --- a browser of sorts ------------------------------------------------------------


class Browser:
    """A client that keeps its cookies and talks to one server or another
    as the same site: every request carries the public Host (nginx's
    address) and the headers nginx adds, so a request sent straight to A or
    B is the one nginx would have forwarded. Cookies are kept here rather
    than in a cookie jar because the site's are ``Secure`` and this is
    loopback HTTP."""

    def __init__(self, name: str):
        self.name = name
        self.cookies: dict[str, str] = {}

    def request(self, method: str, base: str, path: str, **kwargs) -> requests.Response:
        headers = {"Host": PUBLIC_HOST, **kwargs.pop("headers", {})}
        if base != PROXY:
            headers |= {"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = requests.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        for raw in answer.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(raw)
            for morsel in jar.values():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(morsel.key, None)
                else:
                    self.cookies[morsel.key] = morsel.value
        return answer

    def get(self, base: str, path: str) -> requests.Response:
        return self.request("GET", base, path)

    def post_form(self, base: str, path: str, data: dict | list) -> requests.Response:
        """POST as a browser on the public site would: Origin and Referer
        of the public address."""
        return self.request(
            "POST",
            base,
            path,
            data=data,
            headers={"Origin": PROXY, "Referer": PROXY + path},
        )


def form_fields(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """What a browser would submit from the page's form (``form_id``, or
    the first form with a CSRF token): text inputs, checked boxes, selected
    options (the first one of a single select when none is marked),
    textareas; no buttons."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) if form_id else None
    if form is None:
        form = next(
            f for f in soup.find_all("form") if f.find(attrs={"name": "csrfmiddlewaretoken"})
        )
    fields: list[tuple[str, str]] = []
    for tag in form.find_all(["input", "select", "textarea"]):
        name = tag.get("name")
        if not name or tag.has_attr("disabled"):
            continue
        if tag.name == "input":
            kind = (tag.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and not tag.has_attr("checked"):
                continue
            fields.append((name, tag.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag.name == "textarea":
            text = tag.text
            fields.append((name, text[1:] if text.startswith("\n") else text))
        else:
            options = tag.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not tag.has_attr("multiple"):
                chosen = options[:1]
            fields.extend((name, o.get("value", o.text)) for o in chosen)
    return fields


def replace(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """``fields`` with each named field's value(s) replaced by one value."""
    kept = [(k, v) for k, v in fields if k not in values]
    return kept + list(values.items())


def field_value(fields: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in fields if k == name), "")


def page_errors(html: str) -> str:
    """The admin's error notes and field errors on a page, as one line."""
    soup = BeautifulSoup(html, "html.parser")
    found = soup.select(".errornote, .errorlist li, .messagelist .error")
    return " | ".join(" ".join(t.get_text(" ").split()) for t in found)[:600]


# --- the checks --------------------------------------------------------------------


class Checks:
    """Prints each check's PASS or FAIL with what it saw; counts failures."""

    def __init__(self):
        self.failed = 0
        self.lines: list[str] = []

    def report(self, name: str, ok: bool, saw: str) -> bool:
        line = f"{'PASS' if ok else 'FAIL'} {name}: {saw}"
        print(line, flush=True)
        self.lines.append(line)
        self.failed += not ok
        return ok


def login(browser: Browser, *, form_from: str, post_to: str, username: str, password: str):
    page = browser.get(form_from, "/admin/login/?next=/admin/")
    fields = replace(form_fields(page.text), username=username, password=password)
    return browser.post_form(post_to, "/admin/login/?next=/admin/", fields)


def response_admin_path(database_url: str) -> tuple[int, str]:
    """The id and admin change path of the response the checks edit."""
    import psycopg

    with psycopg.connect(database_url) as db:
        row = db.execute(
            "SELECT r.id FROM articles_response r JOIN articles_inquiry i ON i.id = r.inquiry_id "
            "JOIN articles_city c ON c.id = r.city_id WHERE i.slug = %s AND c.slug = %s",
            (INQUIRY_SLUG, RESPONSE_CITY_SLUG),
        ).fetchone()
    if row is None:
        raise RuntimeError(f"No {RESPONSE_CITY_SLUG} response to {INQUIRY_SLUG}: load the seed.")
    return row[0], f"/admin/articles/response/{row[0]}/change/"


def stored(database_url: str, response_id: int) -> tuple[int, str]:
    """The response's stored (version, summary), read from the database."""
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute(
            "SELECT version, summary FROM articles_response WHERE id = %s", (response_id,)
        ).fetchone()


def save_summary(editor: Browser, fields, *, post_to: str, path: str, summary: str):
    """Post the change form ``fields`` (as fetched) to ``post_to`` with a new
    summary and a reason for the history (``change_reason``,
    articles/admin_forms.py). A response's summary needs no correction note."""
    data = replace(fields, summary=summary, change_reason="Cluster benchmark check", _save="Save")
    return editor.post_form(post_to, path, data)


def run_checks(stack: Stack, database_url: str, editors: dict[str, str], checks: Checks):
    """Checks (b) sessions, (a) change visibility, (c) CSRF, (d) locks."""
    response_id, path = response_admin_path(database_url)
    public = f"/inquiries/{INQUIRY_SLUG}/"
    (name1, pw1), (name2, pw2) = editors.items()
    ed1, ed2, reader = Browser(name1), Browser(name2), Browser("reader")

    # (b) sessions: log in through A, use the session on B (and the other way).
    answer = login(ed1, form_from=A, post_to=A, username=name1, password=pw1)
    on_b = ed1.get(B, "/admin/")
    anonymous_b = Browser("nobody").get(B, "/admin/")
    checks.report(
        "sessions (login on A, session used on B)",
        answer.status_code == 302
        and on_b.status_code == 200
        and name1 in on_b.text
        and anonymous_b.status_code == 302,
        f"login POST to A -> {answer.status_code}; /admin/ on B with that cookie -> "
        f"{on_b.status_code}{' naming ' + name1 if name1 in on_b.text else ''}; "
        f"without it -> {anonymous_b.status_code} to {anonymous_b.headers.get('Location')}",
    )
    answer = login(ed2, form_from=B, post_to=B, username=name2, password=pw2)
    on_a = ed2.get(A, "/admin/")
    checks.report(
        "sessions (login on B, session used on A)",
        answer.status_code == 302 and on_a.status_code == 200 and name2 in on_a.text,
        f"login POST to B -> {answer.status_code}; /admin/ on A -> {on_a.status_code}",
    )

    # (a) change visibility: prime every server (and the page cache, if any).
    for base in (B, PROXY, PROXY, A):
        reader.get(base, public)
    marker = f"Cluster check {secrets.token_hex(4)}: saved through A"
    form = ed1.get(A, path)
    fields = form_fields(form.text, "response_form")
    saved = save_summary(ed1, fields, post_to=A, path=path, summary=marker)
    seen_b = reader.get(B, public)
    seen_proxy = [reader.get(PROXY, public) for _ in range(2)]
    upstreams = sorted({r.headers.get("X-Upstream", "?") for r in seen_proxy})
    checks.report(
        "change visibility (saved on A, next GET on B and through nginx)",
        saved.status_code == 302
        and marker in seen_b.text
        and all(marker in r.text for r in seen_proxy),
        f"admin save on A -> {saved.status_code} {page_errors(saved.text)}; "
        f"next anonymous GET on B {'shows' if marker in seen_b.text else 'LACKS'} it; "
        f"through nginx ({', '.join(upstreams)}): "
        f"{sum(marker in r.text for r in seen_proxy)}/2 show it",
    )

    # (c) CSRF: a form fetched from A posts to B; a wrong token is refused.
    form = ed1.get(A, path)
    fields = form_fields(form.text, "response_form")
    before = stored(database_url, response_id)
    forged = ed1.post_form(
        B,
        path,
        replace(fields, csrfmiddlewaretoken="x" * 64, summary="forged", _save="Save"),
    )
    after_forged = stored(database_url, response_id)
    marker2 = f"Cluster check {secrets.token_hex(4)}: form from A, posted to B"
    posted = save_summary(ed1, fields, post_to=B, path=path, summary=marker2)
    seen_a = reader.get(A, public)
    checks.report(
        "CSRF (form from A posted to B)",
        forged.status_code == 403
        and after_forged == before
        and posted.status_code == 302
        and marker2 in seen_a.text,
        f"wrong token -> {forged.status_code}, version {before[0]} -> {after_forged[0]}; "
        f"A's token -> {posted.status_code} {page_errors(posted.text)}; "
        f"next GET on A {'shows' if marker2 in seen_a.text else 'LACKS'} it",
    )

    # (d) locks: both editors open version N (one on A, one on B).
    form1 = form_fields(ed1.get(A, path).text, "response_form")
    form2 = form_fields(ed2.get(B, path).text, "response_form")
    version = stored(database_url, response_id)[0]
    mine = f"Cluster check {secrets.token_hex(4)}: editor 1 through A"
    theirs = f"Cluster check {secrets.token_hex(4)}: editor 2 through B"
    first = save_summary(ed1, form1, post_to=A, path=path, summary=mine)
    second = save_summary(ed2, form2, post_to=B, path=path, summary=theirs)
    final_version, final_summary = stored(database_url, response_id)
    kept = form_fields(second.text, "response_form") if second.status_code == 200 else []
    checks.report(
        "locks (same version edited on A and B; the second save is refused)",
        first.status_code == 302
        and second.status_code == 200
        and STALE_MESSAGE in " ".join(second.text.split())
        and final_version == version + 1
        and final_summary == mine
        and field_value(kept, "summary") == theirs,
        f"both opened version {version}; editor 1 on A -> {first.status_code}; "
        f"editor 2 on B -> {second.status_code}: “{page_errors(second.text)[:220]}”; "
        f"stored: version {final_version}, summary by editor "
        f"{1 if final_summary == mine else 2 if final_summary == theirs else '?'}; "
        f"editor 2's text {'kept' if field_value(kept, 'summary') == theirs else 'LOST'} "
        "in the form",
    )


# --- tasks ------------------------------------------------------------------------

TASKS_SETUP = """
import datetime, secrets
from zoneinfo import ZoneInfo
from articles import alerts
from articles.models import City, Inquiry, Organization, Response
token = secrets.token_hex(3)
requester, _ = Organization.objects.get_or_create(slug="cluster-bench", defaults={"name": "Cluster bench"})
# Due Aug. 10, 2017, judged on Aug. 8: due soon, while nothing else in the
# perf data alerts yet (its inquiries are due Aug. 18: due soon from Aug. 15).
inquiry = Inquiry.objects.create(
    slug=f"cluster-{token}", title=f"Cluster bench inquiry {token}", kind="government_request",
    requester=requester, sent_on=datetime.date(2017, 8, 1), due_on=datetime.date(2017, 8, 10),
    publication="published")
for n in range(6):
    city = City.objects.create(name=f"Cluster {token} {n}", state="NY", slug=f"cluster-{token}-{n}")
    Response.objects.create(inquiry=inquiry, city=city, status="pending", as_of=datetime.date(2017, 8, 1))
at = datetime.datetime(2017, 8, 8, 9, 0, tzinfo=ZoneInfo("America/New_York")).isoformat()
ids = [str(alerts.check_deadlines.enqueue(at=at).id) for _ in range({tasks})]
print(inquiry.pk, *ids)
"""


def run_tasks_check(stack: Stack, database_url: str, checks: Checks, tasks: int = 8) -> None:
    """Two ``db_worker`` processes, ``tasks`` alert tasks for one new
    inquiry with six open responses: each task once, each alert once."""
    import psycopg

    mail_dir = stack.tmp / "mail"
    mail_dir.mkdir()
    env = {**stack.env, "EMAIL_URL": f"filemail:///{mail_dir}"}
    # Enqueue first, then start both workers at once: they find the same queue.
    setup = TASKS_SETUP.replace("{tasks}", str(tasks))
    out = manage(env, "shell", "--no-imports", "-c", setup).strip().splitlines()[-1].split()
    inquiry_id, task_ids = int(out[0]), out[1:]
    for name in ("worker-1", "worker-2"):
        stack.start(
            name,
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--worker-id",
                f"cluster-{name}",
                "--interval",
                "0.1",
                "--no-startup-delay",
            ],
            env,
        )
    deadline = time.monotonic() + 180
    with psycopg.connect(database_url, autocommit=True) as db:
        while time.monotonic() < deadline:
            rows = db.execute(
                "SELECT id::text, status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE id::text = ANY(%s)",
                (task_ids,),
            ).fetchall()
            if len(rows) == len(task_ids) and all(r[1] in {"SUCCESSFUL", "FAILED"} for r in rows):
                break
            time.sleep(0.3)
        alert_rows = db.execute(
            "SELECT a.response_id, a.event, a.key, count(*) FROM articles_deadlinealert a "
            "JOIN articles_response r ON r.id = a.response_id WHERE r.inquiry_id = %s "
            "GROUP BY 1, 2, 3",
            (inquiry_id,),
        ).fetchall()
    stack.stop("worker-1")
    stack.stop("worker-2")
    statuses = sorted({r[1] for r in rows})
    workers_used = sorted({w for r in rows for w in r[2]})
    once = all(len(r[2]) == 1 for r in rows)
    subjects = [
        line
        for f in sorted(mail_dir.glob("*.log"))
        for line in f.read_text(errors="replace").splitlines()
        if line.startswith("Subject: ")
    ]
    checks.report(
        "tasks (two db_workers share the queue; each task once, each alert once)",
        statuses == ["SUCCESSFUL"]
        and len(rows) == tasks
        and once
        and len(workers_used) == 2
        and len(alert_rows) == 6
        and all(r[3] == 1 for r in alert_rows)
        and len(subjects) == 6
        and len(set(subjects)) == 6,
        f"{tasks} tasks: {', '.join(statuses)}, each run by "
        f"{'one worker' if once else 'MORE THAN ONE worker'}; workers that ran tasks: "
        f"{', '.join(workers_used)}; alerts recorded for the 6 open responses: "
        f"{len(alert_rows)} (each {'once' if all(r[3] == 1 for r in alert_rows) else 'MORE'}); "
        f"emails written: {len(subjects)} ({len(set(subjects))} distinct subjects)",
    )


# --- the load run -----------------------------------------------------------------


def wrk(path: str, seconds: int, rate: float = 0, threads: int = 2, conns: int = 32, lua=None):
    """One wrk run through nginx: a dict with rps, p50/p95/p99 (ms), errors."""
    done = subprocess.run(  # noqa: S603 (fixed arguments; the URL is our own proxy)
        [
            WRK,
            f"-t{threads}",
            f"-c{conns}",
            f"-d{seconds}s",
            # A slow answer is late, not lost: only an answer not there after
            # a minute counts as a timeout (an error); wrk's default is 2 s.
            "--timeout",
            "60s",
            "-s",
            str(lua),
            PROXY + path,
        ],
        env={**os.environ, "WRK_RATE": str(rate), "WRK_THREADS": str(threads)},
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    wait_idle()
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"],
        "p95": data["p95"],
        "p99": data["p99"],
        "errors": errors,
        "non_2xx_3xx": data["status"],
        "requests": data["requests"],
    }


def wait_idle(limit: float = 180) -> None:
    """Wait until both servers have drained what an earlier run left queued
    (gunicorn finishes requests whose client has gone): three /healthz in a
    row on each answered within 100 ms."""
    end = time.monotonic() + limit
    quick = 0
    while time.monotonic() < end and quick < 3:
        started = time.monotonic()
        try:
            for base in (A, B):
                requests.get(base + "/healthz", headers={"Host": PUBLIC_HOST}, timeout=limit)
        except requests.RequestException:
            pass
        quick = quick + 1 if time.monotonic() - started < 0.2 else 0
        time.sleep(0.2)


def load_pass(mode: str, seconds: int, lua: Path, pages: list[str]) -> list[dict]:
    """Peak, then 80 % of peak, for each page; prints each row, with the
    paced run's start and end (UTC: the page cache's entries are keyed on
    the minute, so a run that crosses a minute renders its pages again)."""
    rows = []
    for path in pages:
        for _ in range(4):  # warm: each server's pools and caches
            requests.get(PROXY + path, timeout=120)
        peak = wrk(path, seconds, lua=lua)
        began = datetime.datetime.now(datetime.UTC)
        paced = wrk(path, seconds, rate=0.8 * peak["rps"], lua=lua)
        ended = began + datetime.timedelta(seconds=seconds)
        row = {"mode": mode, "path": path, "peak": peak, "paced": paced, "when": (began, ended)}
        print(
            f"  {mode:<9} {path:<48} peak {peak['rps']:8.1f}/s | at 80%: "
            f"{paced['rps']:8.1f}/s p50 {paced['p50']:7.1f} p95 {paced['p95']:7.1f} "
            f"p99 {paced['p99']:7.1f} ms, errors {paced['errors']} "
            f"(paced {began:%H:%M:%S}-{ended:%H:%M:%S})",
            flush=True,
        )
        rows.append(row)
    return rows


def page_cache_honoured() -> bool:
    """Whether this build reads the PAGE_CACHE switch (the page cache for
    anonymous GETs): the setting's name appears in the settings or the app."""
    sources = [ROOT / "factcheck" / "settings.py", *sorted((ROOT / "articles").rglob("*.py"))]
    return any("PAGE_CACHE" in p.read_text(errors="replace") for p in sources)


def table(rows: list[dict]) -> str:
    lines = [
        "| page | page cache | peak req/s | req/s at 80 % | p50 ms | p95 ms | p99 ms | errors "
        "| paced (UTC) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        p = r["paced"]
        lines.append(
            f"| `{r['path']}` | {r['mode']} | {r['peak']['rps']:,.0f} | {p['rps']:,.0f} | "
            f"{p['p50']:.1f} | {p['p95']:.1f} | {p['p99']:.1f} | "
            f"{p['errors']} of {p['requests']:,} | "
            f"{r['when'][0]:%H:%M:%S}–{r['when'][1]:%H:%M:%S} |"
        )
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run (20)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CLUSTER_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"a scratch PostgreSQL database with the seed loaded ({DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    parser.add_argument(
        "--pages",
        type=lambda v: [p.strip() for p in v.split(",") if p.strip()],
        default=PAGES,
        help="comma-separated paths to load (default: " + ", ".join(PAGES) + ")",
    )
    parser.add_argument(
        "--cache-modes",
        type=lambda v: [m.strip() for m in v.split(",") if m.strip()],
        default=None,
        help="on,off (default: both when the build honours PAGE_CACHE)",
    )
    parser.add_argument("--note", default="", help="a line for the report (which build, why)")
    parser.add_argument("--skip-load", action="store_true", help="checks only, no wrk runs")
    parser.add_argument("--skip-checks", action="store_true", help="load run only")
    parser.add_argument(
        "--output",
        default=str(
            ROOT
            / "bench"
            / "results"
            / f"cluster-{datetime.datetime.now(datetime.UTC):%Y-%m-%d}.md"
        ),
        help="where the markdown report goes",
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url: several servers share one PostgreSQL database")
    for tool in (NGINX, WRK, GUNICORN):
        if not Path(tool).exists():
            parser.error(f"{tool} is missing (apt-get install -y nginx wrk; make install)")

    tmp = Path(tempfile.mkdtemp(prefix="tracker-cluster-"))
    env = {
        **os.environ,
        "ENV_FILE": "",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "CACHE_URL": CACHE_URL,
        "API_NUM_PROXIES": "1",
        "API_ANON_THROTTLE_RATE": "",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "dummymail://",
        # Request logs stay on (INFO, JSON), as in production; they go to
        # each server's log file in the temporary folder.
    }
    stack = Stack(tmp=tmp, env=env, workers=args.workers)
    checks = Checks()
    rows: list[dict] = []
    cache_modes = ["on", "off"] if page_cache_honoured() else ["not in this build"]
    if args.cache_modes and cache_modes != ["not in this build"]:
        if not set(args.cache_modes) <= {"on", "off"}:
            parser.error("--cache-modes: on, off or on,off")
        cache_modes = args.cache_modes

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        manage(env, "migrate", "--noinput")
        editors = {}
        for n in (1, 2):
            name = f"cluster-ed{n}-{secrets.token_hex(3)}"
            password = secrets.token_urlsafe(16)
            manage(
                env,
                "create_editor",
                "--role",
                "editor",
                "--username",
                name,
                "--email",
                f"{name}@example.org",
                input_env={"EDITOR_PASSWORD": password},
            )
            editors[name] = password
        first_mode = {"PAGE_CACHE": cache_modes[0]} if cache_modes[0] in {"on", "off"} else {}
        stack.start_apps(first_mode)
        stack.start_proxy()
        print(f"# two gunicorns ({args.workers} workers each) on {A}, {B}; nginx on {PROXY}")
        if not args.skip_checks:
            run_checks(stack, args.database_url, editors, checks)
            run_tasks_check(stack, args.database_url, checks)
        if not args.skip_load:
            lua = tmp / "pace.lua"
            lua.write_text(WRK_LUA)
            for i, mode in enumerate(cache_modes):
                if i:
                    stack.stop_apps()
                    stack.start_apps({"PAGE_CACHE": mode})
                rows += load_pass(mode, args.duration, lua, args.pages)
    except KeyboardInterrupt:
        print("Interrupted; stopping everything started.", file=sys.stderr)
        return 130
    finally:
        stack.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)

    if rows:
        cached = [r for r in rows if r["mode"] == "on"]
        verdict = ""
        if cached:
            worst = max(r["paced"]["p99"] for r in cached)
            verdict = (
                f"\nCached pages' worst p99 at 80 % of peak: {worst:.1f} ms "
                f"({'under' if worst < 100 else 'NOT under'} 100 ms). "
            )
        errors = sum(r["paced"]["errors"] for r in rows)
        report = (
            f"# Several app servers: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC\n\n"
            f"`bench/cluster.py --duration {args.duration}`: two gunicorns ({args.workers} sync "
            "workers each) behind nginx (round robin), PostgreSQL "
            f"`{args.database_url.rsplit('/', 1)[-1]}`, Redis DB 4, on {os.cpu_count()} CPUs; "
            "wrk -t2 -c32 through nginx: unpaced for the peak, then paced at 80 % of it. "
            "Errors: socket errors and answers of 400 or more.\n\n"
            + (f"{args.note}\n\n" if args.note else "")
            + table(rows)
            + "\n"
            + verdict
            + f"Errors at 80 % of peak: {errors}.\n"
        )
        if checks.lines:
            report += "\n## Cross-server checks\n\n" + "\n".join(f"- {x}" for x in checks.lines)
            report += "\n"
        print("\n" + report)
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report)
        print(f"Written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
