"""Speaker attribution, the general rules (issue "Wire-story ingestion",
item 2): a name in an apposition before the verb, pronoun gender, verbs
that attribute a fragment, an unnamed spokesman the story names later.
Every sentence here is written for the test (none is from the corpus).
Pure Python: no database."""

from articles.ingest.people import find_people
from articles.ingest.quotes import find_quotes
from articles.ingest.spans import sentences


def _quotes(text: str) -> list[tuple[str, str]]:
    found = sentences(text)
    people = find_people(text, found)
    return [(text[q.start : q.end], q.speaker) for q in find_quotes(text, found, people)]


# --- 1. the name in the apposition right before the verb -----------------------


def test_the_named_apposition_before_said_is_the_speaker_not_a_name_in_the_description():
    text = (
        "Governor Frank Harwood signed the budget on Monday. "
        "Another senior Harwood administration official, Budget Director Paul Jensen, "
        "said the new tax “is off the table.” "
        "“The governor and I agree on this,” he told reporters."
    )
    assert _quotes(text) == [
        ("is off the table.", "Paul Jensen"),
        ("The governor and I agree on this", "Paul Jensen"),
    ]


def test_a_possessive_description_gives_way_to_the_name_after_it():
    text = (
        "Senator Frank Harwood was not at the hearing. "
        "Harwood’s chief of staff, Mark Ellison, said that he and the senator "
        "“will not back down on the levee money.”"
    )
    assert _quotes(text) == [("will not back down on the levee money.", "Mark Ellison")]


def test_an_apposition_closing_a_relative_clause_is_not_the_speaker():
    text = (
        "Governor Frank Harwood, who was appointed by his predecessor, Governor Tom Reyes, "
        "called the plan “a fair deal for every family.”"
    )
    assert _quotes(text) == [("a fair deal for every family.", "Frank Harwood")]


def test_an_apposition_with_a_name_after_for_is_not_the_speaker():
    text = (
        "Jo Kendall, a lawyer for Senator Frank Harwood, said the ruling "
        "“changes nothing for the families.”"
    )
    assert _quotes(text) == [("changes nothing for the families.", "Jo Kendall")]


# --- 2. pronoun gender ------------------------------------------------------------


def test_gender_comes_from_titles_first_names_and_linked_pronouns():
    text = (
        "Spokeswoman Robin Tate met Mr. Lee Dorsey and Senator Nancy Hale on Monday. "
        "Jordan Quill, the city’s treasurer, said her office would pay. "
        "Ashley Grant, the firefighter’s widow, stood by the mayor."
    )
    people = {p.name: p.gender for p in find_people(text, sentences(text))}
    assert people == {
        "Robin Tate": "f",
        "Lee Dorsey": "m",
        "Nancy Hale": "f",
        "Jordan Quill": "f",
        "Ashley Grant": "f",
    }
    # Kinship marks a person and a gender, not an office.
    grant = find_people(text, sentences(text))[-1]
    assert (grant.name, grant.title, grant.organization) == ("Ashley Grant", "", "")


def test_a_bare_she_goes_to_the_previous_speaker_not_a_woman_in_the_description():
    text = (
        "Senator Nancy Hale is running again. "
        "Another Hale campaign aide, spokeswoman Robin Tate, said the ads “will keep running.” "
        "“The senator and I agree on this,” she told reporters."
    )
    assert _quotes(text) == [
        ("will keep running.", "Robin Tate"),
        ("The senator and I agree on this", "Robin Tate"),
    ]


def test_a_bare_pronoun_keeps_its_link_when_someone_else_is_named_in_between():
    text = (
        "“The dam is safe,” said Mayor Tom Black. "
        "Deputy Mayor Paul Reyes disagreed with him on Friday. "
        "“The dam is not safe,” he said."
    )
    assert _quotes(text) == [
        ("The dam is safe", "Tom Black"),
        ("The dam is not safe", "Paul Reyes"),
    ]


def test_a_bare_pronoun_never_goes_to_a_previous_speaker_of_the_other_gender():
    text = (
        "“We will appeal,” said Spokeswoman Robin Tate. “We are ready for a long fight,” he said."
    )
    assert _quotes(text)[1][1] != "Robin Tate"


# --- 3. verbs that attribute a fragment -----------------------------------------


def test_a_second_verb_joined_by_and_keeps_the_speaker_of_the_first_fragment():
    text = (
        "Senator Dana Holt called the ruling “shameful” and labeled the judge a “disgrace.” "
        "The court declined to comment."
    )
    assert _quotes(text) == [("shameful", "Dana Holt"), ("disgrace.", "Dana Holt")]


def test_dubbed_described_as_and_labelled_attribute_a_fragment_to_their_subject():
    text = (
        "Governor Frank Harwood dubbed the levy a “cash grab” on Monday. "
        "Mayor Tom Black described the plan, which passed on Friday, as “highway robbery.” "
        "Senator Dana Holt labelled the vote “a sham.”"
    )
    assert _quotes(text) == [
        ("cash grab", "Frank Harwood"),
        ("highway robbery.", "Tom Black"),
        ("a sham.", "Dana Holt"),
    ]


def test_a_name_right_after_dubbed_is_still_a_term():
    text = "Governor Frank Harwood unveiled the plan, dubbed “Fast Track,” on Monday."
    assert _quotes(text) == []


# --- 4. an unnamed spokesperson the story names -----------------------------------


def test_a_spokesman_is_the_one_spokesman_the_story_names():
    text = (
        "The agency was “deeply concerned” by the ruling, a spokesman said on Monday. "
        "Transport Department spokesman Carl Dietz said the trains would run."
    )
    assert _quotes(text) == [("deeply concerned", "Carl Dietz")]
    text = text.replace("a spokesman said", "a Transport Department spokesman said")
    assert _quotes(text) == [("deeply concerned", "Carl Dietz")]


def test_a_spokesman_stays_as_printed_when_the_story_names_several_or_none_that_fit():
    two = (
        "The agency was “deeply concerned” by the ruling, a spokesman said on Monday. "
        "Transport Department spokesman Carl Dietz and Treasury spokesman Omar Reyes "
        "spoke later."
    )
    assert _quotes(two) == [("deeply concerned", "a spokesman")]
    other_office = (
        "The agency was “deeply concerned” by the ruling, a Treasury spokesman said. "
        "Transport Department spokesman Carl Dietz said the trains would run."
    )
    assert _quotes(other_office) == [("deeply concerned", "a Treasury spokesman")]
    other_gender = (
        "The agency was “deeply concerned” by the ruling, a spokeswoman said. "
        "Transport Department spokesman Carl Dietz said the trains would run."
    )
    assert _quotes(other_gender) == [("deeply concerned", "a spokeswoman")]


def test_a_pronoun_in_an_opening_clause_is_the_person_named_after_it():
    text = (
        "Her husband, Governor Frank Harwood, was not there. "
        "Asked who he would vote for, Tom Black, a retired teacher, said: “Harwood, of course.” "
        "“He kept the mill open,” he said."
    )
    found = sentences(text)
    people = find_people(text, found)
    black = next(p for p in people if p.name == "Tom Black")
    asked = text.index("he would vote")
    assert (asked, asked + 2) in black.mentions
    assert _quotes(text) == [
        ("Harwood, of course.", "Tom Black"),
        ("He kept the mill open", "Tom Black"),
    ]


def test_his_or_her_before_a_noun_is_no_subject_the_thing_owned_speaks():
    text = (
        "Senator Nancy Hale wants a drug panel. "
        "She would give the panel “new enforcement tools” to fine makers, her campaign said."
    )
    assert _quotes(text) == [("new enforcement tools", "her campaign")]


def test_a_clause_with_a_pronoun_subject_between_commas_is_no_apposition():
    text = (
        "Governor Frank Harwood opposed the levy. "
        "Since his re-election, he has softened, saying he would keep an “open mind” on it."
    )
    assert _quotes(text) == [("open mind", "Frank Harwood")]
