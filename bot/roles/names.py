"""Normalising role names as people type them, shared by the loader, the resolver and the importer."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_LEADING_FILLER = re.compile(r"^(?:(?:a|an|the|your|my|our|their|this|that)\s+)+")
_TRAILING_FILLER = re.compile(r"(?:\s+(?:role|roles|position|positions|job|jobs|title|post))+$")
_POSSESSIVE = re.compile(r"(\w)'s\b|(\w)s'(?=\s|$)")
_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(text: str) -> str:
    """Lower case, no accents, no punctuation ("C.O.O." -> "coo"), no leading article or trailing "role"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    if "'" in text:
        text = _POSSESSIVE.sub(lambda m: m.group(1) or m.group(2), text)
    if "." in text:
        text = _INNER_DOT.sub("", text)  # C.O.O -> COO before other punctuation becomes space
    text = _NOT_WORD.sub(" ", text).strip()
    text = _LEADING_FILLER.sub("", text)
    text = _TRAILING_FILLER.sub("", text)
    return text.strip()


# Short forms people type for words of titles; both sides of a comparison get the long form.
_SHORT_FORMS = {
    "management": "manager",  # "product management" is what a product manager does
    "mgr": "manager", "mngr": "manager", "ops": "operations", "dev": "developer", "devs": "developer",
    "eng": "engineer", "engr": "engineer", "exec": "executive", "admin": "administrator", "asst": "assistant",
    "rep": "representative", "reps": "representative", "vice-president": "vice president",
    "tech": "technician", "techs": "technician", "sr": "senior", "snr": "senior", "jr": "junior",
    "coord": "coordinator", "supv": "supervisor", "supvr": "supervisor", "svc": "service", "svcs": "service",
    "para": "paraprofessional",  # a US school's teaching assistant ("Special Ed Para")
    # Job boards' own short forms ("Eligibility Spec II", "Maint Tech", "Whse Assoc"); none is a word of a name.
    "spec": "specialist", "specs": "specialist", "mgmt": "manager", "maint": "maintenance", "assoc": "associate",
    "cust": "customer", "dir": "director", "mktg": "marketing", "mfg": "manufacturing", "whse": "warehouse",
    "insp": "inspector", "oper": "operator", "opr": "operator", "sched": "scheduler", "supt": "superintendent",
    "mech": "mechanic", "tchr": "teacher", "instr": "instructor", "cert": "certified", "clin": "clinical",
    "ap": "accounts payable", "ar": "accounts receivable",
    # British spellings, as O*NET writes them in American.
    "labourer": "laborer", "labourers": "laborer", "labour": "labor", "centre": "center", "centres": "center",
    "organisation": "organization", "organisational": "organizational", "organiser": "organizer",
    "programme": "program", "programmes": "program", "paediatric": "pediatric", "paediatrician": "pediatrician",
    "anaesthetist": "anesthetist", "anaesthesiologist": "anesthesiologist", "orthopaedic": "orthopedic",
    "haematology": "hematology", "gynaecologist": "gynecologist", "colour": "color", "colourist": "colorist",
    "behaviour": "behavior", "behavioural": "behavioral", "harbour": "harbor", "licence": "license",
    "licenced": "licensed", "jewellery": "jewelry", "jeweller": "jeweler", "tyre": "tire", "tyres": "tire",
    "aluminium": "aluminum", "storey": "story", "catalogue": "catalog", "analyse": "analyze",
    "specialised": "specialized", "customised": "customized", "optimisation": "optimization",
    "adviser": "advisor", "counsellor": "counselor", "counselling": "counseling", "fibre": "fiber",
    "mould": "mold", "moulder": "molder", "moulding": "molding", "draughtsman": "draftsman",
    "draughtsperson": "draftsperson", "theatre": "theater", "metre": "meter", "grey": "gray", "defence": "defense",
    "enrolment": "enrollment", "travelling": "traveling", "modelling": "modeling", "modeller": "modeler",
    "fulfilment": "fulfillment", "labelling": "labeling", "haematologist": "hematologist",
    "gynaecology": "gynecology", "anaesthesia": "anesthesia", "paediatrics": "pediatrics",
    "orthopaedics": "orthopedics", "ageing": "aging", "kerb": "curb", "authorisation": "authorization",
}
# Words whose last "s" is not a plural ("sales" stays "sales" on both sides anyway; these would break).
_NOT_PLURAL = frozenset("ss us is ics ous".split())


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """A crude singular form, applied to both sides of a comparison ("officers" -> "officer", "RNs" -> "rn")."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):  # waitresses, coaches, washes, boxes
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def title_words(text: str) -> tuple[str, ...]:
    """The words of a name as compared everywhere: normalised, short forms expanded, each made singular."""
    words: list[str] = []
    for word in normalise_name(text).split():
        words.extend(singular(part) for part in _SHORT_FORMS.get(word, word).split())
    return tuple(words)


def singular_key(text: str) -> str:
    """title_words joined: the key under which a name is found."""
    return " ".join(title_words(text))


def spaceless_key(text: str) -> str:
    """title_words run together: "fork lift" and "forklift" are one name."""
    return "".join(title_words(text))


# Words that join the parts of a title; "Director of Nursing" has its head noun before them.
CONNECTORS = frozenset("of for in to at with on from by".split())
STOP_WORDS = frozenset("and or the a an".split()) | CONNECTORS


def head_noun(words: tuple[str, ...] | list[str]) -> str | None:
    """The word a title is about: "nurse" in "ICU registered nurse", "director" in "director of nursing"."""
    for i, word in enumerate(words):
        if word in CONNECTORS and i > 0:
            return words[i - 1]
    return words[-1] if words else None


_PARENTHESES = re.compile(r"\s*[(\[]([^)\]]*)[)\]]\s*")


def name_variants(name: str) -> list[str]:
    """A catalogue name and the forms it holds: "CEO (Chief Executive Officer)" -> both halves as names."""
    inside = [part.strip() for part in _PARENTHESES.findall(name) if part.strip()]
    outside = _PARENTHESES.sub(" ", name).strip()
    return [v for v in dict.fromkeys([outside, *inside]) if v]


# Job-posting clutter: what a posting adds around the title that says nothing about the occupation. A season is
# the posting's, not the job's ("Summer Lifeguard"); SOC codes trainees and apprentices with the occupation they
# train for ("Apprentice Electrician"), though a name O*NET gives ("Electrician Apprentice") is tried first.
_SEGMENT_BREAK = re.compile(
    r"\s+[-\u2013\u2014|@/]\s+|\s*[|@]\s*|\s+-{2,}\s*|:\s+|\s+at\s+|,\s+(?=[A-Z][a-z]+,?\s+[A-Z]{2}\b)"
)
CLUTTER_WORDS = frozenset(
    """senior junior lead principal staff trainee entry level i ii iii iv v vi 1 2 3 4 5 remote hybrid onsite
    site home based part full time ft pt temporary temp permanent contract per diem prn night nights day days
    weekend weekends shift overnight evening evenings seasonal urgent urgently hiring immediate immediately start
    new grad graduate sign bonus now opening openings position job vacancy wanted needed experienced tier grade band
    locum relief casual fixed term wfh summer winter holiday christmas apprentice""".split()
)


def has_segments(text: str) -> bool:
    """Whether a text is cut into segments as a posting's title is: "Deckhand - Commercial Fishing"."""
    return len([part for part in _SEGMENT_BREAK.split(text) if part and part.strip()]) > 1


# Clutter that is a title word in some names ("Lead Carpenter" is a carpenter; "Night Auditor" is its own title):
# the name as typed is tried first, so stripping only happens when the full name is unknown.
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z]{1,5}$")


@dataclass(frozen=True)
class PostingTitle:
    """A title as a posting writes it, taken apart: the forms to try in order, the core and an abbreviation."""

    variants: tuple[tuple[str, ...], ...]
    core: tuple[str, ...]
    hint: str | None = None
    # The forms of the segments after the first ("Truck Driver - CDL A - OTR"): team, place, requirements,
    # sometimes the title's long form ("DSP - Direct Support Professional").
    later: tuple[tuple[str, ...], ...] = ()
    # Every word outside brackets: a bracket holds a short form or its long form, not more about the job.
    unbracketed: frozenset[str] = frozenset()


# A seniority word that is the head noun when it ends a title: "Assistant Principal".
_RANK_HEADS = frozenset({"principal"})
# "4th Grade Teacher", "third grade teacher": a grade after an ordinal is a school's, not a pay grade ("A-Grade").
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# The US school that teaches each grade: "3rd Grade Teacher" teaches in an elementary school.
_SCHOOL_OF_GRADE = {**{n: ("elementary", "school") for n in range(1, 6)},
                    **{n: ("middle", "school") for n in range(6, 9)},
                    **{n: ("high", "school") for n in range(9, 13)}}


# Where "Year 3" is said (Britain, Ireland, Australia, New Zealand), years 1 to 6 are primary school and 7 to 13
# secondary school, whose teachers O*NET calls elementary and secondary (high) school teachers.
_SCHOOL_OF_YEAR = {**{n: ("elementary", "school") for n in range(1, 7)},
                   **{n: ("high", "school") for n in range(7, 14)}}


def _at_school_level(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """"3rd grade teacher" as "elementary school teacher", "9th grade teacher" as "high school teacher"; "Year 3
    Teacher" as "elementary school teacher" (a year before the job: "1 Year Contract" says nothing)."""
    for i in range(1, len(words)):
        if words[i] == "grade" and _ORDINAL.fullmatch(words[i - 1]):
            ordinal = words[i - 1]
            number = int(ordinal[:-2]) if ordinal[0].isdigit() else _ORDINAL_WORDS.index(ordinal) + 1
            school = _SCHOOL_OF_GRADE.get(number)
            return (*words[:i - 1], *school, *words[i + 1:]) if school else None
        if words[i - 1] == "year" and words[i].isdigit() and i + 1 < len(words):
            school = _SCHOOL_OF_YEAR.get(int(words[i]))
            return (*words[:i - 1], *school, *words[i + 1:]) if school else None
    return None


def _kept(words: tuple[str, ...], i: int) -> bool:
    word = words[i]
    if word not in CLUTTER_WORDS:
        return True
    if word in _RANK_HEADS:
        return i == len(words) - 1 > 0
    return word == "grade" and i > 0 and bool(_ORDINAL.fullmatch(words[i - 1]))


def _without_clutter(words: tuple[str, ...], numbers: bool = True) -> tuple[str, ...]:
    """The words without seniority, schedule and the like, and (with `numbers`) without figures; a seniority
    word that ends a title after another word is its head and stays ("assistant principal")."""
    return tuple(w for i, w in enumerate(words)
                 if _kept(words, i) and not (numbers and re.fullmatch(r"\d+(?:k|st|nd|rd|th)?", w)))


def read_posting_title(text: str) -> PostingTitle:
    """'Sr. Accountant II - Remote (CPA)' -> forms from the whole text down to 'accountant', hint 'CPA'.

    The forms run from the title as typed to its first segment without seniority, schedule or location; the first
    form that is a known name wins, so "Night Auditor" stays a night auditor. The later segments are kept apart:
    they name the title only when the first says too little.
    """
    hint = None
    for inside in _PARENTHESES.findall(text):
        if _ABBREVIATION.match(inside.strip()) and inside.strip().upper() == inside.strip():
            hint = inside.strip()
    bare = _PARENTHESES.sub(" ", text).strip() or text
    parts = [_readings(segment) for segment in _SEGMENT_BREAK.split(bare) if segment and segment.strip()]
    parts = [p for p in parts if p]
    # The title is the first segment that is more than clutter ("Urgent - Welder"); the rest only describe it.
    title_at = next((n for n, readings in enumerate(parts) if any(_without_clutter(w) for w in readings)), 0)
    variants: list[tuple[str, ...]] = [title_words(text), title_words(bare)]
    later: list[tuple[str, ...]] = []
    for n, readings in enumerate(parts):
        for words in readings:
            # "911 Dispatcher Trainee": a figure may be part of the name, so it goes last.
            (variants if n <= title_at else later).extend(
                [words, _without_clutter(words, numbers=False), _without_clutter(words)])
    segments = [words for readings in parts for words in readings]
    core = next((w for w in (_without_clutter(s) for s in segments) if w), title_words(bare))
    first = tuple(v for v in dict.fromkeys(variants) if v)
    return PostingTitle(first, core, hint, tuple(v for v in dict.fromkeys(later) if v and v not in first),
                        frozenset(title_words(bare)))


_COMPLEMENT = re.compile(r",\s+|\s+(?:to|for|at|with|w/)\s+", re.IGNORECASE)


# Ranks that may come before the job in "Assistant Professor of Chemistry": the job is still a chemistry professor.
_RANKS_BEFORE_OF = frozenset("assistant associate adjunct visiting deputy".split())
_MAX_FIELD_WORDS = 3
# "Teacher of Science" is how British schools name a secondary school's science teacher; O*NET's "science teacher"
# is a middle school's.
_NOT_FIELD_FIRST = frozenset({"teacher"})


def _field_first(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """"Professor of Chemistry" as "chemistry professor", "Director of Nursing" as "nursing director": the job
    with its field before it, as names are mostly written. A rank before the job goes ("Assistant Professor of
    Chemistry"); the field is short and holds no connector of its own."""
    at = next((i for i, word in enumerate(words) if word in CONNECTORS), None)
    if at is None or at == 0 or words[at] not in ("of", "in") or words[at - 1] in _NOT_FIELD_FIRST:
        return None
    field = words[at + 1:]
    if not 0 < len(field) <= _MAX_FIELD_WORDS or CONNECTORS.intersection(field):
        return None
    before = tuple(w for w in words[:at - 1] if w not in _RANKS_BEFORE_OF and w not in CLUTTER_WORDS)
    return (*before, *field, words[at - 1])


def _readings(segment: str) -> list[tuple[str, ...]]:
    """A segment, then the title before a complement ("Executive Assistant to CEO", "Data Scientist,
    Experimentation"), then each side of a slash ("Firefighter/EMT"): later readings count only when the
    earlier ones are no known name."""
    readings = [title_words(segment)]
    for reading in (_at_school_level(readings[0]), _field_first(readings[0])):
        if reading:
            readings.append(reading)
    head = _COMPLEMENT.split(segment, maxsplit=1)[0]
    if head != segment:
        readings.append(title_words(head))
    parts = [title_words(part) for part in head.split("/")] if "/" in head else []
    if len(parts) > 1 and len(parts[-1]) > 1 and all(len(p) == 1 for p in parts[:-1]):
        # "OB/GYN Sonographer", "HVAC/R Technician": the slash joins words of one title, which share its rest.
        readings += [(*p, *parts[-1][1:]) for p in parts[:-1]] + [parts[-1]]
    else:
        readings += parts
    return [r for r in readings if r]
