"""Concurrent writes never 500: editors saving the same thing at once get
one row and clear form errors, on SQLite as on PostgreSQL.

The editors are threads, each with its own signed-in test client and so
its own database connection, started together by a barrier. They need a
database they all see: a transactional test (each request commits), and
on SQLite a file (factcheck/settings_test.py), as in production.
"""

import threading

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import City

EDITORS = 10
SPRINGFIELD = {
    "name": "Springfield",
    "state": "IL",
    "slug": "",
    "latitude": "",
    "longitude": "",
    "change_reason": "",
    "_save": "Save",
}

#: The errors a page may show when Springfield, IL exists, by place on the form.
ALLOWED_ERRORS = {
    "form": [["A place of this kind with this name is already tracked in this state."]],
    "slug": [
        ["City with this Slug already exists."],
        ["The slug made from it, “springfield-il”, is taken: City with this Slug already exists."],
    ],
}


def _post_all_at_once(clients: list[Client], path: str, data: dict[str, str]) -> list:
    """POST ``data`` to ``path`` from every client at the same moment, each
    in its own thread; returns the responses (or the exceptions raised) in
    the clients' order."""
    barrier = threading.Barrier(len(clients), timeout=30)
    results: list = [None] * len(clients)

    def editor(index: int, client: Client) -> None:
        try:
            barrier.wait()
            results[index] = client.post(path, data)
        except Exception as exc:  # a server error, say: reported by the test
            results[index] = exc
        finally:
            connection.close()  # this thread's connection

    threads = [threading.Thread(target=editor, args=item) for item in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _errors(response) -> dict[str, list[str]]:
    """The admin form's errors on the page: ``"form"`` for the errors above
    the fields, else the field's name."""
    soup = BeautifulSoup(response.content, "html.parser")
    errors = {"form": [li.get_text() for li in soup.select("ul.errorlist.nonfield li")]}
    for row in soup.select(".form-row"):
        field = next(c.removeprefix("field-") for c in row["class"] if c.startswith("field-"))
        errors[field] = [li.get_text() for li in row.select("ul.errorlist li")]
    return {key: messages for key, messages in errors.items() if messages}


@pytest.mark.django_db(transaction=True)
def test_ten_editors_adding_the_same_city_at_once_get_one_city_and_nine_form_errors(editor):
    clients = [Client() for _ in range(EDITORS)]
    for client in clients:
        client.force_login(editor)

    results = _post_all_at_once(clients, reverse("admin:articles_city_add"), SPRINGFIELD)

    assert None not in results  # every editor got an answer within the join timeout
    raised = [result for result in results if isinstance(result, BaseException)]
    assert raised == []
    assert sorted(response.status_code for response in results) == [200] * 9 + [302]
    (saved,) = [response for response in results if response.status_code == 302]
    assert saved["Location"] == reverse("admin:articles_city_changelist")
    city = City.objects.get()
    assert (city.name, city.state, city.slug) == ("Springfield", "IL", "springfield-il")
    for response in results:
        if response.status_code == 302:
            continue
        page = response.content.decode()
        assert "database is locked" not in page
        soup = BeautifulSoup(page, "html.parser")
        # The editor's input is still in the form, the reasons beside it.
        assert soup.select_one("input[name=name]")["value"] == "Springfield"
        assert soup.select_one("select[name=state] option[selected]")["value"] == "IL"
        # Each page names the conflict. Which of the form's checks see the
        # other editor's city depends on when it was committed: on
        # PostgreSQL each query sees what is committed as it runs, so the
        # name check may pass and the slug check, a moment later, fail.
        errors = _errors(response)
        assert errors
        assert errors.keys() <= ALLOWED_ERRORS.keys()
        for key, messages in errors.items():
            assert messages in ALLOWED_ERRORS[key]
