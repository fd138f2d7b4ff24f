"""Reading a story, its dateline and its U.S. places (issue "Wire-story
ingestion", items 1, 2 and "Bad input"). Pure Python: no database."""

from pathlib import Path

import pytest

from articles.ingest.dateline import parse_dateline
from articles.ingest.places import find_places
from articles.ingest.reading import (
    ENCODING_MESSAGE,
    StoryError,
    normalise,
    read_story,
    text_digest,
)
from articles.ingest.spans import Dateline, sentences

SEED = (
    Path(__file__).resolve().parent.parent
    / "articles/fixtures/reuters-2017-08-03-sanctuary-cities.txt"
)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return normalise(SEED.read_text(encoding="utf-8"))


def places_of(text: str):
    return find_places(text, sentences(text), parse_dateline(text))


def cities_of(text: str) -> set[tuple[str, str]]:
    return {(p.name, p.state) for p in places_of(text) if p.kind == "city"}


# --- dateline -------------------------------------------------------------------


def test_seed_dateline_two_places_and_the_wire(seed_text):
    assert parse_dateline(seed_text) == Dateline(
        text="WASHINGTON/NEW YORK (Reuters)",
        end=32,
        places=(("WASHINGTON", 0, 10), ("NEW YORK", 11, 19)),
        publisher="Reuters",
    )
    assert seed_text[32:].startswith("U.S. cities that refuse")


@pytest.mark.parametrize(
    ("text", "printed", "places", "publisher", "rest"),
    [
        (
            "MARRAKESH, Morocco/CHICAGO (Reuters) - The prospect",
            "MARRAKESH, Morocco/CHICAGO (Reuters)",
            (("MARRAKESH, Morocco", 0, 18), ("CHICAGO", 19, 26)),
            "Reuters",
            "The prospect",
        ),
        (
            "SAN JUAN, Puerto Rico (Reuters) -Puerto Rico's governor",
            "SAN JUAN, Puerto Rico (Reuters)",
            (("SAN JUAN, Puerto Rico", 0, 21),),
            "Reuters",
            "Puerto Rico's governor",
        ),
        (
            "LONDON/WASHINGTON (Reuters) – Britain said",
            "LONDON/WASHINGTON (Reuters)",
            (("LONDON", 0, 6), ("WASHINGTON", 7, 17)),
            "Reuters",
            "Britain said",
        ),
        (
            "WINSTON-SALEM, N.C. (Reuters) - A federal judge",
            "WINSTON-SALEM, N.C. (Reuters)",
            (("WINSTON-SALEM, N.C.", 0, 19),),
            "Reuters",
            "A federal judge",
        ),
        ("(Reuters) - U.S. prosecutors", "(Reuters)", (), "Reuters", "U.S. prosecutors"),
        (
            "(This Nov. 24 story has been refiled to correct paragraph eight.) HANOI (Reuters) - Vietnam",
            "HANOI (Reuters)",
            (("HANOI", 66, 71),),
            "Reuters",
            "Vietnam",
        ),
        (
            "By Stephanie Nebehay and Tom Miles GENEVA (Reuters) - The heads",
            "GENEVA (Reuters)",
            (("GENEVA", 35, 41),),
            "Reuters",
            "The heads",
        ),
    ],
)
def test_dateline_variants(text, printed, places, publisher, rest):
    dateline = parse_dateline(text)
    assert dateline.text == printed
    assert dateline.places == places
    assert dateline.publisher == publisher
    assert text[dateline.end :] == rest
    for name, start, end in dateline.places:
        assert text[start:end] == name


@pytest.mark.parametrize(
    "text",
    [
        "The following statements were posted to the verified Twitter accounts of U.S. President Donald Trump",
        "U.S. cities that refuse to step up efforts will not be allowed to participate.",
        "",
    ],
)
def test_no_dateline(text):
    assert parse_dateline(text) is None


# --- places: the seed story -------------------------------------------------------


def test_seed_story_cities_exactly(seed_text):
    assert cities_of(seed_text) == {
        ("Washington", "DC"),
        ("New York City", "NY"),
        ("Albuquerque", "NM"),
        ("Baltimore", "MD"),
        ("San Bernardino", "CA"),
        ("Stockton", "CA"),
        ("Brooklyn", "NY"),
    }


def test_seed_story_every_mention_with_its_offsets(seed_text):
    def at(phrase: str, name: str, occurrence: int = 0) -> int:
        start = -1
        for _ in range(occurrence + 1):
            start = seed_text.index(phrase, start + 1)
        return start + phrase.index(name)

    expected = [
        (0, "WASHINGTON", "Washington", "DC", "city", True),
        (11, "NEW YORK", "New York City", "NY", "city", True),
        (
            at("are Albuquerque, New Mexico", "Albuquerque"),
            "Albuquerque",
            "Albuquerque",
            "NM",
            "city",
            False,
        ),
        (
            at("Albuquerque, New Mexico;", "New Mexico"),
            "New Mexico",
            "New Mexico",
            "NM",
            "state",
            False,
        ),
        (at("Baltimore, Maryland;", "Baltimore"), "Baltimore", "Baltimore", "MD", "city", False),
        (at("Baltimore, Maryland;", "Maryland"), "Maryland", "Maryland", "MD", "state", False),
        (
            at("and San Bernardino and Stockton", "San Bernardino"),
            "San Bernardino",
            "San Bernardino",
            "CA",
            "city",
            False,
        ),
        (at("and Stockton, California", "Stockton"), "Stockton", "Stockton", "CA", "city", False),
        (
            at("Stockton, California.", "California"),
            "California",
            "California",
            "CA",
            "state",
            False,
        ),
        (
            at("“Baltimore is a welcoming city", "Baltimore"),
            "Baltimore",
            "Baltimore",
            "MD",
            "city",
            False,
        ),
        (
            at("said Baltimore Police Commissioner", "Baltimore"),
            "Baltimore",
            "Baltimore",
            "MD",
            "city",
            False,
        ),
        (
            at("that Baltimore does not control", "Baltimore"),
            "Baltimore",
            "Baltimore",
            "MD",
            "city",
            False,
        ),
        (
            at("police chief of San Bernardino", "San Bernardino"),
            "San Bernardino",
            "San Bernardino",
            "CA",
            "city",
            False,
        ),
        (
            at("He added San Bernardino", "San Bernardino"),
            "San Bernardino",
            "San Bernardino",
            "CA",
            "city",
            False,
        ),
        (at("New York Attorney General", "New York"), "New York", "New York", "NY", "state", False),
        (
            at("acting Brooklyn District Attorney", "Brooklyn"),
            "Brooklyn",
            "Brooklyn",
            "NY",
            "city",
            False,
        ),
    ]
    found = places_of(seed_text)
    assert [
        (p.start, seed_text[p.start : p.end], p.name, p.state, p.kind, p.dateline) for p in found
    ] == expected
    assert all(
        p.end - p.start == len(printed)
        for p, (_s, printed, *_r) in zip(found, expected, strict=True)
    )
    assert all(p.candidates == () for p in found)


def test_seed_story_gazetteer_keys(seed_text):
    keys = {p.name: p.key for p in places_of(seed_text) if p.kind == "city"}
    # GeoNames ids of the places (geonames.org).
    assert keys["Stockton"] == "geonames:5399020"
    assert keys["Washington"] == "geonames:4140963"
    assert keys["Brooklyn"] == "geonames:5110302"


def test_people_and_institutions_are_not_places(seed_text):
    names = {seed_text[p.start : p.end] for p in places_of(seed_text)}
    # Davis, CA and White House, TN exist; Sessions and Trump are people.
    assert not names & {"Davis", "Sessions", "Trump", "Congress", "White House", "Burguan"}


# --- places: the rules -------------------------------------------------------------


def test_stockton_california():
    assert cities_of("The city council met in Stockton, California, on Monday.") == {
        ("Stockton", "CA")
    }


def test_ap_abbreviation_after_the_city():
    assert cities_of("A Republican from Mahomet, Ill., said so.") == {("Mahomet", "IL")}


def test_a_list_shares_its_state():
    text = "Police in Albuquerque, New Mexico; Baltimore, Maryland; and San Bernardino and Stockton, California."
    assert cities_of(text) == {
        ("Albuquerque", "NM"),
        ("Baltimore", "MD"),
        ("San Bernardino", "CA"),
        ("Stockton", "CA"),
    }


def test_alone_resolved_by_an_earlier_mention():
    text = (
        "The shooting happened in San Bernardino, California.\n"
        "The police chief of San Bernardino said the city was safe."
    )
    found = [p for p in places_of(text) if p.kind == "city"]
    assert [(p.start, p.name, p.state) for p in found] == [
        (25, "San Bernardino", "CA"),
        (73, "San Bernardino", "CA"),
    ]


def test_alone_resolved_by_the_state_named_nearby():
    text = "Montana voters went to the polls. Gianforte voted at a school in Helena on Thursday."
    assert cities_of(text) == {("Helena", "MT")}


def test_ambiguous_name_keeps_its_candidates():
    # Springfield is the name of towns in many states; no state is named.
    (place,) = places_of("He spoke at a rally in Springfield on Friday.")
    assert place.name == "Springfield"
    assert place.state == ""
    assert place.key == ""
    assert len(place.candidates) > 5
    assert all(key.startswith("geonames:") for key in place.candidates)


def test_ap_cities_stand_alone():
    text = "Trump flew from Washington to Chicago, then to Philadelphia and St. Louis."
    assert cities_of(text) == {
        ("Washington", "DC"),
        ("Chicago", "IL"),
        ("Philadelphia", "PA"),
        ("St. Louis", "MO"),
    }


@pytest.mark.parametrize(
    ("text", "kind", "state"),
    [
        ("Senator Maria Cantwell of Washington state voted no.", "state", "WA"),
        ("In its ruling, the court said the state of Washington had standing.", "state", "WA"),
        ("Officials in Seattle, Washington, said so.", "state", "WA"),
        ("New York Governor Andrew Cuomo said in a statement.", "state", "NY"),
        ("Representative Chris Collins of New York said so.", "state", "NY"),
        ("Large numbers live in New York, Illinois and Florida.", "state", "NY"),
        ("He held a news conference at Trump Tower in New York on Monday.", "city", "NY"),
        ("Former New York Mayor Michael Bloomberg said so.", "city", "NY"),
        ("She met lawmakers in Washington on Tuesday.", "city", "DC"),
        ("At the end of the day, Washington needs a partner.", "city", "DC"),
        ("Buffalo, New York, was snowed in.", "state", "NY"),
    ],
)
def test_washington_and_new_york(text, kind, state):
    name = "Washington" if "Washington" in text else "New York"
    found = [p for p in places_of(text) if text[p.start : p.end] == name]
    assert [(p.kind, p.state) for p in found] == [(kind, state)]


@pytest.mark.parametrize(
    "text",
    [
        "Attorney General Jeff Sessions said on Thursday.",
        "The White House did not respond; Congress is in recess in August.",
        "Baltimore Police Commissioner Kevin Davis said. Davis added nothing.",
        "The Washington Post and the Chicago Tribune reported it.",
        "Macron met Merkel in Paris and then flew to Moscow.",
        "The Olympics in Rio de Janeiro begin in August.",
        "Section 702 of the act expires; Rule 41 was amended.",
        "Hillary Clinton spoke. An inquiry into Clinton's emails followed.",
    ],
)
def test_no_false_places(text):
    cities = cities_of(text) - {("Baltimore", "MD")}
    assert cities == set()


def test_foreign_city_with_its_us_state_is_a_us_place():
    assert cities_of("The festival in Paris, Texas, drew a crowd.") == {("Paris", "TX")}


def test_dateline_city_with_its_state():
    text = "SOMERSET, N.J. (Reuters) - President Donald Trump spent the weekend at his club."
    (place,) = places_of(text)
    assert (place.start, place.end, place.name, place.state, place.dateline) == (
        0,
        8,
        "Somerset",
        "NJ",
        True,
    )


def test_foreign_dateline_is_no_us_place():
    assert places_of("LONDON (Reuters) - Britain said on Monday.") == []


def test_every_mention_offset_matches_the_printed_name():
    text = "WASHINGTON/AUSTIN, Texas (Reuters) - Officials in Dallas-based firms and Brooklyn residents."
    for place in places_of(text):
        assert text[place.start : place.end].casefold() in {
            "washington",
            "austin",
            "texas",
            "dallas",
            "brooklyn",
        }
    assert cities_of(text) == {
        ("Washington", "DC"),
        ("Austin", "TX"),
        ("Dallas", "TX"),
        ("Brooklyn", "NY"),
    }


# --- reading --------------------------------------------------------------------------


def test_plain_text_bytes_read_and_normalised():
    story = read_story(b"WASHINGTON (Reuters) - One.  \r\nTwo.\r\n\r\n")
    assert story.text == "WASHINGTON (Reuters) - One.\nTwo."
    assert story.title == ""


def test_seed_story_reads_unchanged(seed_text):
    assert read_story(SEED.read_bytes()).text == seed_text


def test_same_story_other_spacing_same_digest():
    assert text_digest("One  two\nthree") == text_digest("One two three\n")
    assert text_digest("One two") != text_digest("One two.")


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "", "  \n "])
def test_empty_story_refused(data):
    with pytest.raises(StoryError, match=r"^The story is empty\.$"):
        read_story(data)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PNG, "The file is a PNG image, not a story."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "The file is a PDF, not a story."),
        (
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 30,
            "The file is a ZIP archive, not a story.",
        ),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "The file is a JPEG image, not a story."),
    ],
)
def test_binary_files_named(data, message):
    with pytest.raises(StoryError) as error:
        read_story(data, name="story.txt")
    assert str(error.value) == message


def test_nul_bytes_refused():
    with pytest.raises(StoryError, match="NUL bytes"):
        read_story(b"WASHINGTON (Reuters) - One\x00two")


def test_control_characters_refused():
    with pytest.raises(StoryError, match=r"control character \(U\+001B\) at character 4"):
        read_story("One\x1b[31mtwo")


@pytest.mark.parametrize(
    ("data", "code", "position"),
    [("Ab\x85c", "0085", 3), ("Ab\ud800c", "D800", 3), ("\x07", "0007", 1)],
)
def test_c1_controls_and_lone_surrogates_refused(data, code, position):
    with pytest.raises(StoryError) as error:
        read_story(data)
    assert str(error.value) == (
        f"The text holds a control character (U+{code}) at character {position}: "
        "it is not a plain-text story."
    )


def test_html_text_extracted_scripts_and_markup_gone():
    html = (
        "<!DOCTYPE html><html><head><title>Sessions targets sanctuary cities | Reuters</title>"
        "<script>alert(1)</script><style>p{color:red}</style></head><body>"
        "<nav><a href='/'>Home</a></nav><h1>Sessions targets sanctuary cities</h1>"
        "<article><p>WASHINGTON/NEW YORK (Reuters) - U.S. cities that refuse to step up efforts "
        "will not be allowed to participate in a new crime reduction training program.</p>"
        "<p>The four police departments that must respond are Albuquerque, New Mexico; "
        "Baltimore, Maryland; and San Bernardino and Stockton, California.</p>"
        "<p>An aside: &lt;script&gt;alert(2)&lt;/script&gt; was typed here.</p>"
        "<script>alert(3)</script></article></body></html>"
    )
    story = read_story(html.encode(), name="story.html")
    assert story.title == "Sessions targets sanctuary cities | Reuters"
    assert story.text.startswith("WASHINGTON/NEW YORK (Reuters) - U.S. cities that refuse")
    assert "and San Bernardino and Stockton, California." in story.text
    assert "alert" not in story.text
    assert "<" not in story.text and ">" not in story.text
    assert "Home" not in story.text


def test_html_recognised_by_content_and_og_title_preferred():
    html = (
        '<meta property="og:title" content="Crime program limits"><title>Ignored</title>'
        "<p>Stockton, California, was named.</p>"
    )
    story = read_story(html)
    assert story.title == "Crime program limits"
    assert story.text == "Stockton, California, was named."


def test_html_with_only_script_refused():
    with pytest.raises(StoryError, match="The HTML holds no story text."):
        read_story(b"<html><body><script>alert(1)</script></body></html>")


def test_story_over_the_character_limit_refused(settings):
    settings.INGEST_MAX_CHARS = 100
    with pytest.raises(StoryError) as error:
        read_story("x" * 101)
    assert str(error.value) == (
        "The story is 101 characters long; the limit is 100 characters (INGEST_MAX_CHARS)."
    )
    assert read_story("x" * 100).text == "x" * 100


def test_default_character_limit_is_documented():
    with pytest.raises(StoryError, match="limit is 100,000 characters"):
        read_story("word " * 20_001)


def test_input_over_the_byte_limit_refused_before_reading(settings):
    settings.INGEST_MAX_BYTES = 1024
    with pytest.raises(StoryError) as error:
        read_story(b"\x89PNG" + b"a" * 2000)  # refused for its size, not read at all
    assert str(error.value) == (
        "The file is 1.96 KiB (2,004 bytes); the limit is 1 KiB (1,024 bytes) (INGEST_MAX_BYTES)."
    )
    with pytest.raises(StoryError, match=r"^The text is 2 KiB \(2,048 bytes\); the limit is 1 KiB"):
        read_story("é" * 1024)  # two bytes each in UTF-8


def test_utf16_with_byte_order_mark_read(seed_text):
    assert read_story(SEED.read_text(encoding="utf-8").encode("utf-16")).text == seed_text


def test_windows_1252_read_when_coherent(seed_text):
    story = read_story(SEED.read_text(encoding="utf-8").encode("cp1252"))
    assert story.text == seed_text
    assert "“sanctuary”" in story.text


@pytest.mark.parametrize(
    "data",
    [
        "Café in Zürich".encode("latin-1"),  # too short to tell
        "Привет, как дела? Это тестовый текст на русском языке.".encode("koi8-r"),
        bytes(range(128, 256)) * 4,
    ],
)
def test_unknown_encoding_refused(data):
    with pytest.raises(StoryError) as error:
        read_story(data)
    assert str(error.value) == ENCODING_MESSAGE
    assert str(error.value) == "The text's encoding could not be recognised; save it as UTF-8."


def test_state_named_most_often_in_the_story_wins():
    # Helena is a town in Montana, Georgia, Alabama and more: a story from
    # Montana that names Atlanta, Georgia once still means Helena, MT.
    text = (
        "BOZEMAN, Mont. (Reuters) - Gianforte won Montana's seat.\n"
        "Democrats lost a race in the suburbs of Atlanta, Georgia.\n"
        "Gianforte had been favored to win in Montana.\n"
        "A voter cast a ballot at a polling station in Helena."
    )
    assert ("Helena", "MT") in cities_of(text)


def test_a_mention_without_a_cue_counts_where_the_story_places_the_name():
    text = "The gunman killed 49 people at a club in Orlando.\nThe Orlando gunman was born in New York."
    orlando = [p for p in places_of(text) if p.name == "Orlando"]
    first = text.index("Orlando")
    second = text.index("Orlando", first + 1)
    assert [(p.start, p.state) for p in orlando] == [(first, "FL"), (second, "FL")]


def test_foreign_namesake_counts_in_a_story_that_places_it_in_the_us():
    text = "BIRMINGHAM, Ala. (Reuters) - Jones spoke.\nJones told voters during a speech in Birmingham."
    birmingham = [p for p in places_of(text) if p.name == "Birmingham"]
    assert [(p.start, p.state, p.dateline) for p in birmingham] == [
        (0, "AL", True),
        (text.index("Birmingham."), "AL", False),
    ]
    assert cities_of("Voters in Birmingham, England, went to the polls.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "He won re-election in 2014. Booker campaigned for Clinton.",
        "The race ends in 2018. De Leon has not endorsed Newsom.",
        "Many Democrats are pushing for a vote; many residents agree.",
    ],
)
def test_a_sentence_start_is_no_cue(text):
    assert cities_of(text) == set()


def test_a_city_politician_and_a_county():
    text = "State Senator Donne Trotter, a Chicago Democrat, met officials in Cook County."
    found = places_of(text)
    assert [(text[p.start : p.end], p.name, p.state, p.kind) for p in found] == [
        ("Chicago", "Chicago", "IL", "city"),
        ("Cook County", "Cook County", "", "county"),
    ]
    assert len(found[1].candidates) > 1
    assert all(key.startswith("fips:") for key in found[1].candidates)


def test_a_news_page_gives_the_story_without_headline_menu_or_footer(seed_text):
    paragraphs = "".join(
        f"<p>{line.replace('&', '&amp;').replace('<', '&lt;')}</p>\n"
        for line in seed_text.split("\n")
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>U.S. cities that refuse... | Reuters</title>"
        '<meta property="og:title" content="Sessions: sanctuary cities barred from crime program">'
        "<script>window.dataLayer=[];</script></head><body>"
        "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        "</ul></nav></header><main><article>"
        "<h1>Sessions: sanctuary cities barred from crime program</h1>"
        f"<div class='body'>{paragraphs}</div></article>"
        "<aside><h2>Related</h2><ul><li><a href='/x'>Trump signs order</a></li></ul></aside>"
        "</main><footer><p>© 2017 Reuters. All rights reserved.</p>"
        "<script>track()</script></footer></body></html>"
    )
    story = read_story(page.encode(), content_type="text/html; charset=utf-8")
    assert story.title == "Sessions: sanctuary cities barred from crime program"
    assert story.text == seed_text
    assert parse_dateline(story.text).text == "WASHINGTON/NEW YORK (Reuters)"


def test_html_without_main_text_keeps_one_paragraph_a_line():
    story = read_story(
        "<html><body><p>Stockton, California.</p><p>Baltimore, Maryland.</p></body></html>"
    )
    assert story.text == "Stockton, California.\nBaltimore, Maryland."


# --- a dateline place is always reported; "<Place> officials" is a cue ----------


def test_ambiguous_dateline_is_reported_with_its_candidates():
    # Issue: "an ambiguous name left with its candidates rather than guessed";
    # AP style would print SPRINGFIELD, Ill., but a bare one is still a place.
    (place,) = places_of("SPRINGFIELD (Reuters) - The governor signed the budget on Monday.")
    assert (place.start, place.end, place.name, place.state, place.key) == (
        0,
        11,
        "Springfield",
        "",
        "",
    )
    assert place.dateline
    assert len(place.candidates) > 5
    assert all(key.startswith("geonames:") for key in place.candidates)


@pytest.mark.parametrize(
    "text",
    [
        "SPRINGFIELD, Illinois (Reuters) - The governor signed the budget on Monday.",
        "SPRINGFIELD (Reuters) - The budget passed. Springfield, Illinois, is the capital.",
        "SPRINGFIELD (Reuters) - Illinois lawmakers passed a budget on Monday.",
    ],
)
def test_dateline_resolved_by_the_state_the_story_names(text):
    dateline = [p for p in places_of(text) if p.dateline]
    assert [(p.name, p.state, p.candidates) for p in dateline] == [("Springfield", "IL", ())]


@pytest.mark.parametrize(
    "text",
    [
        "Stockton officials said in a statement on Tuesday that the city would appeal.",
        "Stockton leaders met on Tuesday.",
    ],
)
def test_place_officials_is_a_place_cue(text):
    # Stockton, CA (about 300,000 people) dwarfs every other Stockton.
    assert cities_of(text) == {("Stockton", "CA")}


@pytest.mark.parametrize(
    "text",
    [
        "Hillary Clinton lost the election. Clinton officials said she would not run.",
        "District of Columbia officials expect a million people at the inauguration.",
        "Paris officials said on Monday the tower would close.",
    ],
)
def test_officials_after_a_person_or_a_foreign_city_is_no_place(text):
    assert cities_of(text) == set()
