"""Two editors updating the same response at once with the same
``If-Match``: one is saved (200), the other refused with 412, never a lost
update or a 500 (issue "The API data desks build on", item 5). The
services lock the row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
``IMMEDIATE`` transactions) and compare versions.

Each editor is a thread with its own client and database connection,
started together by a barrier, as in tests/test_concurrent_writes.py; the
test is transactional so each request commits and both see it.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from articles import roles
from articles.models import Response
from tests.admin_pages import role_group
from tests.api.writes_support import API, doj_response, token_for

EDITORS = 2


def _patch_all_at_once(tokens, path, bodies, etag) -> list:
    barrier = threading.Barrier(len(tokens), timeout=30)
    results: list = [None] * len(tokens)

    def editor(index: int) -> None:
        client = Client()
        try:
            barrier.wait()
            results[index] = client.patch(
                path,
                data=json.dumps(bodies[index]),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Token {tokens[index]}",
                HTTP_IF_MATCH=etag,
            )
        except Exception as exc:  # a server error: reported by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_updates_with_the_same_if_match_one_200_one_412(seeded, django_user_model):
    editors = []
    for name in ("first-editor", "second-editor"):
        user = django_user_model.objects.create_user(username=name, password="x")
        user.groups.add(role_group(roles.EDITORS))
        editors.append(user)
    tokens = [token_for(user) for user in editors]
    stockton = doj_response("stockton-ca")
    path = f"{API}/responses/{stockton.pk}/"
    etag = Client().get(path).headers["ETag"]
    bodies = [
        {"summary": f"Summary by editor {n}", "reason": f"Editor {n} summarised"} for n in (1, 2)
    ]
    results = _patch_all_at_once(tokens, path, bodies, etag)
    assert not [r for r in results if isinstance(r, Exception)], results
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 412], [r.content for r in results]
    winner = next(i for i, r in enumerate(results) if r.status_code == 200)
    loser = results[1 - winner]
    stored = Response.objects.get(pk=stockton.pk)
    assert stored.summary == f"Summary by editor {winner + 1}"
    assert stored.version == 2
    body = loser.json()
    assert body["your_version"] == 1
    assert body["current_version"] == 2
    assert body["changed_meanwhile"][0]["reason"] == f"Editor {winner + 1} summarised"
    # One history record for the one save.
    assert stored.history.filter(version=2).count() == 1
