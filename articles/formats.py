"""How the newsroom writes dates and zones, in one place.

AP style (the Associated Press Stylebook, "months"): Jan., Feb., Aug.,
Sept., Oct., Nov. and Dec. are abbreviated with a date; March, April, May,
June and July never are. Django's ``N`` format follows that rule, so every
date a reader or an editor meets goes through :func:`ap_date` (never
``strftime("%b.")``, which writes "May." and "Sep.").
"""

import datetime
import functools
import re

from django.utils import dateformat, translation

#: Words for the deadline zones a reader meets (Eastern time, not America/New_York).
ZONE_WORDS: dict[str, str] = {
    "America/New_York": "Eastern time",
    "America/Detroit": "Eastern time",
    "America/Indiana/Indianapolis": "Eastern time",
    "America/Kentucky/Louisville": "Eastern time",
    "America/Chicago": "Central time",
    "America/Indiana/Knox": "Central time",
    "America/Menominee": "Central time",
    "America/North_Dakota/Center": "Central time",
    "America/Denver": "Mountain time",
    "America/Boise": "Mountain time",
    "America/Phoenix": "Mountain time (Arizona)",
    "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time",
    "America/Adak": "Hawaii-Aleutian time",
    "Pacific/Honolulu": "Hawaii time",
    "America/Puerto_Rico": "Atlantic time",
    "Pacific/Guam": "Chamorro time",
    "Pacific/Pago_Pago": "Samoa time",
    "UTC": "UTC",
}


def ap_date(value: datetime.date) -> str:
    """``Aug. 3, 2017``, ``May 1, 2017``, ``Sept. 5, 2017`` (AP style).

    Args:
        value: a date (a datetime is shown by its own date, no conversion).

    A list page writes hundreds of dates, most of them the same few days:
    each day's words are remembered per language (``N`` is translated).
    """
    day = value.date() if isinstance(value, datetime.datetime) else value
    return _ap_day(day, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _ap_day(day: datetime.date, language: str | None) -> str:
    return dateformat.format(day, "N j, Y")


def zone_words(tz_name: str) -> str:
    """A deadline zone in words: ``"America/New_York"`` -> ``"Eastern time"``;
    an unlisted zone is shown by its name."""
    return ZONE_WORDS.get(tz_name, tz_name)


#: Characters XML 1.0 and HTML forbid in text (W3C XML 1.0, section 2.2
#: "Characters", its ``Char`` production; HTML's "noncharacters" and
#: "control characters" parse errors): C0 controls other than tab, LF and
#: CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(value: str) -> str:
    """``value`` without the characters XML 1.0 and HTML forbid, the one
    rule for every text the tracker hands to another program (feeds,
    JSON-LD, CSV cells, rendered Markdown): ``"Control\\x01chars\\x1b"`` ->
    ``"Controlchars"``. Tab, line feed, carriage return and everything from
    U+0020 on (DEL, emoji, "ñ") are kept; dropping rather than replacing
    keeps words whole, as pages show them.

    Args:
        value: any ``str`` (a lone surrogate included); never raises.
    """
    return _NOT_PRINTABLE.sub("", value)


def possessive(name: str) -> str:
    """A name in the possessive, AP style: "Kevin Davis’" (a singular
    proper name ending in s takes only the apostrophe, as the article's
    "Sessions’ announcement"), "Jarrod Burguan’s"."""
    name = str(name)
    return f"{name}’" if name.endswith(("s", "S")) else f"{name}’s"
