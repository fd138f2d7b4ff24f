"""The compose deployment (issue 10, "Production"; findings from a newcomer's
trial): compose.yaml read as YAML, deploy/nginx.conf run by Debian's nginx in
front of a stub app, and the container's health probe
(factcheck/healthcheck.py). Docker is not needed."""

import gzip
import http.client
import http.server
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml

from factcheck import healthcheck

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEX32 = re.compile(r"[0-9a-f]{32}")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


# --- compose.yaml ---------------------------------------------------------------


def test_the_app_counts_readers_behind_its_one_proxy():
    app = _compose()["services"]["app"]
    assert app["environment"]["API_NUM_PROXIES"] == "${API_NUM_PROXIES:-1}"
    assert "#API_NUM_PROXIES=1" in (ROOT / ".env.example").read_text()


def test_backups_outlive_the_container():
    compose = _compose()
    assert "backups:/app/backups" in compose["services"]["app"]["volumes"]
    assert "backups" in compose["volumes"]
    # Where `manage.py backup` writes without a path: BASE_DIR/backups, /app in the image.
    source = (ROOT / "articles/management/commands/backup.py").read_text()
    assert '/ "backups"' in source
    assert "WORKDIR /app" in (ROOT / "Dockerfile").read_text()


def test_services_wait_for_healthy_dependencies():
    services = _compose()["services"]
    assert services["app"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "-m",
        "factcheck.healthcheck",
    ]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"][1]
    for name, needs in {
        "app": {"postgres", "redis"},
        "worker": {"postgres", "redis"},
        "nginx": {"app"},
    }.items():
        depends = services[name]["depends_on"]
        assert set(depends) == needs, name
        assert {d["condition"] for d in depends.values()} == {"service_healthy"}, name


# --- the health probe -----------------------------------------------------------


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("tracker.example.org,localhost", "tracker.example.org"),
        (" .example.org ", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
        (None, "localhost"),
    ],
)
def test_the_probe_sends_an_allowed_host(allowed, host):
    assert healthcheck.probe_host(allowed) == host


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("0.0.0.0:8000", "http://127.0.0.1:8000/healthz"),
        ("[::]:8001", "http://127.0.0.1:8001/healthz"),
        ("10.0.0.5:9000, 127.0.0.1:9001", "http://10.0.0.5:9000/healthz"),
        (None, "http://127.0.0.1:8000/healthz"),
    ],
)
def test_the_probe_asks_gunicorns_address(bind, url):
    assert healthcheck.probe_url(bind) == url


@pytest.mark.parametrize("bind", ["unix:/run/gunicorn.sock", "localhost"])
def test_the_probe_refuses_an_address_it_cannot_ask(bind, capsys):
    assert healthcheck.main({"GUNICORN_BIND": bind}) == 1
    assert f"GUNICORN_BIND={bind!r}" in capsys.readouterr().out


class _Stub(http.server.BaseHTTPRequestHandler):
    """An upstream that records each request's headers and answers by path."""

    seen: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        _Stub.seen.append({k.lower(): v for k, v in self.headers.items()})
        kind, body, extra = _ANSWERS.get(self.path.split("?")[0], ("text/plain", b"", {}))
        extra = dict(extra)
        self.send_response(int(extra.pop("status", 200)))
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if self.headers.get("X-Request-ID"):  # the app echoes the id
            self.send_header("X-Request-ID", self.headers["X-Request-ID"])
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


HTML = b"<!doctype html><title>x</title>" + b"<p>a response from a city</p>" * 200
CSS = b"body{color:#111}" * 400
_ANSWERS = {
    "/": ("text/html; charset=utf-8", HTML, {}),
    "/api/v1/responses/": ("application/json", b'{"results":[' + b'{"id":1},' * 300 + b"{}]}", {}),
    "/export.csv": ("text/csv; charset=utf-8", b"id,city\n" + b"1,Lyon\n" * 400, {}),
    "/feed.rss": (
        "application/rss+xml; charset=utf-8",
        b"<rss>" + b"<item/>" * 400 + b"</rss>",
        {},
    ),
    "/feed.atom": ("application/atom+xml", b"<feed>" + b"<entry/>" * 400 + b"</feed>", {}),
    "/static/site.123.css": (
        "text/css",
        gzip.compress(CSS),
        {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
    ),
    "/static/logo.png": ("image/png", b"\x89PNG" + b"\x00" * 4000, {}),
    "/healthz": ("application/json", b'{"status": "ok"}', {}),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def stub_app():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.seen = []
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_probe_is_healthy_on_200_and_sends_the_allowed_host(stub_app, capsys):
    environ = {"GUNICORN_BIND": f"0.0.0.0:{stub_app}", "ALLOWED_HOSTS": "tracker.example.org"}
    assert healthcheck.main(environ) == 0
    assert _Stub.seen[-1]["host"] == "tracker.example.org"
    assert capsys.readouterr().out.startswith(f"healthy: http://127.0.0.1:{stub_app}/healthz 200")


def test_the_probe_is_unhealthy_on_503_or_no_answer(stub_app, capsys):
    _ANSWERS["/healthz"] = ("application/json", b'{"status": "fail"}', {"status": "503"})
    try:
        assert healthcheck.main({"GUNICORN_BIND": f"127.0.0.1:{stub_app}"}) == 1
    finally:
        _ANSWERS["/healthz"] = ("application/json", b'{"status": "ok"}', {})
    assert '503 {"status": "fail"}' in capsys.readouterr().out
    assert healthcheck.main({"GUNICORN_BIND": f"127.0.0.1:{_free_port()}"}) == 1
    assert "Connection refused" in capsys.readouterr().out


# --- deploy/nginx.conf under Debian's nginx -------------------------------------


def _nginx_conf(tmp_path: Path, app_port: int, port: int) -> Path:
    """deploy/nginx.conf with the app at ``app_port`` and nginx on ``port``,
    inside a main configuration like the nginx image's, all files in tmp_path."""
    site = (ROOT / "deploy/nginx.conf").read_text()
    assert "server app:8000;" in site and "listen 80;" in site
    site = site.replace("server app:8000;", f"server 127.0.0.1:{app_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/var/log/nginx/access.log", str(tmp_path / "access.log"))
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"""
user root;
worker_processes 1;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    return main


def _start_nginx(tmp_path: Path, app_port: int):
    """Check the configuration with ``nginx -t``, start nginx in the
    foreground and wait until it accepts connections: (process, its port)."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    port = _free_port()
    conf = _nginx_conf(tmp_path, app_port, port)
    check = subprocess.run(  # noqa: S603 - Debian's nginx on our own file
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf)])  # noqa: S603
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise AssertionError("nginx did not start") from None
            time.sleep(0.05)


def _logged(log: Path, words: str, seconds: float = 5.0) -> bool:
    """True once ``words`` are in nginx's log. nginx writes a request's line
    after it has sent the reply, so a test reading the log at once can be
    ahead of it (seen on a loaded machine)."""
    deadline = time.monotonic() + seconds
    while True:
        if log.exists() and words in log.read_text():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _get(port: int, path: str, **headers: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "localhost", **headers})
    reply = connection.getresponse()
    body = reply.read()
    connection.close()
    return reply, body


@pytest.fixture
def nginx(tmp_path, stub_app):
    """Debian's nginx running deploy/nginx.conf in front of the stub app;
    yields a function making a GET through it."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    process, port = _start_nginx(tmp_path, stub_app)

    yield lambda path, **headers: _get(port, path, **headers)
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize(
    "path", ["/", "/api/v1/responses/", "/export.csv", "/feed.rss", "/feed.atom"]
)
def test_nginx_compresses_pages_api_answers_csv_and_feeds(nginx, path):
    reply, body = nginx(path, **{"Accept-Encoding": "gzip"})
    assert reply.status == 200
    assert reply.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in reply.getheader("Vary")
    original = _ANSWERS[path][1]
    assert gzip.decompress(body) == original
    assert len(body) < len(original) / 3
    plain, plain_body = nginx(path)  # a client that did not ask
    assert plain.getheader("Content-Encoding") is None
    assert plain_body == original


def test_nginx_leaves_whitenoises_compressed_static_files_and_images_alone(nginx):
    reply, body = nginx("/static/site.123.css", **{"Accept-Encoding": "gzip"})
    assert reply.getheader("Content-Encoding") == "gzip"
    assert body == _ANSWERS["/static/site.123.css"][1]  # once, not twice
    assert gzip.decompress(body) == CSS
    image, image_body = nginx("/static/logo.png", **{"Accept-Encoding": "gzip"})
    assert image.getheader("Content-Encoding") is None
    assert image_body == _ANSWERS["/static/logo.png"][1]


def test_nginx_gives_each_request_an_id_the_app_and_the_reader_share(nginx, tmp_path):
    reply, _ = nginx("/")
    sent = _Stub.seen[-1]["x-request-id"]
    assert HEX32.fullmatch(sent)  # nginx's $request_id
    assert reply.headers.get_all("X-Request-ID") == [sent]  # once, not echoed twice
    reply, _ = nginx("/", **{"X-Request-ID": "edge-7.a_B"})
    assert _Stub.seen[-1]["x-request-id"] == "edge-7.a_B"
    assert reply.headers.get_all("X-Request-ID") == ["edge-7.a_B"]
    # An id the app would replace is replaced here already, so both agree.
    for bad in ("has space", "a" * 201, "semi;colon"):
        reply, _ = nginx("/", **{"X-Request-ID": bad})
        sent = _Stub.seen[-1]["x-request-id"]
        assert HEX32.fullmatch(sent), bad
        assert reply.headers.get_all("X-Request-ID") == [sent]
    assert _logged(tmp_path / "access.log", f"request_id={sent}")


def test_nginx_forwards_the_readers_address_and_scheme(nginx):
    nginx("/", **{"X-Forwarded-For": "203.0.113.9"})
    seen = _Stub.seen[-1]
    # API_NUM_PROXIES=1: the app counts the right-most address, the one nginx
    # saw, so a reader cannot choose his bucket by sending the header.
    assert seen["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"
    assert seen["host"] == "localhost"


def test_a_502_from_nginx_carries_the_request_id(tmp_path):
    """The app is down or restarting: nginx answers itself, and the reader
    still gets an id to quote, the one in nginx's access log."""
    process, port = _start_nginx(tmp_path, _free_port())
    try:
        reply, _ = _get(port, "/", **{"X-Request-ID": "r-502"})
        generated, _ = _get(port, "/")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert reply.status == 502
    assert reply.headers.get_all("X-Request-ID") == ["r-502"]
    assert HEX32.fullmatch(generated.getheader("X-Request-ID"))
    assert _logged(tmp_path / "access.log", "request_id=r-502")
