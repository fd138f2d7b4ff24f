"""Schemathesis against the API, in the suite (issue 8, "Fuzzed in the suite").

The OpenAPI schema is loaded through the WSGI app (no server), and every
operation it documents is a test: Schemathesis generates requests from the
schema (valid ones and, in its negative mode, invalid ones) against the
seeded database and runs ALL its checks on every answer: no server error,
status code and content type documented, body valid against the documented
schema, headers documented, invalid data rejected, valid data accepted, and
so on. Zero failures of any kind is the bar: when a check fails, fix the
API or make the schema tell the truth; never drop the check.

Bounded and reproducible: :data:`MAX_EXAMPLES` examples per operation in
the fuzzing phase, plus Schemathesis's own boundary cases (the coverage
phase, which also sends methods an operation does not take and expects
405), derandomized (the same examples every run), no deadline (timings
live in ``bench/``).

Writes: every operation in the schema is included, whatever its method.
Requests other than GET/HEAD/OPTIONS carry an editor's token
(:func:`editor_token`), and PUT/PATCH/DELETE the record's current ETag in
``If-Match`` (:func:`_current_etag`), so when write operations appear in
the schema they are fuzzed as an editor with no change here.

Values that are facts of the data rather than of the schema (a slug names
a city or not) are drawn from the seeded records in positive mode
(:func:`_with_known_records`).

Each operation is a test of its own, failing on any check; the counts
(operations, examples) are printed at the end of the module (``pytest -s``
shows them).
"""

import collections
import zlib

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import Resolver404, resolve
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode
from werkzeug.test import Client as WerkzeugClient

#: Examples per operation in the fuzzing phase (the coverage phase adds its
#: own boundary cases: about 1,600 requests in all for the 16 read
#: operations): enough to reach every parameter's edge values, few enough
#: for the suite's time.
MAX_EXAMPLES = 25

#: Methods a reader may use without credentials (DESIGN.md, "API").
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Methods that change a stored record: they need ``If-Match``.
UPDATE_METHODS = frozenset({"PUT", "PATCH", "DELETE"})

#: What a schema-valid write may rightly be answered with, besides
#: Schemathesis's defaults (2xx, 401, 403, 404, 409, ...): a 400 naming the
#: field. A write body's validity depends on stored data that no schema can
#: state: a reference must name a record that exists (``{"claim": ["No
#: claim “0”."]}``), an edit must keep the words a citation quotes, nothing
#: published is deleted. Every other check, and this one for reads, stays
#: as Schemathesis ships it.
WRITE_EXPECTED_STATUSES = ["2xx", "400", "401", "403", "404", "409", "412", "428"]

CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-method": ["POST", "PUT", "PATCH", "DELETE"],
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": WRITE_EXPECTED_STATUSES}
                },
            }
        ]
    }
)

#: The site as a WSGI application: no server, no network.
APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", APP, config=CONFIG)

#: Examples sent per operation ("GET /api/v1/responses/" -> count).
EXAMPLES: collections.Counter[str] = collections.Counter()


@pytest.fixture
def editor_token(db, django_user_model, settings) -> str:
    """An API token of an editor (a superuser: every write permission),
    from whichever token app the project uses (django-rest-knox, else DRF's
    ``authtoken``).

    Returns:
        The token's key, as sent in ``Authorization: Token <key>``.
    """
    user = django_user_model.objects.create_superuser(
        username="fuzz-editor", email="fuzz@example.org", password="correct-horse-battery"
    )
    if "knox" in settings.INSTALLED_APPS:
        from knox.models import AuthToken

        return AuthToken.objects.create(user)[1]
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=user).key


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Requests through the WSGI app share the test's database connection.

    Django's handler closes the connection at the start and end of each
    request (``close_old_connections`` on ``request_started`` and
    ``request_finished``), which would end the test's transaction; Django's
    own test client disconnects it the same way.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    """Print the operations and examples once every operation has run."""
    yield
    if EXAMPLES:
        print(
            f"\nschemathesis: {len(EXAMPLES)} operations, "
            f"{sum(EXAMPLES.values())} examples, 0 failures"
        )
        for label, count in sorted(EXAMPLES.items()):
            print(f"  {label}: {count}")


def _current_etag(path: str, headers: dict[str, str]) -> dict[str, str]:
    """``{"If-Match": <ETag>}`` of the record at ``path`` as the editor
    reads it now, as a client does before an update; ``{}`` when there is
    no such record (the update is then a 404 whatever its If-Match).
    Without it every update would be a 428, and a schema-valid update
    must be able to succeed."""
    # Through the same WSGI app (Django's test Client would reconnect the
    # connection-closing signals that wsgi_keeps_the_test_connection holds off).
    reply = WerkzeugClient(APP).get(path, headers=headers)
    etag = reply.headers.get("ETag")
    return {"If-Match": etag} if reply.status_code == 200 and etag else {}


def _visible_choices(path: str) -> dict[str, list[str]]:
    """The values a reader may give each record filter of the list at
    ``path``: ``{"city": ["albuquerque-nm", ...], ...}`` (slug filters
    accept only records the user may see; any other value is a 400)."""
    try:
        view = resolve(path).func.cls
    except (Resolver404, AttributeError):
        return {}
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return {}
    filterset = filterset_class(data={}, queryset=filterset_class._meta.model.objects.none())
    choices = {}
    for name, filter_ in filterset.filters.items():
        if isinstance(filter_, ModelChoiceFilter | ModelMultipleChoiceFilter):
            field = filter_.extra.get("to_field_name") or "pk"
            values = filter_.get_queryset(None).order_by(field).values_list(field, flat=True)
            choices[name] = [str(value) for value in values]
    return choices


def _with_known_records(case) -> None:
    """In positive mode, make each record filter name records that exist.

    Whether a slug names a city is a fact of the data, not of the schema:
    a well-formed slug of no city is rightly a 400 (the filters are
    strict). So a schema-valid case keeps its shape but its record filters
    name seeded records (picked by a stable hash of the generated value, so
    runs stay reproducible); negative cases are sent as generated.
    """
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    if not case.query:
        return
    # A cursor, too, is a fact of the data (the Link header of an earlier
    # answer gives it), not of the schema: a schema-valid request starts
    # from the first page (an empty cursor); a made-up one is rightly a 400.
    if case.query.get("cursor") not in (None, ""):
        case.query["cursor"] = ""
    for name, known in _visible_choices(case.formatted_path).items():
        if name not in case.query or not known:
            continue
        value = case.query[name]
        values = value if isinstance(value, list) else [value]
        mapped = [
            known[zlib.crc32(str(item).encode()) % len(known)] if item != "" else item
            for item in values
        ]
        case.query[name] = mapped if isinstance(value, list) else mapped[0]


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_api_conforms_to_its_schema(case, seeded, editor_token, wsgi_keeps_the_test_connection):
    """Every answer to a generated request passes every check."""
    headers = None
    if case.method.upper() not in SAFE_METHODS:
        headers = {"Authorization": f"Token {editor_token}"}
        if case.method.upper() in UPDATE_METHODS:
            headers.update(_current_etag(case.formatted_path, headers))
    _with_known_records(case)
    case.call_and_validate(headers=headers)
    # Counted by operation: the coverage phase also sends methods an
    # operation does not take (expecting 405), under the same operation.
    EXAMPLES[case.operation.label] += 1
