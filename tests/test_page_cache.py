"""The shared page cache (articles/page_cache.py; issue "Scale and
production", item 2): anonymous pages and API reads answered from the cache
with no query, 304 without the database, an editor's change visible at the
very next request on every app server, editors never served from it.

The core tests run twice: with a local-memory cache and with Redis
(``PAGE_CACHE_TEST_REDIS``, default ``redis://127.0.0.1:6379/3``, under a
key prefix of this run's own; skipped when Redis does not answer). Two
test clients sharing one cache stand for two app servers sharing Redis.
"""

import datetime
import os
import threading

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from articles import freshness, page_cache, services
from articles.models import City, Response
from articles.seed import DOJ_INQUIRY_SLUG
from tests import factories
from tests.admin_pages import form_data
from tests.api.writes_support import TokenClient, doj_response, token_for

REDIS_URL = os.environ.get("PAGE_CACHE_TEST_REDIS", "redis://127.0.0.1:6379/3")
LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-cache-tests",
    }
}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"tests-page-cache-{os.getpid()}",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
INQUIRY = f"/inquiries/{DOJ_INQUIRY_SLUG}/"
PAGES = ["/", "/responses/pending/", "/responses/received/", INQUIRY, "/claims/"]
API_READS = ["/api/v1/responses/", "/api/v1/inquiries/", f"/api/v1/inquiries/{DOJ_INQUIRY_SLUG}/"]


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False


def _on(settings, caches) -> None:
    settings.CACHES = caches
    settings.PAGE_CACHE = True
    page_cache.LOCAL.clear()
    # A new generation: nothing an earlier test cached can answer this one
    # (its writes were rolled back without a commit, so never bumped).
    freshness.bump()


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The page cache on, over a local-memory cache and over Redis."""
    if request.param == "redis" and not _redis_up():
        pytest.skip(f"no Redis at {REDIS_URL}")
    _on(settings, LOCMEM if request.param == "locmem" else REDIS)
    yield request.param
    cache.delete(freshness.KEY)  # the one key without a timeout


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, over a local-memory cache."""
    _on(settings, LOCMEM)


#: Real commits: the seed and each write commit, so the generation moves
#: as in production (in a test's own transaction the seed's bump would stay
#: queued, and a later write's would not be queued again). The data the
#: migrations made (the role groups) is restored after each such test.
COMMITTED = pytest.mark.django_db(transaction=True)


# --- hits, 304s, headers ----------------------------------------------------


@pytest.mark.parametrize("path", PAGES + API_READS)
def test_a_second_anonymous_read_is_a_cache_hit_without_a_query(
    shared_cache, seeded, django_assert_num_queries, path
):
    first = Client().get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(path)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", [*PAGES, "/api/v1/responses/"])
def test_a_matching_if_none_match_is_a_304_without_a_query(
    shared_cache, seeded, django_assert_num_queries, path
):
    etag = Client().get(path)["ETag"]
    with django_assert_num_queries(0):
        reply = Client().get(path, HTTP_IF_NONE_MATCH=etag)
    assert reply.status_code == 304
    assert reply.content == b""
    assert reply["ETag"] == etag
    assert reply["X-Page-Cache"] == "hit"
    with django_assert_num_queries(0):
        other = Client().get(path, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200
    assert other["ETag"] == etag


def test_a_conditional_get_that_misses_is_rendered_stored_and_answered_304(
    page_cache_on, seeded, django_assert_num_queries
):
    etag = Client().get(INQUIRY)["ETag"]
    freshness.bump()  # as after a write that did not change this page
    reply = Client().get(INQUIRY, HTTP_IF_NONE_MATCH=etag)
    assert (reply.status_code, reply["X-Page-Cache"]) == (304, "miss")
    with django_assert_num_queries(0):
        full = Client().get(INQUIRY)
    assert (full.status_code, full["X-Page-Cache"], full["ETag"]) == (200, "hit", etag)


def test_pages_revalidate_and_the_api_keeps_its_own_cache_headers(page_cache_on, seeded):
    page = Client().get(INQUIRY)
    assert page["Cache-Control"] == "no-cache"
    assert page["ETag"].startswith('"') and len(page["ETag"]) == 34
    assert page["Vary"] == "Cookie, Authorization"
    api = Client().get("/api/v1/responses/")
    assert api["Cache-Control"] == "public, max-age=60"
    assert api["ETag"].startswith('W/"')
    assert Client().get("/api/v1/responses/")["Cache-Control"] == "public, max-age=60"


def test_the_api_etag_is_the_same_with_and_without_the_page_cache(seeded, settings):
    settings.PAGE_CACHE = False
    uncached = Client().get("/api/v1/responses/")
    assert "X-Page-Cache" not in uncached
    _on(settings, LOCMEM)
    cached = Client().get("/api/v1/responses/")
    assert cached["X-Page-Cache"] == "miss"
    assert cached["ETag"] == uncached["ETag"]


def test_csv_and_json_are_cached_apart(page_cache_on, seeded):
    path = "/api/v1/responses/"
    as_json = Client().get(path)
    as_csv = Client().get(path, HTTP_ACCEPT="text/csv")
    assert as_csv["X-Page-Cache"] == "miss"
    assert as_csv["Content-Type"].startswith("text/csv")
    again_json, again_csv = Client().get(path), Client().get(path, HTTP_ACCEPT="text/csv")
    assert again_json["Content-Type"] == "application/json"
    assert again_csv["Content-Type"].startswith("text/csv")
    assert (again_json.content, again_csv.content) == (as_json.content, as_csv.content)
    assert as_json["ETag"] != as_csv["ETag"]


def test_head_is_answered_from_the_get_entry_without_a_body(
    page_cache_on, seeded, django_assert_num_queries
):
    full = Client().get(INQUIRY)
    with django_assert_num_queries(0):
        head = Client().head(INQUIRY)
    assert (head.status_code, head["X-Page-Cache"], head.content) == (200, "hit", b"")
    assert int(head["Content-Length"]) == len(full.content)


def test_an_entry_lasts_until_a_deadline_day_turns(page_cache_on, seeded, monkeypatch):
    """The seed's deadline is Aug. 18, 2017, Eastern time: it passes at
    04:00 UTC on Aug. 19 (midnight in New York). The page is reused within
    the day, minute after minute, and rendered again when the day turns
    there, showing the deadline passed."""
    at = datetime.datetime(2017, 8, 19, 2, 0, 10, tzinfo=datetime.UTC)
    monkeypatch.setattr("articles.clock.now", lambda: at)
    first = Client().get(INQUIRY)
    assert first["X-Page-Cache"] == "miss"
    at = datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=datetime.UTC)  # 11:59:59 p.m. EDT
    assert Client().get(INQUIRY)["X-Page-Cache"] == "hit"
    at = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=datetime.UTC)  # midnight EDT
    turned = Client().get(INQUIRY)
    assert turned["X-Page-Cache"] == "miss"
    not_yet = "<dt>Deadline passed?</dt><dd>Not yet</dd>"
    assert not_yet in first.content.decode()
    assert not_yet not in turned.content.decode()


# --- who and what is never cached ------------------------------------------------


def test_an_editors_session_bypasses_the_cache(page_cache_on, seeded, editor_client):
    Client().get(INQUIRY)  # stored for readers
    reply = editor_client.get(INQUIRY)
    assert reply.status_code == 200
    assert "X-Page-Cache" not in reply
    assert "private" in reply["Cache-Control"]
    # the reader's entry is still the reader's: served, not replaced
    assert Client().get(INQUIRY)["X-Page-Cache"] == "hit"


def test_a_token_request_bypasses_the_cache(page_cache_on, seeded, role_editor):
    Client().get("/api/v1/responses/")
    reply = TokenClient(token_for(role_editor)).get("/api/v1/responses/")
    assert reply.status_code == 200
    assert "X-Page-Cache" not in reply
    assert reply["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/admin/login/"])
def test_probes_and_the_admin_are_never_cached(page_cache_on, seeded, path):
    Client().get(path)
    assert "X-Page-Cache" not in Client().get(path)


def test_an_entry_of_an_older_generation_is_not_served(page_cache_on, seeded):
    key = _key(INQUIRY)
    old = freshness.current()
    cache.set(key, (old, 200, {"Content-Type": "text/html"}, b"before the write"), 30)
    assert Client().get(INQUIRY).content == b"before the write"
    freshness.bump()
    reply = Client().get(INQUIRY)
    assert reply["X-Page-Cache"] == "miss"
    assert reply.content != b"before the write"


def test_a_process_serves_its_own_copy_while_the_generation_holds(
    shared_cache, seeded, django_assert_num_queries
):
    first = Client().get(INQUIRY)
    key = _key(INQUIRY)
    assert page_cache.LOCAL.get(key)[3] == first.content
    cache.delete(key)  # only this process's copy is left
    with django_assert_num_queries(0):
        assert Client().get(INQUIRY)["X-Page-Cache"] == "hit"
    freshness.bump()  # a write on another server
    assert Client().get(INQUIRY)["X-Page-Cache"] == "miss"


def test_another_process_without_a_copy_is_served_from_the_shared_cache(
    shared_cache, seeded, django_assert_num_queries
):
    first = Client().get(INQUIRY)
    page_cache.LOCAL.clear()  # the next request lands on another app server
    with django_assert_num_queries(0):
        other = Client().get(INQUIRY)
    assert (other["X-Page-Cache"], other.content) == ("hit", first.content)
    assert page_cache.LOCAL.get(_key(INQUIRY)) is not None


def test_local_copies_keep_the_current_day_within_the_byte_limit(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 10
    copies = page_cache.LocalCopies()
    copies.put("page:1:a", (1, 200, {}, b"12345"))
    copies.put("page:2:a", (1, 200, {}, b"1234"))
    assert copies.get("page:1:a") is None  # an earlier day
    copies.put("page:2:b", (1, 200, {}, b"123456"))
    assert copies.get("page:2:a") is not None
    copies.put("page:2:c", (1, 200, {}, b"12"))
    assert copies.get("page:2:a") is None  # the oldest, over 10 bytes
    assert [copies.get(k)[3] for k in ("page:2:b", "page:2:c")] == [b"123456", b"12"]
    copies.put("page:2:d", (1, 200, {}, b"x" * 11))  # larger than the limit: not kept
    assert copies.get("page:2:d") is None


def test_page_cache_exclude_names_more_paths(page_cache_on, seeded, settings):
    settings.PAGE_CACHE_EXCLUDE = ["/claims/"]
    Client().get("/claims/")
    assert "X-Page-Cache" not in Client().get("/claims/")
    assert Client().get("/cities/")["X-Page-Cache"] == "miss"


def test_off_passes_every_request_through(seeded, settings):
    settings.PAGE_CACHE = False
    reply = Client().get(INQUIRY)
    assert "X-Page-Cache" not in reply
    assert "ETag" not in reply


def _request(method="get", path="/", **extra):
    request = getattr(RequestFactory(), method)(path, **extra)
    return request


@pytest.mark.parametrize(
    ("method", "path", "extra", "expected"),
    [
        ("get", "/", {}, True),
        ("head", "/claims/", {}, True),
        ("post", "/", {}, False),
        ("get", "/", {"HTTP_COOKIE": "sessionid=abc"}, False),
        ("get", "/", {"HTTP_COOKIE": "messages=abc"}, False),
        ("get", "/", {"HTTP_COOKIE": "csrftoken=abc"}, True),
        ("get", "/", {"HTTP_AUTHORIZATION": "Token abc"}, False),
        ("get", "/admin/", {}, False),
        ("get", "/healthz", {}, False),
        ("get", "/readyz", {}, False),
    ],
)
def test_which_requests_may_use_the_cache(method, path, extra, expected):
    assert page_cache.request_is_cacheable(_request(method, path, **extra)) is expected


def _response(status=200, **headers):
    response = HttpResponse(b"x", status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_which_answers_are_stored(rf, django_user_model, db):
    get, head = rf.get("/"), rf.head("/")
    assert page_cache.response_is_storable(get, _response())
    assert page_cache.response_is_storable(get, _response(404))
    assert page_cache.response_is_storable(get, _response(Vary="Accept, Cookie, Authorization"))
    assert not page_cache.response_is_storable(head, _response())
    assert not page_cache.response_is_storable(get, _response(500))
    assert not page_cache.response_is_storable(get, _response(302, Location="/x/"))
    assert not page_cache.response_is_storable(get, _response(Cache_Control="private"))
    assert not page_cache.response_is_storable(get, _response(Cache_Control="no-store"))
    assert not page_cache.response_is_storable(get, _response(Vary="Accept-Language"))
    assert not page_cache.response_is_storable(get, StreamingHttpResponse(iter([b"x"])))
    with_cookie = _response()
    with_cookie.set_cookie("csrftoken", "abc")
    assert not page_cache.response_is_storable(get, with_cookie)
    signed_in = rf.get("/")
    signed_in.user = django_user_model.objects.create_user(username="u", password="x")
    assert not page_cache.response_is_storable(signed_in, _response())


def test_a_cache_that_is_down_serves_pages_from_the_database(seeded, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE = True
    reply = Client().get(INQUIRY)
    assert reply.status_code == 200
    assert "X-Page-Cache" not in reply
    assert "page cache unavailable" in caplog.text


# --- one render per miss ------------------------------------------------------


def _key(path):
    request = RequestFactory().get(path)
    return page_cache.page_key(request, page_cache._clock())


def _lock(key):
    return page_cache._lock_key(key, freshness.current())


def test_a_miss_waits_for_the_request_already_rendering_it(page_cache_on, seeded, monkeypatch):
    key = _key(INQUIRY)
    generation = freshness.current()
    assert cache.add(_lock(key), 1, 30)  # another server renders it

    def other_server_stores(_seconds):
        headers = {"Content-Type": "text/html", "ETag": '"other"'}
        cache.set(key, (generation, 200, headers, b"from the other server"), 30)
        cache.delete(_lock(key))

    monkeypatch.setattr(page_cache.time, "sleep", other_server_stores)
    reply = Client().get(INQUIRY)
    assert (reply.content, reply["X-Page-Cache"]) == (b"from the other server", "hit")


def test_a_lock_never_released_is_waited_for_only_so_long(page_cache_on, seeded, settings):
    settings.PAGE_CACHE_WAIT_SECONDS = 0.2
    key = _key(INQUIRY)
    cache.add(_lock(key), 1, 30)  # a worker that died rendering
    reply = Client().get(INQUIRY)
    assert (reply.status_code, reply["X-Page-Cache"]) == (200, "miss")
    assert cache.get(_lock(key)) == 1  # not ours to release


def test_the_lock_is_released_after_rendering(page_cache_on, seeded):
    key = _key(INQUIRY)
    Client().get(INQUIRY)
    assert cache.get(_lock(key)) is None
    assert cache.get(key)[:2] == (freshness.current(), 200)


def test_concurrent_misses_render_once(page_cache_on, seeded, monkeypatch):
    """Two threads miss together; the view runs once."""
    calls = []
    started = threading.Event()
    real = page_cache.PageCacheMiddleware._render

    def slow_render(self, request, key, generation):
        calls.append(key)
        started.set()
        threading.Event().wait(0.3)
        return real(self, request, key, generation)

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_render", slow_render)
    monkeypatch.setattr(page_cache, "POLL_SECONDS", 0.01)
    replies = []
    first = threading.Thread(target=lambda: replies.append(Client().get("/claims/")))
    first.start()
    started.wait(5)
    replies.append(Client().get("/claims/"))
    first.join(5)
    assert len(calls) == 1
    assert sorted(r["X-Page-Cache"] for r in replies) == ["hit", "miss"]


# --- invalidation on write ------------------------------------------------------


@COMMITTED
def test_a_service_write_is_visible_to_the_next_reader_on_either_server(
    shared_cache, seeded, editor
):
    server_a, server_b = Client(), Client()
    stockton = doj_response("stockton-ca")
    detail = f"/api/v1/responses/{stockton.pk}/"
    for client in (server_a, server_b):
        client.get(INQUIRY)
        client.get(detail)
    assert server_b.get(INQUIRY)["X-Page-Cache"] == "hit"

    def write():
        stockton.summary = "Stockton says the answer is in the mail."
        services.response_update(response=stockton, acting_user=editor, reason="New summary")

    write()
    page = server_b.get(INQUIRY)
    assert page["X-Page-Cache"] == "miss"
    assert "Stockton says the answer is in the mail." in page.content.decode()
    assert server_a.get(detail).json()["summary"] == "Stockton says the answer is in the mail."


@COMMITTED
def test_an_api_write_is_visible_to_the_next_anonymous_read(shared_cache, seeded, role_editor):
    stockton = doj_response("stockton-ca")
    detail = f"/api/v1/responses/{stockton.pk}/"
    reader = Client()
    assert reader.get(detail).json()["summary"] != "Answer promised."
    api = TokenClient(token_for(role_editor))
    etag = api.get(detail)["ETag"]

    def write():
        reply = api.patch(
            detail, {"summary": "Answer promised.", "reason": "Update"}, if_match=etag
        )
        assert reply.status_code == 200, reply.content

    write()
    again = reader.get(detail)
    assert again["X-Page-Cache"] == "miss"
    assert again.json()["summary"] == "Answer promised."


@COMMITTED
def test_an_admin_write_is_visible_to_the_next_anonymous_read(page_cache_on, seeded, admin_client):
    stockton = doj_response("stockton-ca")
    detail = f"/api/v1/responses/{stockton.pk}/"
    reader = Client()
    assert reader.get(detail).json()["summary"] != "Said so in the admin."
    url = reverse("admin:articles_response_change", args=[stockton.pk])
    data = form_data(admin_client.get(url))
    data["summary"] = ["Said so in the admin."]
    data["change_reason"] = ["Summary from the city's letter"]
    reply = {}

    def write():
        reply["admin"] = admin_client.post(url, data)

    write()
    assert reply["admin"].status_code == 302, reply["admin"].content[:2000]
    again = reader.get(detail)
    assert again["X-Page-Cache"] == "miss"
    assert again.json()["summary"] == "Said so in the admin."


@COMMITTED
def test_a_rolled_back_write_leaves_the_cache_answering(page_cache_on, seeded, editor):
    Client().get(INQUIRY)
    stockton = doj_response("stockton-ca")
    with pytest.raises(RuntimeError), transaction.atomic():
        stockton.summary = "Never saved."
        services.response_update(response=stockton, acting_user=editor, reason="x")
        raise RuntimeError("rolled back")
    reply = Client().get(INQUIRY)
    assert reply["X-Page-Cache"] == "hit"
    assert "Never saved." not in reply.content.decode()
    assert Response.objects.get(pk=stockton.pk).summary != "Never saved."


# --- the generation moves after commit, once per transaction ---------------------


@COMMITTED
def test_the_generation_moves_once_per_committed_transaction(shared_cache):
    before = freshness.current()
    with transaction.atomic():
        factories.CityFactory(slug="one")
        factories.CityFactory(slug="two")
        City.objects.filter(slug="one").get().delete()
        assert freshness.current() == before  # not before the commit
    assert freshness.current() == before + 1


@COMMITTED
def test_a_rolled_back_transaction_does_not_move_the_generation(shared_cache):
    before = freshness.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.CityFactory(slug="one")
        raise RuntimeError("rolled back")
    assert freshness.current() == before
    factories.CityFactory(slug="two")  # autocommit: each save moves it at once
    assert freshness.current() > before


@COMMITTED
def test_a_rolled_back_savepoint_keeps_the_outer_transactions_bump(shared_cache):
    before = freshness.current()
    with transaction.atomic():
        factories.CityFactory(slug="kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            factories.CityFactory(slug="dropped")
            raise RuntimeError("savepoint rolled back")
    assert freshness.current() == before + 1


def test_several_writes_in_one_transaction_queue_one_bump(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        factories.CityFactory(slug="one")
        factories.CityFactory(slug="two")
    assert [callback for callback in callbacks if callback is freshness.bump] == [freshness.bump]


# --- link-tracking tags do not make new pages ---------------------------------


def test_tracking_tags_share_one_cached_page(page_cache_on, seeded):
    """Every Facebook click carries its own fbclid; utm_* tags vary by
    newsletter. They are dropped before the cache reads the address
    (articles.middleware.DropTrackingParametersMiddleware)."""
    first = Client().get("/responses/pending/?fbclid=IwAR1")
    assert first["X-Page-Cache"] == "miss"
    again = Client().get("/responses/pending/?fbclid=IwAR2&utm_source=newsletter")
    assert (again.status_code, again["X-Page-Cache"]) == (200, "hit")
    assert "fbclid" not in first.content.decode()
    # a real filter is still a page of its own
    assert Client().get("/responses/pending/?state=CA&utm_medium=social")["X-Page-Cache"] == "miss"


def test_the_api_still_names_an_unknown_parameter(page_cache_on, seeded):
    reply = Client().get("/api/v1/responses/?utm_source=newsletter")
    assert reply.status_code == 400
    assert "utm_source" in reply.json()
