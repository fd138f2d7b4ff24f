"""``/api/v1/changes/``: the changes feed (articles/api/changes.py,
articles/changes.py, articles.selectors.change_list).

The story: an editor enters Jeff Sessions' statement from the seed article
(Reuters, Aug. 3, 2017) a second time, cites the article, publishes it,
adds a correction, then retracts it as a duplicate. Editors see every
step; readers see nothing while it is a draft, then the publication
(which stands for what came before), the correction and the retraction.
"""

import re
import threading
from decimal import Decimal

import pytest
from django.db import connection

from articles import seed, services, workflow
from articles.models import Change, Citation, City, Claim, Person, Source
from tests.factories import ClaimFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"
SESSIONS = seed.CLAIMS[0]


def _entries(client, since: int, **params) -> list[tuple[str, str, str]]:
    reply = client.get(FEED, {"since": since, "page_size": 100, **params})
    assert reply.status_code == 200, reply.content
    return [(e["action"], e["kind"], e["slug"]) for e in reply.json()["results"]]


def _cursor() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def story(seeded, role_editor):
    """Run the story step by step; ``story(n)`` runs the first n steps
    (1 create, 2 cite, 3 publish, 4 correct, 5 retract) and returns the claim."""
    state = {"claim": None}

    def run(steps: int) -> Claim:
        claim = state["claim"]
        if steps >= 1 and claim is None:
            claim = services.object_save(
                instance=Claim(
                    text=SESSIONS.text,
                    wording=SESSIONS.wording,
                    claimant=Person.objects.get(slug=SESSIONS.claimant),
                    stated_on=SESSIONS.stated_on,
                    not_rated=True,
                ),
                acting_user=role_editor,
            )
        if steps >= 2 and not claim.citations.exists():
            services.object_save(
                instance=Citation(claim=claim, source=Source.objects.get(), quote=SESSIONS.quote),
                acting_user=role_editor,
            )
        if steps >= 3 and claim.published_at is None:
            claim.refresh_from_db()
            workflow.publish(record=claim, acting_user=role_editor)
        if steps >= 4 and not claim.corrections.exists():
            workflow.correction_add(
                record=claim,
                kind="correction",
                text="This statement was entered twice.",
                acting_user=role_editor,
            )
        if steps >= 5 and claim.retracted_at is None:
            claim.refresh_from_db()
            workflow.retract(
                record=claim,
                acting_user=role_editor,
                note="A duplicate of the claim already published.",
            )
        state["claim"] = claim
        return claim

    return run


def test_editors_see_every_step_in_order(editor_client, story):
    since = _cursor()
    claim = story(5)
    slug = claim.slug
    assert _entries(editor_client, since) == [
        ("created", "claim", slug),
        ("updated", "claim", slug),  # the citation (the claim's body carries it)
        ("published", "claim", slug),
        ("corrected", "claim", slug),
        ("retracted", "claim", slug),
    ]


def test_readers_never_learn_of_a_draft(client, story):
    since = _cursor()
    claim = story(2)
    assert _entries(client, since) == []
    body = client.get(FEED, {"since": 0, "page_size": 100}).content.decode()
    assert claim.slug not in body
    every = client.get(FEED, {"since": 0, "page_size": 100}).json()["results"]
    assert not [e for e in every if e["kind"] == "claim" and e["record_id"] == claim.pk]


def test_readers_see_the_publication_then_what_follows(client, story):
    since = _cursor()
    slug = story(5).slug
    assert _entries(client, since) == [
        ("published", "claim", slug),
        ("corrected", "claim", slug),
        ("retracted", "claim", slug),
    ]


def test_a_reader_polling_through_the_story(client, story):
    """A partner polls after each step with the ``next`` it was given."""
    next_url = client.get(FEED, {"since": _cursor()}).json()["next"]
    seen = []
    for step in range(1, 6):
        story(step)
        body = client.get(next_url).json()
        seen.append([(e["action"], e["kind"]) for e in body["results"]])
        next_url = body["next"]
    assert seen == [
        [],
        [],
        [("published", "claim")],
        [("corrected", "claim")],
        [("retracted", "claim")],
    ]


def test_an_entry_has_its_records_api_address(client, story):
    since = _cursor()
    claim = story(3)
    (entry,) = client.get(FEED, {"since": since}).json()["results"]
    assert entry["url"] == f"http://testserver/api/v1/claims/{claim.slug}/"
    assert entry["record_id"] == claim.pk
    assert entry["id"] > since
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", entry["at"])


def test_the_seed_in_the_feed(client):
    """A reader reading from the start: the places, people, organizations
    and the article, each created once; the four claims and two inquiries
    published; the eight responses (four cities, two inquiries) created and
    then given their status, after their inquiry's publication."""
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    entries = _entries(client, 0)
    assert [e for e in entries if e[1] == "city"] == [
        ("created", "city", slug)
        for slug in ["albuquerque-nm", "baltimore-md", "san-bernardino-ca", "stockton-ca"]
    ]
    assert [e for e in entries if e[1] == "claim"] == [
        ("published", "claim", claim.slug) for claim in seed.CLAIMS
    ]
    assert [e[:2] for e in entries if e[1] == "inquiry"] == [("published", "inquiry")] * 2
    assert len([e for e in entries if e[:2] == ("created", "response")]) == 8
    first_response = next(i for i, e in enumerate(entries) if e[1] == "response")
    last_inquiry = max(i for i, e in enumerate(entries) if e[1] == "inquiry")
    assert last_inquiry < first_response


def test_a_draft_inquirys_responses_show_from_its_publication(
    client, editor_client, seeded, role_editor
):
    """Responses follow their inquiry: nothing while it is a draft, then its
    ``published`` entry (read its responses with ``?inquiry=``), then each
    later change of a response."""
    since = _cursor()
    inquiry = InquiryFactory(publication="draft", slug="draft-inquiry")
    response = ResponseFactory(inquiry=inquiry, city=City.objects.get(slug="stockton-ca"))
    assert _entries(client, since) == []
    assert [e for e in _entries(editor_client, since) if e[1] in ("inquiry", "response")] == [
        ("created", "inquiry", "draft-inquiry"),
        ("created", "response", None),
    ]
    workflow.publish(record=inquiry, acting_user=role_editor)
    # The inquiry's requester, a new organization, is public from now on too.
    assert [e for e in _entries(client, since) if e[1] != "organization"] == [
        ("published", "inquiry", "draft-inquiry")
    ]
    response.refresh_from_db()
    response.summary = "No answer yet."
    services.response_update(response=response, acting_user=role_editor, reason="Summary")
    assert [e for e in _entries(client, since) if e[1] != "organization"] == [
        ("published", "inquiry", "draft-inquiry"),
        ("updated", "response", None),
    ]


def test_a_page_walk_returns_each_entry_once_in_order(client, seeded):
    everything = client.get(FEED, {"page_size": 100}).json()["results"]
    ids, url = [], f"{FEED}?page_size=7"
    while True:
        body = client.get(url).json()
        ids += [e["id"] for e in body["results"]]
        url = body["next"]
        if not body["more"]:
            break
    assert ids == [e["id"] for e in everything]
    assert ids == sorted(set(ids))
    assert client.get(url).json() == {
        "results": [],
        "next": url,
        "more": False,
    }


def test_page_size_is_capped_at_100(client, seeded):
    ClaimFactory.create_batch(60, publication="published")
    body = client.get(FEED, {"page_size": 100}).json()
    assert len(body["results"]) == 100
    assert body["more"] is True
    assert (
        body["next"] == f"http://testserver{FEED}?since={body['results'][-1]['id']}&page_size=100"
    )
    # Over the cap is a 400 naming page_size, as on the other lists.
    reply = client.get(FEED, {"page_size": 101})
    assert reply.status_code == 400
    assert reply.json() == {"page_size": ["Enter a whole number from 1 to 100."]}


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", "1" * 19, "٣", " 1"])
def test_a_bad_cursor_is_a_400_naming_since(client, cursor):
    reply = client.get(FEED, {"since": cursor})
    assert reply.status_code == 400
    assert list(reply.json()) == ["since"]


@pytest.mark.parametrize("size", ["0", "x", "-5"])
def test_a_bad_page_size_is_a_400_naming_it(client, size):
    reply = client.get(FEED, {"page_size": size})
    assert reply.status_code == 400
    assert list(reply.json()) == ["page_size"]


def test_an_unknown_parameter_is_a_400_naming_it(client):
    reply = client.get(FEED, {"sinse": "3"})
    assert reply.status_code == 400
    assert list(reply.json()) == ["sinse"]


def test_a_cursor_past_the_end_is_an_empty_page(client, seeded):
    body = client.get(FEED, {"since": 10**17}).json()
    assert body["results"] == []
    assert body["more"] is False


def test_polling_with_the_tag_is_a_304_until_something_happens(client, story):
    since = _cursor()
    first = client.get(FEED, {"since": since})
    assert first.status_code == 200
    again = client.get(FEED, {"since": since}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    story(3)
    after = client.get(FEED, {"since": since}, headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert [e["action"] for e in after.json()["results"]] == ["published"]


def test_writes_are_not_allowed(client, editor_client):
    assert client.post(FEED, {}).status_code in (401, 403, 405)
    assert editor_client.post(FEED, {}).status_code in (403, 405)


@pytest.mark.parametrize("rows", [1, 100])
def test_a_page_costs_one_query_whatever_its_size(client, django_assert_num_queries, rows):
    for _ in range(rows):
        ClaimFactory(publication="published")
    with django_assert_num_queries(1):
        body = client.get(FEED, {"page_size": 100}).json()
    claims = [e for e in body["results"] if e["kind"] == "claim"]
    assert len(claims) == 1 if rows == 1 else len(body["results"]) == 100


@pytest.mark.parametrize("rows", [1, 100])
def test_an_editors_page_costs_the_same_whatever_its_size(
    editor_client, desk_editor, django_assert_num_queries, rows
):
    for _ in range(rows):
        ClaimFactory(publication="draft")
    # The session, its user, the user's and their groups' permissions
    # (can_view_unpublished), then the page.
    with django_assert_num_queries(5):
        body = editor_client.get(FEED, {"page_size": 100}).json()
    claims = [e for e in body["results"] if e["kind"] == "claim"]
    assert len(claims) == 1 if rows == 1 else len(body["results"]) == 100


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's commit order")
def test_writers_take_the_commit_order_lock(seeded, role_editor):
    """On PostgreSQL a write that logs a change holds the advisory lock
    until its transaction ends (articles/changes.py)."""
    from django.db import transaction

    from articles.changes import COMMIT_ORDER_LOCK

    with transaction.atomic():
        city = City.objects.get(slug="stockton-ca")
        city.latitude = Decimal("37.957700")
        services.object_save(instance=city, acting_user=role_editor, reason="Coordinates")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                " AND objid = %s AND pid = pg_backend_pid()",
                [COMMIT_ORDER_LOCK],
            )
            assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's commit order")
@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_so_ids_commit_in_order(django_user_model):
    """Writer A logs a change and keeps its transaction open; writer B's
    change waits for A's commit (the advisory lock), so B's id is higher
    and no reader can pass B's id while A's lower one is uncommitted."""
    from django.db import transaction

    user = django_user_model.objects.create_superuser("lock-editor", "l@example.org", "x")
    a_wrote, a_may_commit = threading.Event(), threading.Event()
    ids: dict[str, int] = {}

    def writer(name: str, slug: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                services.object_save(
                    instance=City(name=name, state="CA", slug=slug), acting_user=user
                )
                ids[slug] = Change.objects.get(kind="city", slug=slug).id
                if hold:
                    a_wrote.set()
                    a_may_commit.wait(30)
        finally:
            connection.close()

    a = threading.Thread(target=writer, args=("Fresno", "fresno-ca", True))
    a.start()
    assert a_wrote.wait(30)
    b = threading.Thread(target=writer, args=("Modesto", "modesto-ca", False))
    b.start()
    waiting = False
    for _ in range(600):  # until B is seen waiting for the lock (at most 30 s)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            waiting = cursor.fetchone()[0] == 1
        if waiting:
            break
        threading.Event().wait(0.05)
    assert waiting
    assert "modesto-ca" not in ids
    assert list(Change.objects.filter(kind="city").values_list("slug", flat=True)) == []
    a_may_commit.set()
    a.join(30)
    b.join(30)
    assert ids["fresno-ca"] < ids["modesto-ca"]


def test_an_entry_of_a_record_addressed_by_id_has_a_null_slug(client, seeded):
    body = client.get(FEED, {"page_size": 100}).json()
    sources = [row for row in body["results"] if row["kind"] == "source"]
    assert sources, "the seed's sources are in the feed"
    assert all(row["slug"] is None for row in sources)
    assert all(row["url"].endswith(f"/api/v1/sources/{row['record_id']}/") for row in sources)
