"""Editors' notes in Markdown render safely (issue 7, "Look and layout":
"Markdown in an inquiry's description shows its asterisks"): markdown-it-py
with raw HTML off, then nh3 against an allow-list (articles/markdown.py).
Quoted words are never Markdown."""

import pytest
from bs4 import BeautifulSoup

from articles.markdown import render_markdown, render_markdown_inline
from articles.models import Citation, Claim, Inquiry, Response

DOJ = "justice-department-sanctuary-questions"
DAVIS = "davis-baltimore-is-a-welcoming-city"
# The seed's description of the Justice Department's inquiry: the article's first sentence.
SEED_DESCRIPTION = (
    "U.S. cities that refuse to step up efforts to focus on crimes committed by illegal "
    "immigrants will not be allowed to participate in a new crime reduction training program "
    "unveiled earlier this year by the Justice Department, Attorney General Jeff Sessions said "
    "on Thursday."
)


def _soup(html) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


# --- What renders --------------------------------------------------------------


def test_emphasis_strong_and_lists_render():
    soup = _soup(render_markdown("*sanctuary* and **Aug. 18**\n\n- Albuquerque\n- Stockton"))
    assert soup.find("em").get_text() == "sanctuary"
    assert soup.find("strong").get_text() == "Aug. 18"
    assert [li.get_text() for li in soup.select("ul > li")] == ["Albuquerque", "Stockton"]


def test_numbered_list_keeps_its_first_number():
    soup = _soup(render_markdown("2. Do you share jail access?\n3. By when?"))
    assert soup.find("ol")["start"] == "2"
    assert [li.get_text() for li in soup.select("ol > li")] == [
        "Do you share jail access?",
        "By when?",
    ]


def test_a_single_line_break_stays_a_line_break():
    # One question per line, as editors type them in the admin's textarea.
    soup = _soup(render_markdown("First question?\nSecond question?"))
    assert len(soup.find_all("p")) == 1
    assert soup.find("br") is not None
    assert soup.get_text() == "First question?\nSecond question?"


def test_links_get_nofollow_noopener():
    (link,) = _soup(render_markdown("[the article](https://www.reuters.com/article/x)")).find_all(
        "a"
    )
    assert link["href"] == "https://www.reuters.com/article/x"
    assert link["rel"] == ["nofollow", "noopener"]


def test_a_heading_does_not_enter_the_pages_outline():
    soup = _soup(render_markdown("# Big news"))
    assert soup.find("h1") is None
    assert soup.get_text() == "# Big news"


# --- What never comes out ------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<iframe src="https://example.org/"></iframe>',
        '<a href="javascript:alert(1)">x</a>',
        "<div onmouseover=alert(1)>hover</div>",
    ],
)
@pytest.mark.parametrize("render", [render_markdown, render_markdown_inline])
def test_raw_html_is_shown_as_text_never_as_markup(render, source):
    soup = _soup(render(source))
    assert soup.find(["script", "img", "iframe", "div"]) is None
    assert not any(
        tag.attrs.get("onerror") or tag.attrs.get("onmouseover") for tag in soup.find_all(True)
    )
    assert soup.find("a") is None
    assert soup.get_text() == source  # the reader sees what the editor typed


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox)",
        "<javascript:alert(1)>",
    ],
)
@pytest.mark.parametrize("render", [render_markdown, render_markdown_inline])
def test_script_and_data_links_are_not_links(render, source):
    html = str(render(source))
    assert "<a" not in html


def test_an_image_is_not_loaded_on_a_readers_page():
    html = str(render_markdown("![pixel](https://tracker.example/pixel.gif)"))
    assert "<img" not in html


@pytest.mark.parametrize(
    "source", ["a\x00b", "\x00", "x\x01\x02\x1f\x7fy", "\ud800", "*" * 5000, "[" * 3000]
)
@pytest.mark.parametrize("render", [render_markdown, render_markdown_inline])
def test_nul_control_characters_and_odd_input_do_not_crash(render, source):
    html = str(render(source))
    assert "\x00" not in html
    assert "\x01" not in html


def test_control_characters_are_dropped_and_the_words_kept():
    assert str(render_markdown("Bal\x00ti\x07more")) == "<p>Baltimore</p>"


def test_empty_and_none_render_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert render_markdown_inline(None) == ""


def test_inline_has_no_paragraphs_or_lists():
    html = str(render_markdown_inline("**Declined**, see\n- the letter"))
    assert html == "<strong>Declined</strong>, see<br>\n- the letter"


# --- On the pages ---------------------------------------------------------------


def test_inquiry_page_shows_the_seed_description_and_renders_its_markdown(reader_client, seeded):
    soup = BeautifulSoup(reader_client.get(f"/inquiries/{DOJ}/").content, "html.parser")
    assert SEED_DESCRIPTION in soup.select_one("main .prose").get_text()
    Inquiry.objects.filter(slug=DOJ).update(
        description="Cities that refuse will **not** be allowed to participate."
    )
    soup = BeautifulSoup(reader_client.get(f"/inquiries/{DOJ}/").content, "html.parser")
    prose = soup.select_one("main .prose")
    assert prose.find("strong").get_text() == "not"
    assert "*" not in prose.get_text()


def test_response_summary_in_the_table_renders_emphasis(reader_client, seeded):
    Response.objects.filter(inquiry__slug=DOJ, city__slug="san-bernardino-ca").update(
        summary="The chief said he *will* answer."
    )
    soup = BeautifulSoup(reader_client.get(f"/inquiries/{DOJ}/").content, "html.parser")
    cell = soup.select_one("#response-san-bernardino-ca td.summary")
    assert cell.find("em").get_text() == "will"
    assert cell.get_text() == "The chief said he will answer."


def test_quotes_are_shown_exactly_as_stored_never_as_markdown(reader_client, seeded):
    # A quote with Markdown-like characters stays character for character.
    citation = Citation.objects.get(claim__slug=DAVIS)
    Claim.objects.filter(slug=DAVIS).update(text="We *do not* enforce <b>federal</b> laws.")
    Citation.objects.filter(pk=citation.pk).update(public_note="Quoted **as printed**.")
    soup = BeautifulSoup(reader_client.get(f"/claims/{DAVIS}/").content, "html.parser")
    claim = soup.select_one(".claim__text")
    assert claim.get_text() == "“We *do not* enforce <b>federal</b> laws.”"
    assert claim.find(["em", "b"]) is None
    note = soup.select_one(".citation .note")
    assert note.find("strong").get_text() == "as printed"


def test_markdown_to_text_is_what_a_reader_reads_on_one_line():
    from articles.markdown import markdown_to_text

    assert markdown_to_text("First *para*.\n\n- one\n- two &amp; three\n\n> quoted\nline") == (
        "First para. one two & three quoted line"
    )
    assert (
        markdown_to_text("Control\x01chars\x1b and <b>tags</b>") == "Controlchars and <b>tags</b>"
    )
    assert markdown_to_text(None) == ""
    assert markdown_to_text("   ") == ""
