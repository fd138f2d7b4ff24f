"""People, quotes and response signals read from a wire story (issue
"Wire-story ingestion", item 2): the seed story with every expected value,
and the wire patterns one by one. Pure Python: no database."""

from pathlib import Path

import pytest

from articles.ingest.people import find_people
from articles.ingest.quotes import find_quotes
from articles.ingest.signals import find_signals
from articles.ingest.spans import sentences

#: The seed story as the repository keeps it (``articles/seed.py`` loads the
#: same file, a copy of ``shared/seed/``).
SEED = (
    Path(__file__).resolve().parents[1]
    / "articles"
    / "fixtures"
    / "reuters-2017-08-03-sanctuary-cities.txt"
)


def _seed_text() -> str:
    from articles.ingest.reading import normalise  # noqa: PLC0415

    return normalise(SEED.read_text(encoding="utf-8"))


def _run(text: str):
    found = sentences(text)
    people = find_people(text, found)
    return people, find_quotes(text, found, people), find_signals(text, found, people, [])


def _quotes(text: str) -> list[tuple[str, str]]:
    _, quotes, _ = _run(text)
    return [(text[q.start : q.end], q.speaker) for q in quotes]


# --- the seed story -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    text = _seed_text()
    people, quotes, signals = _run(text)
    return text, people, quotes, signals


def test_seed_people_have_their_titles_and_organisations(seed):
    text, people, _, _ = seed
    by_name = {p.name: p for p in people}
    expected = {
        "Jeff Sessions": ("Attorney General", "Justice Department"),
        "Kevin Davis": ("Police Commissioner", "Baltimore Police Department"),
        "Jarrod Burguan": ("police chief", "San Bernardino police"),
        "Rachael Yong Yow": ("spokeswoman", "ICE"),
        "Donald Trump": ("President", ""),
        "Eric Schneiderman": ("Attorney General", "New York"),
        "Eric Gonzalez": ("District Attorney", "Brooklyn"),
    }
    assert set(by_name) == set(expected)
    for name, (title, organization) in expected.items():
        person = by_name[name]
        assert (person.title, person.organization) == (title, organization), name
        assert text[person.start : person.end] == name
    # First full mentions, where the article first names them.
    assert by_name["Jeff Sessions"].start == text.index("Jeff Sessions said on Thursday")
    assert by_name["Rachael Yong Yow"].start == text.index("Rachael Yong Yow, an ICE")


def test_seed_later_mentions_link_surnames_and_pronouns(seed):
    text, people, _, _ = seed
    by_name = {p.name: p for p in people}
    burguan = by_name["Jarrod Burguan"]
    assert [text[s:e] for s, e in burguan.mentions] == ["his", "He", "he"]
    assert burguan.mentions == [
        (text.index("his department"), text.index("his department") + 3),
        (text.index("He added"), text.index("He added") + 2),
        (text.index("he will answer"), text.index("he will answer") + 2),
    ]
    sessions = by_name["Jeff Sessions"]
    assert [text[s:e] for s, e in sessions.mentions] == ["Sessions"] * 3
    assert sessions.mentions[-1][0] == text.index("Sessions’ announcement")
    # "He has urged Congress" follows "by President Donald Trump".
    assert (text.index("He has urged"), text.index("He has urged") + 2) in by_name[
        "Donald Trump"
    ].mentions


def test_seed_has_exactly_three_quotes_of_speech_with_their_speakers(seed):
    text, people, quotes, _ = seed
    first = "Cities and states with so-called ‘sanctuary’ policies make all of us less safe"
    second = "Baltimore is a welcoming city.\nWe do not enforce federal immigration laws"
    third = "on a case-by-case basis."
    assert [(q.start, q.end) for q in quotes] == [
        (text.index(first), text.index(first) + len(first)),
        (text.index(second), text.index(second) + len(second)),
        (text.index(third), text.index(third) + len(third)),
    ]
    assert [q.speaker for q in quotes] == ["Jeff Sessions", "Kevin Davis", "Rachael Yong Yow"]
    assert [people[q.person].name for q in quotes] == [q.speaker for q in quotes]
    # The attribution that names the speaker: "Sessions said", the title
    # and name after "said", the name before "said".
    assert [text[slice(*q.speaker_span)] for q in quotes][0] == "Sessions"
    assert "Kevin Davis" in text[slice(*quotes[1].speaker_span)]
    assert "Rachael Yong Yow" in text[slice(*quotes[2].speaker_span)]


def test_seed_sanctuary_scare_quotes_are_not_speech(seed):
    text, _, quotes, _ = seed
    scare = [i for i in range(len(text)) if text.startswith("“sanctuary”", i)]
    assert len(scare) == 2
    assert not any(q.start <= i + 1 < q.end for q in quotes for i in scare)


def test_seed_signals_san_bernardino_acknowledged_and_the_others_pending(seed):
    text, people, _, signals = seed
    assert [(text[s.start : s.end], s.status) for s in signals] == [
        ("will answer the department’s questions", "acknowledged"),
        ("did not immediately respond to requests for comment", "pending"),
    ]
    answer, silence = signals
    assert (answer.subject, answer.place) == ("Jarrod Burguan", ("San Bernardino", "CA"))
    assert people[answer.person].name == "Jarrod Burguan"
    assert silence.subject == "Representatives from the other two police departments"
    assert text[slice(*silence.subject_span)] == silence.subject
    assert (silence.person, silence.place) == (None, None)


# --- quotes: the wire patterns --------------------------------------------------


def test_quote_before_said_and_after_said():
    text = (
        "“We will not back down,” Senator Mary Jones said on Monday. "
        "“It is a fair deal,” said Governor Tom Black, a Republican."
    )
    assert _quotes(text) == [
        ("We will not back down", "Mary Jones"),
        ("It is a fair deal", "Tom Black"),
    ]


def test_speaker_named_only_in_the_preceding_sentence():
    text = "Mayor Anna Smith spoke on Tuesday. “We will win.”"
    assert _quotes(text) == [("We will win.", "Anna Smith")]
    assert _quotes("Smith spoke on Tuesday. “We will win.”") == [("We will win.", "Smith")]


def test_pronoun_attribution_is_the_last_person_named():
    text = (
        "Jarrod Burguan, the police chief of San Bernardino, spoke to reporters. "
        "“We run no jail,” he said. “We will answer.”"
    )
    assert _quotes(text) == [
        ("We run no jail", "Jarrod Burguan"),
        ("We will answer.", "Jarrod Burguan"),
    ]


def test_full_name_is_given_when_the_attribution_uses_the_surname():
    text = (
        "Attorney General Jeff Sessions spoke on Thursday. "
        "“Sanctuary policies make us less safe,” Sessions said."
    )
    assert _quotes(text) == [("Sanctuary policies make us less safe", "Jeff Sessions")]


def test_unnamed_speaker_is_the_description_as_printed():
    text = (
        "“The president is not worried,” a White House spokesman said. "
        "“We reject the claims,” the Kremlin said on Friday."
    )
    assert _quotes(text) == [
        ("The president is not worried", "a White House spokesman"),
        ("We reject the claims", "the Kremlin"),
    ]


def test_nested_single_marks_and_straight_quotes():
    text = 'Mayor Bill Peduto said: "They called us a ‘sanctuary’ city, and we are proud of it."'
    assert _quotes(text) == [
        ("They called us a ‘sanctuary’ city, and we are proud of it.", "Bill Peduto")
    ]


def test_a_fragment_attributed_by_a_verb_is_a_quote_a_term_is_not():
    text = (
        "President Donald Trump called the deal “a disaster” on Monday. "
        "The so-called “Muslim ban” went to court, and the city is a “sanctuary” city. "
        "She appeared on “The Apprentice” in 2004."
    )
    assert _quotes(text) == [("a disaster", "Donald Trump")]


def test_a_quote_running_over_a_paragraph_break_is_one_quote():
    text = "“We are ready.\nWe will respond,” said Police Chief Ana Ruiz."
    assert _quotes(text) == [("We are ready.\nWe will respond", "Ana Ruiz")]


def test_no_quotes_and_unbalanced_marks_give_no_quote_and_no_error():
    for text in ("", "A story with no quotes at all.", "“An opening mark never closed", "”"):
        people, quotes, signals = _run(text)
        assert quotes == []


# --- signals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase", "status"),
    [
        ("The mayor’s office declined to comment.", "declined to comment", "declined"),
        ("A police spokesman refused to comment.", "refused to comment", "declined"),
        (
            "The sheriff could not be reached for comment.",
            "could not be reached for comment",
            "pending",
        ),
        ("The city said in a statement it had complied.", "said in a statement", "received"),
    ],
)
def test_signal_phrases(sentence, phrase, status):
    _, _, signals = _run(sentence)
    assert [(sentence[s.start : s.end], s.status) for s in signals] == [(phrase, status)]
    assert signals[0].subject == sentence[: sentence.index(phrase)].strip()


def test_a_possessive_speaker_is_the_organisation_not_the_person():
    text = (
        "Prime Minister Benjamin Netanyahu met envoys on Monday. "
        "“Israel’s position is well known,” Netanyahu’s office said."
    )
    assert _quotes(text) == [("Israel’s position is well known", "Netanyahu’s office")]


def test_it_said_is_the_organisation_quoted_before():
    text = (
        "“The strike was illegal,” the Kremlin said on Friday. "
        "It said the move was “a grave mistake” for both countries."
    )
    assert _quotes(text) == [
        ("The strike was illegal", "the Kremlin"),
        ("a grave mistake", "the Kremlin"),
    ]


def test_adding_that_takes_the_subject_of_said():
    text = (
        "President Hillary Clinton wants a panel. It could be difficult, Morningstar analyst "
        "Damien Conover said, adding that a “Republican Congress would push back hard on this.”"
    )
    assert _quotes(text) == [
        ("Republican Congress would push back hard on this.", "Damien Conover")
    ]


def test_round_up_attribution_after_a_dash():
    text = (
        "“We will not renegotiate.” - French President Emmanuel Macron in an address\n"
        "“This is a setback.” - Goldman Sachs CEO Lloyd Blankfein on Twitter"
    )
    assert _quotes(text) == [
        ("We will not renegotiate.", "Emmanuel Macron"),
        ("This is a setback.", "Lloyd Blankfein"),
    ]


def test_a_term_with_no_verb_in_its_sentence_is_not_a_quote():
    text = (
        "John Doe said he was abused. “It ruined my life,” he said. "
        "Hastert pleaded guilty to “structuring” to evade bank rules."
    )
    assert _quotes(text) == [("It ruined my life", "John Doe")]


def test_declined_signal_names_the_person():
    text = "North Carolina Senator Bob Rucho, a Republican, declined to comment on the findings."
    people, _, signals = _run(text)
    (signal,) = signals
    assert (signal.status, signal.subject) == ("declined", "Bob Rucho")
    assert people[signal.person].title == "Senator"


def test_any_text_gives_findings_inside_it_and_never_raises():
    import random  # noqa: PLC0415

    pieces = [
        "“",
        "”",
        '"',
        "‘",
        "’",
        " said ",
        " he ",
        " she ",
        "Mr. ",
        "\n",
        "  ",
        ".",
        ",",
        ":",
        "John Smith",
        " Attorney General Jane Roe",
        ", a spokeswoman,",
        " declined to comment",
        " did not respond",
        " will answer the questions",
        " in a statement",
        "U.S.",
        "San Bernardino",
        "so-called ",
        "(Reuters) - ",
        "’s ",
        "-",
        "?",
        "!",
        "it",
        "they",
        "“A,” ",
        "x" * 50,
    ]
    generator = random.Random(11)
    for _ in range(400):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 40)))
        people, quotes, signals = _run(text)
        spans = [(p.start, p.end) for p in people] + [m for p in people for m in p.mentions]
        spans += [(q.start, q.end) for q in quotes] + [(s.start, s.end) for s in signals]
        assert all(0 <= start <= end <= len(text) for start, end in spans), text
        assert all(q.person is None or 0 <= q.person < len(people) for q in quotes)


def test_attribution_closing_the_sentence_and_a_name_before_of_place():
    text = (
        "The group is “very close to signing off” on the bill, Representative Mark Walker "
        "told Reuters. Republican Senator Mike Lee of Utah said: “I will vote for it.”"
    )
    people, quotes, _ = _run(text)
    assert [p.name for p in people] == ["Mark Walker", "Mike Lee"]
    assert [(text[q.start : q.end], q.speaker) for q in quotes] == [
        ("very close to signing off", "Mark Walker"),
        ("I will vote for it.", "Mike Lee"),
    ]


def test_a_signal_whose_subject_names_a_city_gets_its_state_from_the_story():
    text = (
        "Four departments in New Mexico, Maryland and California were named. "
        "Stockton police did not immediately respond to requests for comment."
    )
    _, _, (signal,) = _run(text)
    assert (signal.status, signal.subject) == ("pending", "Stockton police")
    assert signal.place == ("Stockton", "CA")


# --- a signal's city from the words of its subject --------------------------------


def _signals_with_places(text: str):
    from articles.ingest.dateline import parse_dateline  # noqa: PLC0415
    from articles.ingest.places import find_places  # noqa: PLC0415

    found = sentences(text)
    places = find_places(text, found, parse_dateline(text))
    return find_signals(text, found, find_people(text, found), places)


@pytest.mark.parametrize(
    ("text", "status", "subject", "place"),
    [
        (
            "Stockton officials said in a statement on Tuesday that the city would appeal.",
            "received",
            "Stockton officials",
            ("Stockton", "CA"),
        ),
        (
            "A spokesman for the city of Stockton, California, said in a statement "
            "that it would appeal.",
            "received",
            "A spokesman for the city of Stockton, California",
            ("Stockton", "CA"),
        ),
        (
            "A spokeswoman for the city of Flint, Mich., said in a statement that the "
            "water was safe.",
            "received",
            "A spokeswoman for the city of Flint, Mich.",
            ("Flint", "MI"),
        ),
        (
            "Officials in Columbus, Ohio, did not immediately respond to requests for comment.",
            "pending",
            "Officials in Columbus, Ohio",
            ("Columbus", "OH"),
        ),
        (
            "Officials in Columbus did not immediately respond to requests for comment. "
            "The Ohio capital has grown.",
            "pending",
            "Officials in Columbus",
            ("Columbus", "OH"),
        ),
        # Columbus, Ohio and Columbus, Georgia: no state named, no city guessed.
        (
            "Officials in Columbus did not immediately respond to requests for comment.",
            "pending",
            "Officials in Columbus",
            None,
        ),
    ],
)
def test_signal_place_from_the_city_in_its_subject(text, status, subject, place):
    (signal,) = _signals_with_places(text)
    assert (signal.status, signal.subject, signal.place) == (status, subject, place)
    assert text[slice(*signal.subject_span)] == subject
