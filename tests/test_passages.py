"""A quote in its sentence (articles/passages.py): what the source page
shows instead of reprinting a third-party article. Expected passages are
the seed article's sentences, written out."""

from types import SimpleNamespace

from articles.passages import in_text_order, passage_of
from articles.seed import article_text


def test_sessions_quote_sits_in_its_sentence():
    passage = passage_of(
        article_text(),
        "Cities and states with so-called ‘sanctuary’ policies make all of us less safe",
    )
    assert passage.in_context
    assert passage.before == "“"
    assert passage.after == ",” Sessions said."


def test_davis_quote_keeps_its_line_break_and_the_rest_of_his_sentence():
    passage = passage_of(
        article_text(), "Baltimore is a welcoming city.\nWe do not enforce federal immigration laws"
    )
    assert passage.before == "“"
    assert passage.after == (
        ",” said Baltimore Police Commissioner Kevin Davis, adding that when cities were "
        "initially selected for the program, there was no formal selection process and that "
        "Baltimore does not control the local jail."
    )


def test_a_quote_that_is_a_whole_sentence_has_no_context_to_add():
    sentence = (
        "He added San Bernardino is not a “sanctuary” city, it does not control the local jail, "
        "and he will answer the department’s questions."
    )
    passage = passage_of(article_text(), sentence)
    assert (passage.before, passage.after) == ("", "")


def test_initials_and_dates_do_not_end_a_sentence():
    # "U.S. Immigration" and "by Aug. 18" are inside one sentence each.
    passage = passage_of(article_text(), "Immigration and Customs Enforcement (ICE) to stop")
    assert passage.before == (
        "New York Attorney General Eric Schneiderman and acting Brooklyn District Attorney "
        "Eric Gonzalez on Thursday called on U.S. "
    )
    assert passage.after.endswith("sweeping up those with low-level misdemeanor cases.")
    passage = passage_of(article_text(), "Aug. 18 confirming")
    assert passage.before.startswith("In making the announcement, Sessions singled out")


def test_only_the_sentence_is_shown_not_its_neighbours():
    text = "First sentence here. The quoted words are here. Third sentence here."
    passage = passage_of(text, "quoted words")
    assert (passage.before, passage.after) == ("The ", " are here.")


def test_a_long_sentence_is_cut_with_an_ellipsis():
    text = "Start " + "word " * 200 + "QUOTE " + "word " * 200 + "end."
    passage = passage_of(text, "QUOTE", limit=50)
    assert passage.before.startswith("… ")
    assert passage.after.endswith(" …")
    assert len(passage.before) <= 52
    assert len(passage.after) <= 52


def test_a_quote_missing_from_the_text_is_shown_alone():
    passage = passage_of("", "I jump.")
    assert passage == passage_of("Nothing like it.", "I jump.")
    assert (passage.before, passage.quote, passage.after, passage.in_context) == (
        "",
        "I jump.",
        "",
        False,
    )


def test_passages_are_listed_in_the_order_a_reader_meets_them():
    davis = SimpleNamespace(quote="Baltimore is a welcoming city.")
    sessions = SimpleNamespace(quote="make all of us less safe")
    yong_yow = SimpleNamespace(quote="on a case-by-case basis.")
    missing = SimpleNamespace(quote="not in the article")
    ordered = in_text_order(article_text(), [missing, yong_yow, davis, sessions])
    assert ordered == [sessions, davis, yong_yow, missing]
