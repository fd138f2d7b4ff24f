"""Every public page type in a real browser, at a phone's width (375 px)
and a desktop's (1,280 px), on the seed article (WCAG 2.2 AA; issue 7,
"Accessibility and browser tests").

For each page type in :data:`PAGE_TYPES` and each width:

- the texts a reader needs are visible and inside the screen's width (not
  cut off to the right, nor reachable only by scrolling sideways);
- no table is wider than its container, and the page is no wider than the
  screen;
- axe-core finds no serious or critical violation of the WCAG 2.0, 2.1 and
  2.2 A/AA rules (lesser ones, and the checks axe leaves for a person to
  review, are printed in a summary at the end of the module and written to
  ``screenshots/axe-violations.json``, not failed); the same in dark mode
  (``prefers-color-scheme: dark``) at 1,280 px;
- a full-page screenshot lands in ``screenshots/`` (git-ignored).

axe-core is read from ``tests/vendor/axe-core/axe.min.js`` (vendored by
``scripts/vendor-axe.sh``, checked against its SHA-256 here); nothing is
fetched at run time. The database is seeded once for the module; each
page is loaded once per width and colour scheme, and its tests read that
one observation (see the ``observations`` fixture).

To add a page type, append a :class:`PageType` to :data:`PAGE_TYPES`: the
URL name (tests of a name that does not reverse yet are skipped) and the
texts its reader needs.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test.utils import modify_settings
from django.urls import NoReverseMatch, reverse

from tests.browser_support import require_browser

# The tests read a database seeded once by the ``observations`` fixture;
# the mark makes pytest-django create the test database for them and order
# them among the tests that flush it (``transactional_db``), as they do.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

require_browser()

ROOT = Path(__file__).resolve().parent.parent
AXE_DIR = ROOT / "tests" / "vendor" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
AXE_VERSION = (AXE_DIR / "VERSION").read_text().strip()
SCREENSHOTS = ROOT / "screenshots"

#: A phone (the narrowest common one, iPhone SE/mini class) and a desktop.
WIDTHS = (375, 1280)
HEIGHT = 800

#: axe-core rule tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: Impacts that fail a test; "minor" and "moderate" are only reported.
FAILING_IMPACTS = {"serious", "critical"}

#: The seed's inquiries and cities (articles/fixtures/reuters-2017-08-03-sanctuary-cities.txt).
JUSTICE = "Justice Department’s questions on “sanctuary” policies"
REUTERS = "Reuters’ requests for comment"
CITY_SLUGS = {
    "Albuquerque, NM": "albuquerque-nm",
    "Baltimore, MD": "baltimore-md",
    "San Bernardino, CA": "san-bernardino-ca",
    "Stockton, CA": "stockton-ca",
}
CITIES = tuple(CITY_SLUGS)
DEADLINE = "Aug. 18, 2017"  # "answer a list of questions by Aug. 18"
#: Each city's answer to the Justice Department as of the story: San
#: Bernardino's chief "will answer the department's questions"; no word
#: from the other three.
JUSTICE_STATUS = {
    "Albuquerque, NM": "Pending",
    "Baltimore, MD": "Pending",
    "San Bernardino, CA": "Acknowledged",
    "Stockton, CA": "Pending",
}
STORY_DATE = "Aug. 3, 2017"


@dataclass(frozen=True)
class Need:
    """A text a reader needs: ``text`` (a case-insensitive substring, as
    Playwright's ``get_by_text``) inside the first element matching the CSS
    selector ``within`` (default: the page's ``main``)."""

    text: str
    within: str = "main"

    def __str__(self) -> str:
        return f"{self.text!r} in {self.within}"


@dataclass(frozen=True)
class Known:
    """A failure known and being fixed elsewhere: the test ``check``
    (``"needs"``, ``"tables"`` or ``"axe"``) at ``widths`` is a non-strict
    xfail with ``reason``, so it reports XPASS once the fix lands and the
    mark can go."""

    check: str
    widths: tuple[int, ...]
    reason: str


#: The response tables (templates/articles/components/response_table.html)
#: scroll sideways inside their region: wider than a phone, and on the
#: lists and the city page wider than the desktop column too. Issue 7's
#: restyle ("look": static/css) is reworking them; drop these after merging.


def _source_kwargs() -> dict:
    # The seed's one source: its id is not fixed, so it is read per run.
    from articles.models import Source

    return {"pk": Source.objects.get().pk}


@dataclass(frozen=True)
class PageType:
    """One kind of public page, as a reader reaches it on the seed data.

    Attributes:
        name: the test id, e.g. ``inquiry`` (tests read ``inquiry-375``).
        url_name: a URL name in the ``articles`` namespace, reversed with
            ``kwargs`` (a dict, or, for a page addressed by a database id,
            a callable returning ``{"pk": id}``, called with the database
            seeded); a name that does not reverse skips the tests.
        needs: the texts a reader needs, each visible within the width.
        query: appended to the path, e.g. ``?q=Baltimore``.
        path: a literal path instead of ``url_name`` (the 404 page).
        status: the HTTP status the page answers with.
        known: failures known and being fixed elsewhere (:class:`Known`).
    """

    name: str
    url_name: str | None
    needs: tuple[Need, ...]
    kwargs: dict | Callable[[], dict] = field(default_factory=dict)
    query: str = ""
    path: str | None = None
    status: int = 200
    known: tuple[Known, ...] = ()

    def resolves(self) -> bool:
        """Whether this build has the page (its URL name reverses)."""
        if self.path is not None:
            return True
        try:
            reverse(f"articles:{self.url_name}", kwargs=self._sample_kwargs())
        except NoReverseMatch:
            return False
        return True

    def _sample_kwargs(self) -> dict:
        # Reversing needs a value of the right shape, not the seeded one.
        return {"pk": 1} if callable(self.kwargs) else self.kwargs

    def url(self) -> str:
        """The page's path and query (reads the database for a callable kwargs)."""
        if self.path is not None:
            return self.path + self.query
        kwargs = self.kwargs() if callable(self.kwargs) else self.kwargs
        return reverse(f"articles:{self.url_name}", kwargs=kwargs) + self.query


PAGE_TYPES = (
    PageType(
        "home",
        "home",
        needs=(
            Need("Which cities have answered", "h1"),
            Need(JUSTICE, "main .card"),
            Need(DEADLINE, "main .card"),
            Need("Needs a check", "main .card"),
            Need(REUTERS),
        ),
    ),
    PageType(
        "inquiry",
        "inquiry_detail",
        kwargs={"slug": "justice-department-sanctuary-questions"},
        needs=(
            Need(JUSTICE, "h1"),
            Need("U.S. Justice Department"),
            Need(DEADLINE),
            # Each city's row (id="response-<city slug>"): its name and status.
            *(Need(city, f"#response-{CITY_SLUGS[city]}") for city in CITIES),
            *(
                Need(status, f"#response-{CITY_SLUGS[city]}")
                for city, status in JUSTICE_STATUS.items()
            ),
        ),
    ),
    PageType(
        "pending",
        "responses_pending",
        needs=(
            Need("Pending responses", "h1"),
            *(
                Need(status, f'main tr:has-text("{city}"):has-text("Justice Department")')
                for city, status in JUSTICE_STATUS.items()
            ),
            Need(DEADLINE, "main tbody tr"),
        ),
    ),
    PageType(
        "received",
        "responses_received",
        needs=(
            Need("Responses received", "h1"),
            # Baltimore's and San Bernardino's chiefs are quoted in the story.
            Need("Received", 'main tr:has-text("Baltimore, MD")'),
            Need("Received", 'main tr:has-text("San Bernardino, CA")'),
            Need("Kevin Davis", 'main tr:has-text("Baltimore, MD")'),
            Need("Jarrod Burguan", 'main tr:has-text("San Bernardino, CA")'),
        ),
    ),
    PageType(
        "city",
        "city_detail",
        kwargs={"slug": "baltimore-md"},
        needs=(
            Need("Baltimore, Maryland", "h1"),
            Need("Pending", f'main tr:has-text("{JUSTICE}")'),
            Need("Received", f'main tr:has-text("{REUTERS}")'),
            Need("Baltimore is a welcoming city", "main .claim"),
        ),
    ),
    PageType(
        "claims",
        "claim_list",
        needs=(
            Need("Claims", "h1"),
            Need("Jeff Sessions"),
            Need("Kevin Davis"),
            Need("Jarrod Burguan"),
            Need("Rachael Yong Yow"),
        ),
    ),
    PageType(
        "claim",
        "claim_detail",
        kwargs={"slug": "davis-baltimore-is-a-welcoming-city"},
        needs=(
            Need("Claim by Kevin Davis", "h1"),
            Need("Baltimore is a welcoming city. We do not enforce federal immigration laws"),
            Need("Police Commissioner"),
            Need(STORY_DATE),
        ),
    ),
    PageType(
        "source",
        "source_detail",
        kwargs=_source_kwargs,
        needs=(
            Need("U.S. cities that refuse to step up efforts", "h1"),
            Need(STORY_DATE),
            Need("Passages cited"),
            Need("make all of us less safe", "main mark"),
        ),
    ),
    PageType(
        "person",
        "person_detail",
        kwargs={"slug": "kevin-davis"},
        needs=(
            Need("Kevin Davis", "h1"),
            Need("Police Commissioner"),
            Need("Baltimore Police Department"),
            Need("Baltimore is a welcoming city"),
        ),
    ),
    PageType(
        "methodology",
        "methodology",
        needs=(
            Need("Methodology", "h1"),
            Need("Response statuses", "h2"),
            Need("Deadlines: overdue, needs a check, late"),
        ),
    ),
    PageType(
        "corrections",
        "correction_list",
        needs=(Need("Corrections", "h1"), Need("No corrections have been published.")),
    ),
    PageType(
        "not-found",
        None,
        path="/inquiries/no-such-inquiry/",
        status=404,
        needs=(Need("Page not found", "h1"), Need("/inquiries/no-such-inquiry/")),
    ),
    # Pages being added in issue 7; skipped until their URL names reverse
    # (rename here if the merged names differ).
    PageType(
        "inquiries",
        "inquiry_list",
        needs=(Need(JUSTICE), Need(REUTERS), Need(DEADLINE)),
    ),
    PageType("cities", "city_list", needs=tuple(Need(city.split(",")[0]) for city in CITIES)),
    PageType(
        "people",
        "person_list",
        needs=(
            Need("Jeff Sessions"),
            Need("Kevin Davis"),
            Need("Jarrod Burguan"),
            Need("Rachael Yong Yow"),
        ),
    ),
    PageType("sources", "source_list", needs=(Need("U.S. cities that refuse to step up efforts"),)),
    PageType(
        "search",
        "search",
        query="?q=Baltimore",
        needs=(Need("Baltimore is a welcoming city"),),
    ),
    PageType(
        "embed-inquiry",
        "inquiry_embed",
        kwargs={"slug": "justice-department-sanctuary-questions"},
        needs=(Need(JUSTICE, "body"), Need("Acknowledged", "body"), Need(DEADLINE, "body")),
    ),
)


def _params(check: str, widths=WIDTHS, scheme: str = "light"):
    """``pytest.param(page_type, width, scheme)`` per page type and width
    for the test ``check`` (see :class:`Known`), ids like ``inquiry-375``
    (``inquiry-1280-dark``); page types whose URL does not reverse yet are
    skipped, known failures are non-strict xfails."""
    params = []
    for page_type in PAGE_TYPES:
        resolves = page_type.resolves()
        for width in widths:
            marks = []
            if not resolves:
                marks.append(pytest.mark.skip(reason=f"no URL named {page_type.url_name!r} yet"))
            marks.extend(
                pytest.mark.xfail(strict=False, reason=known.reason)
                for known in page_type.known
                if known.check == check and width in known.widths
            )
            suffix = "" if scheme == "light" else f"-{scheme}"
            params.append(
                pytest.param(
                    page_type, width, scheme, id=f"{page_type.name}-{width}{suffix}", marks=marks
                )
            )
    return params


# What a page shows about its layout: its own width, and each table's
# width against the box it sits in (a table that needs sideways scrolling,
# even inside a scrolling region, is wider than its container).
LAYOUT_JS = """
() => ({
  documentWidth: document.documentElement.scrollWidth,
  tables: [...document.querySelectorAll('table')].map((table, i) => ({
    table: table.id ? '#' + table.id
      : (table.caption ? table.caption.textContent.trim().slice(0, 50) : 'table ' + (i + 1)),
    scrollWidth: table.scrollWidth,
    containerWidth: table.parentElement.clientWidth,
  })),
})
"""

# The first element found: whether it is rendered and visible (as
# Playwright's is_visible: a non-empty box, not visibility:hidden), and
# where (CSS px from the viewport's left). One round trip per text.
BOX_JS = """
(elements) => elements.slice(0, 1).map((el) => {
  const r = el.getBoundingClientRect();
  const shown = el.checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0;
  return {visible: shown, x: r.x, y: r.y, width: r.width, height: r.height};
})
"""

# axe-core's violations, and the checks it could not decide ("incomplete",
# e.g. contrast of text scrolled out of its region), reported for review.
AXE_RUN_JS = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations', 'incomplete'],
  });
  const rows = (list) => list.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  return {violations: rows(results.violations), incomplete: rows(results.incomplete)};
}
"""


@dataclass
class Observation:
    """What one load of one page at one width and colour scheme showed.

    ``needs`` holds ``(need, visible, box)`` with the first match's box
    (CSS px from the viewport's top left, ``x``/``y``/``width``/``height``)
    or None when the text is not on the page; ``tables`` holds
    LAYOUT_JS's rows; ``violations`` and ``incomplete`` axe-core's, each
    with ``id``, ``impact``, ``help`` and the CSS ``targets`` of its nodes.
    ``error`` is set instead when the page could not be observed."""

    url: str = ""
    status: int = 0
    needs: list[tuple[Need, bool, dict | None]] = field(default_factory=list)
    document_width: int = 0
    tables: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    incomplete: list[dict] = field(default_factory=list)
    error: str = ""


def _observe(context, base_url: str, page_type: PageType, width: int, scheme: str) -> Observation:
    """Open ``page_type`` in ``context`` (a browser context of ``width``
    CSS px and colour ``scheme``), read what the tests check, run axe-core
    and take a full-page screenshot to ``screenshots/``."""
    page = context.new_page()
    try:
        url = page_type.url()
        response = page.goto(base_url + url)
        needs = []
        for need in page_type.needs:
            found = page.locator(need.within).first.get_by_text(need.text).evaluate_all(BOX_JS)
            box = found[0] if found else None
            needs.append((need, bool(box and box.pop("visible")), box))
        layout = page.evaluate(LAYOUT_JS)
        page.add_script_tag(path=str(AXE_JS))
        axe = page.evaluate(AXE_RUN_JS, AXE_TAGS)
        suffix = "" if scheme == "light" else f"-{scheme}"
        page.screenshot(
            path=str(SCREENSHOTS / f"{page_type.name}-{width}{suffix}.png"), full_page=True
        )
        return Observation(
            url=url,
            status=response.status,
            needs=needs,
            document_width=layout["documentWidth"],
            tables=layout["tables"],
            violations=axe["violations"],
            incomplete=axe["incomplete"],
        )
    finally:
        page.close()


def _wanted(request) -> set[tuple[str, int, str]]:
    """The (page type name, width, scheme) that this run's selected tests
    of this module read (after ``-k``, without the skipped ones)."""
    wanted = set()
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        ours = item.module is request.module and "page_type" in params
        if ours and not item.get_closest_marker("skip"):
            wanted.add((params["page_type"].name, params["width"], params["scheme"]))
    return wanted


@pytest.fixture(scope="module")
def observations(request, browser, django_db_setup, django_db_blocker) -> dict:
    """``{(page type name, width, scheme): Observation}`` for every page
    the module's selected tests read, each loaded once, on one seeding of
    the database, one browser context per width and scheme.

    Seeding once (``load_seed``) and flushing after, as pytest-django's
    ``transactional_db`` does around each test, is what keeps the module to
    a minute or so: the pages are read-only. pytest-django's session-wide
    ``live_server`` serves them; the tests themselves touch no database.
    At the module's end every axe-core result, of any impact, is printed
    and written to ``screenshots/axe-violations.json``.
    """
    sums = dict(
        reversed(line.split()) for line in (AXE_DIR / "SHA256SUMS").read_text().splitlines()
    )
    digest = hashlib.sha256(AXE_JS.read_bytes()).hexdigest()
    assert digest == sums["axe.min.js"], "axe.min.js differs from SHA256SUMS: scripts/vendor-axe.sh"
    SCREENSHOTS.mkdir(exist_ok=True)
    live_server = request.getfixturevalue("live_server")
    host = urlsplit(live_server.url).hostname
    by_context: dict[tuple[int, str], list[PageType]] = {}
    for name, width, scheme in sorted(_wanted(request)):
        by_context.setdefault((width, scheme), []).append(PAGE_BY_NAME[name])
    seen: dict[tuple[str, int, str], Observation] = {}
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": host}):
        call_command("load_seed", verbosity=0)
        try:
            for (width, scheme), page_types in by_context.items():
                context = browser.new_context(
                    viewport={"width": width, "height": HEIGHT},
                    color_scheme=scheme,
                    bypass_csp=True,  # lets the axe <script> in under a strict script-src
                )
                for page_type in page_types:
                    try:
                        observed = _observe(context, live_server.url, page_type, width, scheme)
                    except Exception as exc:  # reported by each test that reads it
                        observed = Observation(error=f"{type(exc).__name__}: {exc}")
                    seen[page_type.name, width, scheme] = observed
                context.close()
        finally:
            call_command("flush", interactive=False, verbosity=0)
    yield seen
    _report(request.config, seen)


PAGE_BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}


def _report(config, seen: dict) -> None:
    """Print every axe-core violation and undecided check of the run, and
    write them to ``screenshots/axe-violations.json`` (for the lead)."""
    rows = [
        {
            "page": name,
            "width": width,
            "scheme": scheme,
            "url": obs.url,
            "result": kind,
            "rule": v["id"],
            "impact": v["impact"],
            "count": len(v["targets"]),
            "targets": v["targets"],
            "help": v["help"],
        }
        for (name, width, scheme), obs in sorted(seen.items())
        for kind, results in (("violation", obs.violations), ("incomplete", obs.incomplete))
        for v in results
    ]
    (SCREENSHOTS / "axe-violations.json").write_text(json.dumps(rows, indent=2) + "\n")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    violations = sum(row["result"] == "violation" for row in rows)
    lines = [
        f"{row['page']}-{row['width']}{'' if row['scheme'] == 'light' else '-' + row['scheme']}"
        f"  {row['result']:<10}  {row['impact']:<8}  {row['rule']}  x{row['count']}"
        f"  {', '.join(row['targets'][:3])}"
        for row in rows
    ]
    with capture.global_and_fixture_disabled():  # shown even when the tests pass
        reporter.write_line("")
        reporter.write_sep(
            "-",
            f"axe-core {AXE_VERSION}: {violations} violation(s), "
            f"{len(rows) - violations} result(s) to review, on {len(seen)} page loads",
        )
        for line in lines:
            reporter.write_line(line)


def _seen(observations: dict, page_type: PageType, width: int, scheme: str) -> Observation:
    observed = observations[page_type.name, width, scheme]
    if observed.error:
        pytest.fail(f"{page_type.name} at {width}px ({scheme}) could not be read: {observed.error}")
    return observed


@pytest.mark.parametrize(("page_type", "width", "scheme"), _params("needs"))
def test_texts_a_reader_needs_are_on_screen(observations, page_type, width, scheme):
    seen = _seen(observations, page_type, width, scheme)
    assert seen.status == page_type.status
    hidden = [str(need) for need, visible, _ in seen.needs if not visible]
    assert hidden == [], f"not visible on {seen.url} at {width}px"
    cut_off = [
        f"{need}: x {box['x']:.0f} to {box['x'] + box['width']:.0f}"
        for need, _, box in seen.needs
        if box["x"] < 0 or box["x"] + box["width"] > width
    ]
    assert cut_off == [], f"outside the {width}px screen on {seen.url}"


@pytest.mark.parametrize(("page_type", "width", "scheme"), _params("tables"))
def test_no_table_is_wider_than_its_container(observations, page_type, width, scheme):
    seen = _seen(observations, page_type, width, scheme)
    too_wide = [t for t in seen.tables if t["scrollWidth"] > t["containerWidth"]]
    assert too_wide == [], f"tables wider than their container on {seen.url} at {width}px"
    assert seen.document_width <= width, f"{seen.url} scrolls sideways at {width}px"


def _serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}) x{len(v['targets'])}: {', '.join(v['targets'][:5])}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


@pytest.mark.parametrize(("page_type", "width", "scheme"), _params("axe"))
def test_axe_finds_no_serious_or_critical_violation(observations, page_type, width, scheme):
    seen = _seen(observations, page_type, width, scheme)
    assert _serious(seen.violations) == [], f"axe-core on {seen.url} at {width}px"


@pytest.mark.parametrize(
    ("page_type", "width", "scheme"), _params("axe", widths=(1280,), scheme="dark")
)
def test_axe_finds_no_serious_or_critical_violation_in_dark_mode(
    observations, page_type, width, scheme
):
    seen = _seen(observations, page_type, width, scheme)
    assert _serious(seen.violations) == [], f"axe-core on {seen.url} at {width}px, dark"


def test_axe_harness_fails_a_page_with_serious_violations(browser):
    """The harness can fail: a page without a language, with an image that
    has no text alternative and an unlabelled field (WCAG 3.1.1, 1.1.1,
    4.1.2) gives axe-core's serious and critical violations."""
    context = browser.new_context(viewport={"width": 375, "height": HEIGHT})
    try:
        page = context.new_page()
        page.set_content(
            "<html><head><title>Bad</title></head><body><main>"
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
            "</main></body></html>"
        )
        page.add_script_tag(path=str(AXE_JS))
        failing = _serious(page.evaluate(AXE_RUN_JS, AXE_TAGS)["violations"])
    finally:
        context.close()
    assert [line.split(" ")[0] for line in failing] == ["html-has-lang", "image-alt", "label"]
