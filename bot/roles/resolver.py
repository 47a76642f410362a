"""From a role mention as a person typed it ("C.O.O.", "cheif operating oficer", "Sr. Welder II - Remote") to roles.

Precision first: a reply about the wrong role is worse than "I don't know that role". The steps, in order (each
a method of RoleNameIndex; the first that decides gives the answer):
0. `_by_managed_setting`: what a manager manages decides the occupation, so a known name made of a later
   segment and the title is that name's role ("General Manager – Select Service Hotel" is a hotel general
   manager, a lodging manager; the general manager is named);
1. `_by_name`: a slug (button payloads) or a known name, exactly (case, plurals and punctuation ignored), trying
   the title as typed, then without a posting's clutter (seniority, schedule, location, a bracketed abbreviation);
   a figure or a word of the field typed with a shared name tells its roles apart ("Deckhand - Commercial
   Fishing"), and so does a word one of their own titles holds ("Front Desk Agent - Hotel"). A name every
   owner lists plainly that is a whole part of another role's own title is that role's ("veterinary
   assistant"), and one headed by an occupation's whole own title is that occupation ("CNC Machinist"). A
   name several roles share goes to the one the reviewed table of usual meanings names ("line cook": the
   restaurant cook; bot/catalogue/usual_meanings.yml; the reply names the others), else to the one the data
   marks (a curated role, an occupation's own title, a title O*NET features, unless the others naming it
   employ three times as many people), else to the occupation whose own title holds the name, else to the
   one occupation that is not an "all other" one
   ("Infantryman"), else to the one that employs at least twice as many people as all the others naming it
   together (BLS figures; the reply names the others); a generic one-word title ("supervisor"), a tie or a
   name used for another job abroad ("tiler") asks which one;
2. `_by_later_segment`: the segments after the title ("- CDL A - OTR") count only when the title itself says
   too little;
3. `_by_typo`: a typo, only for words no name uses ("cheif" yes, "branch" never becomes "brand"), when the
   corrected title is a known name and close to what was typed;
4. `_by_known_part`: a known name after words no name uses ("barista weekends melbourne"), or before them
   when they are short forms or the name is curated ("SIA Door Supervisor", "linux sysadmin");
5. `_by_shared_end` and `_by_setting`: a title ending in a shared name whose other words one of its roles' own
   titles holds ("Fast Food Crew Member"); a known name in a setting the title adds ("hotel bartender",
   "freelance content writer"), unless another role's names join the setting to that kind of job;
6. `_by_own_title` and `_by_stem`: the title held whole by one to three roles' own titles ("truck driver"), or
   the distinctive half of a curated title ("devops");
7. `_by_ranking`: every role is ranked against the title, head noun first; the best is the answer only when it
   is clearly ahead and every word of the title is known, or when a second opinion (a linear classifier trained
   on every name, title_classifier.py) finds one role clearly ahead, agreeing with the title's field and with a
   known name the title ends in, if several roles share that name ("goat dairy farm hand"); else up to three
   are offered as suggestions.
At every step, an occupation is never the answer for what its own title excepts ("Teaching Assistants, …,
Except Special Education" for a "Special Ed Para").
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.roles.names import (
    CLUTTER_WORDS,
    CONNECTORS,
    STOP_WORDS,
    PostingTitle,
    head_noun,
    name_variants,
    read_posting_title,
    spaceless_key,
    title_words,
)
from bot.roles.occupations import ELSEWHERE_KIND, USUAL_KIND
from bot.roles.ranking import TitleRanker
from bot.roles.records import NameEntry, RoleRef
from bot.roles.title_classifier import TitleClassifier
from bot.roles.words import NEVER_ALONE, RANK_WORDS, SETTING_PHRASES

MAX_OPTIONS = 3
# A curated title's first word names it alone ("devops", "scrum") only when at most this many roles use it.
STEM_MAX_ROLES = 3
# A one-word title that heads the names of this many roles is generic: "supervisor", "teacher", "engineer".
GENERIC_HEAD_ROLES = 6
# A corrected title must still look like what was typed.
TYPO_RATIO = 85
MIN_TYPO_LENGTH = 4
MIN_SUBSTITUTION_LENGTH = 6
# Ranking answers only when the best role is this far ahead (measured in `make evaluate`); below, it offers.
ANSWER_SCORE = 2.0
ANSWER_MARGIN = 1.0
# Where the ranking is not clearly ahead, the second opinion answers when its best role scores this much and
# leads the next by this much (docs/benchmarks.md: a second opinion).
CLEAR_SCORE = 0.3
CLEAR_MARGIN = 0.8
# A shared name means the occupation holding this share of all the people in its occupations (twice the rest).
USUAL_SHARE = 2 / 3
# Where only plain alternate titles share the name, one occupation must employ nine in ten of the people.
PLAIN_USUAL_SHARE = 0.9
# A title O*NET features for one occupation stands unless the others naming it employ this many times as many.
OUTNUMBERED = 3
# An O*NET name this short counts inside a sentence only when typed in capitals.
SHORT_FORM_LENGTH = 4


def _capitals(text: str) -> set[str]:
    """The words typed in capitals ("RN", "C.O.O."), in the form the index keys them."""
    return {" ".join(title_words(token)) for token in re.findall(r"\b[A-Z][A-Z.&]*[A-Z]s?\b\.?", text)}


def without_setting(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A title without the words that say where or on what terms the job is done, and those words:
    "in house graphic designer" -> ("graphic", "designer"), ("in", "house")."""
    kept: list[str] = []
    dropped: list[str] = []
    i = 0
    while i < len(words):
        phrase = next((p for p in SETTING_PHRASES if words[i:i + len(p)] == p), None)
        if phrase:
            dropped += phrase
            i += len(phrase)
        else:
            kept.append(words[i])
            i += 1
    while kept and kept[0] in STOP_WORDS:
        kept.pop(0)
    return tuple(kept), tuple(dropped)


# Heads of titles that O*NET splits by what is managed: a hotel's general manager is a lodging manager.
_MANAGING = frozenset({"manager", "director", "supervisor", "superintendent", "administrator"})
_SETTING_WORDS = frozenset(w for phrase in SETTING_PHRASES for w in phrase if w not in STOP_WORDS)


def name_priority(entry: NameEntry) -> int:
    """How strongly a name points at its role when roles share it: the curated catalogue's own names first,
    then an occupation's own title, then the titles O*NET features (My Next Move), then all others."""
    if entry.source == "curated" and entry.kind in ("title", "abbreviation", "alias"):
        return 4
    if entry.kind in ("title", "onet_title"):
        return 3
    return 2 if entry.kind == "featured" else 1


@dataclass(frozen=True)
class Resolution:
    """What a mention refers to: one role, several (ambiguous), or none with suggestions."""

    mention: str
    role: RoleRef | None = None
    # For an ambiguous name, the roles it names; for an unknown one, close suggestions; for a name answered
    # with its usual meaning (`how` "usual"), the other roles it names.
    candidates: tuple[RoleRef, ...] = field(default=())
    ambiguous: bool = False
    # Which step decided: slug, exact, usual, typo, stem, ranked or none (for evaluation and review).
    how: str = "none"


@dataclass(frozen=True)
class Mention:
    """A role name found inside a sentence."""

    text: str
    start: int
    roles: tuple[RoleRef, ...]
    # One role in `roles` taken as the usual meaning of a shared name: the others it names.
    others: tuple[RoleRef, ...] = ()
    # How it was found: "exact" (a whole name), "alone" (a one-word name among everyday words), "stem" or
    # "typo" (half a title, or a name despite a typo).
    how: str = "exact"


@dataclass
class _Reading:
    """A mention on its way through the resolver's steps, with what the earlier steps found."""

    mention: str
    posting: PostingTitle
    # The shared name the title itself is, asked unless a later step finds better.
    first: Resolution | None = None
    # A name in a later segment, answered when nothing else is found.
    late: Resolution | None = None
    # The title's core with typing slips corrected.
    corrected: tuple[str, ...] = ()


# Words that end one part of an official title: "Welders, Cutters, and Brazers", "Teachers, Except Special".
_PART_BREAKS = ("and", "or", "except", "including")


def _first_part(title: tuple[str, ...]) -> frozenset[str]:
    """The words of an own title before its first part break ("and", "or", "except"): "veterinary assistant"
    in "Veterinary Assistants and Laboratory Animal Caretakers"."""
    end = next((i for i, word in enumerate(title) if word in _PART_BREAKS), len(title))
    return frozenset(title[:end]) - STOP_WORDS


_EXCEPT = re.compile(r",?\s+except\s+", re.IGNORECASE)
_FIELD_ENDS = frozenset({"education", "product", "service"})
_LIST_BREAK = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def excepted(own_title: str) -> tuple[frozenset[str], ...]:
    """What an occupation's own title says it is not, as sets of words that, all typed, name it: "Secondary School
    Teachers, Except Special and Career/Technical Education" -> {special}, {career, technical}; "Floor Layers,
    Except Carpet, Wood, and Hard Tiles" -> ..., {hard, tile}. Words the title itself uses, and a field's
    "education", "products" or "services" after its name, tell nothing."""
    parts = _EXCEPT.split(own_title, maxsplit=1)
    if len(parts) < 2:
        return ()
    own = set(title_words(parts[0]))
    found = []
    for phrase in _LIST_BREAK.split(parts[1]):
        words = [w for w in title_words(phrase.replace("/", " ")) if w not in STOP_WORDS and w not in own]
        words = words[:-1] if len(words) > 1 and words[-1] in _FIELD_ENDS else words
        if words and words[0] not in ("all", "other"):
            found.append(frozenset(words))
    return tuple(found)


def _holds(title: tuple[str, ...], words: tuple[str, ...], extra: int = 99) -> bool:
    """Whether an own title holds every word of a name, its head noun ending a part of the title, with at most
    `extra` other words in that part: "Light Truck Driver" holds "truck driver" (one extra word);
    "Vice President of Operations" does not hold "vice president"."""
    content = {w for w in words if w not in STOP_WORDS}
    if not content <= set(title):
        return False
    head = head_noun(words)
    # A name only in the part after "of" is not what the job is: "Supervisors of Office and Administrative
    # Support Workers" holds no "support worker" (but "Board of Directors" holds "board directors").
    ends = next((i for i, w in enumerate(title) if w in CONNECTORS and i > 0), len(title))
    if not content & set(title[:ends]):
        return False
    for i, word in enumerate(title):
        if word == head and (i + 1 == len(title) or title[i + 1] in _PART_BREAKS):
            start = max((j + 1 for j in range(i) if title[j] in _PART_BREAKS), default=0)
            if len(set(title[start:i + 1]) - content - STOP_WORDS) <= extra:
                return True
    return False


_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    key: {other for r2, row2 in enumerate(_KEYBOARD_ROWS) for c2, other in enumerate(row2)
          if abs(r2 - r) <= 1 and abs(c2 - c) <= 1 and other != key}
    for r, row in enumerate(_KEYBOARD_ROWS) for c, key in enumerate(row)
}


# Letters people mix up when they spell by ear: "paralegel", "sistem", "recepsionist".
_SOUND_ALIKE = [set("aeiouy"), set("cksz"), set("st")]


def is_typing_slip(typed: str, known: str) -> bool:
    """Whether two words one edit apart differ by a slip rather than by being other words: a letter left
    out or doubled, two swapped, a key next to the right one, or letters that sound alike."""
    if len(typed) != len(known):
        return True
    diff = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
    if len(diff) == 2:  # two neighbours swapped
        return True
    if len(diff) != 1 or len(typed) < MIN_SUBSTITUTION_LENGTH:  # "vibe" is no slip for "vine"
        return False
    wrong, right = typed[diff[0]], known[diff[0]]
    return right in _NEIGHBOURS.get(wrong, set()) or any({wrong, right} <= group for group in _SOUND_ALIKE)


class RoleNameIndex:
    """All the names of all roles, keyed for exact, in-sentence, typo-tolerant and ranked lookup."""

    def __init__(self, names: list[NameEntry], workers: Mapping[str, int] | None = None):
        """`workers`: how many people hold each SOC occupation ("53-7051": 700,000), for shared names."""
        self._workers_by_soc = dict(workers or {})
        self._refs: dict[str, RoleRef] = {}
        self._codes: dict[str, tuple[str, ...]] = {}
        self._owners: dict[str, dict[str, int]] = defaultdict(dict)
        self._own_titles: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self._stems: dict[str, list[RoleRef]] = {}
        # "tiler": the roles a name means abroad where O*NET gives it to others (names_abroad.yml).
        self._elsewhere: dict[str, set[str]] = defaultdict(set)
        # The first job an own title names, unless a comma or a connector qualifies it ("Buyers and Purchasing
        # Agents, Farm Products", "Appraisers and Assessors of Real Estate"): "veterinary assistant" in
        # "Veterinary Assistants and Laboratory Animal Caretakers".
        self._first_jobs: dict[frozenset[str], set[str]] = defaultdict(set)
        # What an occupation's own title says it is not: a "Special Ed Para" is no teaching assistant "except
        # special education".
        self._excepted: dict[str, tuple[frozenset[str], ...]] = {}
        # "line cook": the role a name several roles share usually means (usual_meanings.yml).
        self._usually: dict[str, str] = {}
        prominence: Counter[str] = Counter()
        for entry in names:
            ref = self._refs.setdefault(entry.slug, RoleRef(entry.slug, entry.title))
            self._codes.setdefault(entry.slug, entry.codes)
            if entry.kind == USUAL_KIND:
                self._usually[spaceless_key(entry.name)] = entry.slug
                continue
            priority = name_priority(entry)
            if entry.kind == "onet_title" and (exceptions := excepted(entry.name)):
                self._excepted[entry.slug] = exceptions
            # A role's own title is one name ("Engineer (Other Specialties)" is not an "Engineer");
            # O*NET's other titles hold their short forms in brackets: "CEO (Chief Executive Officer)".
            for variant in (entry.name,) if entry.kind == "title" else name_variants(entry.name):
                words = title_words(variant)
                if not words:
                    continue
                key = " ".join(words)
                owners = self._owners[key]
                owners[entry.slug] = max(owners.get(entry.slug, 0), priority)
                prominence[entry.slug] += 1
                if entry.kind == ELSEWHERE_KIND:
                    self._elsewhere[key].add(entry.slug)
                if entry.kind in ("title", "onet_title"):
                    self._own_titles[entry.slug].append(words)
                    if "," not in entry.name and not CONNECTORS.intersection(words):
                        self._first_jobs[_first_part(words)].add(entry.slug)
                if entry.source == "curated" and entry.kind in ("title", "alias") and len(words) == 2:
                    self._stems.setdefault(words[0], [])
                    if ref not in self._stems[words[0]]:
                        self._stems[words[0]].append(ref)
        self._prominence = prominence
        # "front end developer" and "frontend developer" are one name: owners of spellings that differ only
        # in spaces are pooled.
        spellings: dict[str, list[str]] = defaultdict(list)
        for key in self._owners:
            spellings[key.replace(" ", "")].append(key)
        for keys in spellings.values():
            if len(keys) > 1:
                pooled: dict[str, int] = {}
                for key in keys:
                    for slug, priority in self._owners[key].items():
                        pooled[slug] = max(pooled.get(slug, 0), priority)
                abroad = set().union(*(self._elsewhere.get(key, set()) for key in keys))
                for key in keys:
                    self._owners[key] = dict(pooled)
                    if abroad:
                        self._elsewhere[key] = set(abroad)
        self._prefixes = {" ".join(key.split()[:n]) for key in self._owners for n in range(1, len(key.split()))}
        self._max_words = max((len(key.split()) for key in self._owners), default=0)
        roles_using: dict[str, set[str]] = defaultdict(set)
        self._role_words: dict[str, set[str]] = defaultdict(set)
        heads: dict[str, set[str]] = defaultdict(set)
        as_head: Counter[str] = Counter()
        uses: Counter[str] = Counter()
        for key, owners in self._owners.items():
            words = key.split()
            for word in words:
                roles_using[word].update(owners)
                uses[word] += 1
            for owner in owners:
                self._role_words[owner].update(words)
            head = head_noun(words) or ""
            heads[head].update(owners)
            as_head[head] += 1
        # "hospital coder": the roles whose names join a setting word to another word, for `_by_setting`.
        self._set_with: dict[tuple[str, str], set[str]] = defaultdict(set)
        for key, owners in self._owners.items():
            words = key.split()
            for setting in _SETTING_WORDS.intersection(words):
                for word in words:
                    self._set_with[(setting, word)].update(owners)
        self._vocabulary = {word: len(roles) for word, roles in roles_using.items()}
        self._vocabulary_list = sorted(self._vocabulary)
        self._heads = {head: len(roles) for head, roles in heads.items()}
        # Words that mostly end a title ("operator", "clerk") name a kind of job, not its field.
        self._field_words = {w for w in uses if w not in RANK_WORDS and w not in STOP_WORDS
                             and not (uses[w] >= 5 and as_head[w] >= uses[w] / 2)}
        # "devops" for DevOps Engineer: the first word of a curated two-word name, when few roles use it.
        self._stems = {stem: refs for stem, refs in self._stems.items()
                       if self._vocabulary.get(stem, 0) <= STEM_MAX_ROLES and stem not in self._owners
                       and stem not in NEVER_ALONE and stem not in STOP_WORDS}
        pairs = [(tuple(key.split()), slug) for key, owners in self._owners.items() for slug in owners]
        self._ranker = TitleRanker(pairs)
        self._classifier = TitleClassifier(pairs, self._ranker.features())

    # -- one mention -------------------------------------------------------------------------------------------

    def resolve(self, mention: str) -> Resolution:
        """The role(s) a mention names; never raises, whatever the text. The steps of the module's docstring,
        in order: the first that decides gives the answer."""
        if mention in self._refs:  # button payloads carry slugs
            return Resolution(mention, role=self._refs[mention], how="slug")
        reading = _Reading(mention, read_posting_title(mention))
        for step in (self._by_managed_setting, self._by_name, self._by_later_segment, self._by_typo,
                     self._by_known_part, self._by_shared_end, self._by_setting, self._by_own_title, self._by_stem):
            found = step(reading)
            if found is not None:
                return found
        return self._by_ranking(reading)

    def _by_managed_setting(self, reading: _Reading) -> Resolution | None:
        """"Operations Manager - Distribution Centre": O*NET splits managers by what they manage, so where a later
        segment and a manager's title make a known name ("distribution center operations manager"), its role is
        meant; the title's own role is named. The longest such name counts."""
        core = reading.posting.core
        own = self._owners.get(" ".join(core))
        if not own or head_noun(core) not in _MANAGING:
            return None
        title = self._choose(reading.mention, core, own, "exact")
        for segment in reading.posting.later:
            for start in range(len(segment)):
                words = segment[start:] + core
                owners = self._owners.get(" ".join(words))
                if not owners or words[0] in STOP_WORDS:
                    continue
                found = self._choose(reading.mention, words, owners, "exact")
                if found.role is None or found.role == title.role:
                    break
                named = (title.role,) if title.role else title.candidates
                return Resolution(reading.mention, role=found.role, candidates=named[:MAX_OPTIONS - 1], how="exact")
        return None

    def _by_name(self, reading: _Reading) -> Resolution | None:
        """The title, then its forms without clutter, as known names: "Sr. Accountant II - Remote". A name several
        roles share that nothing tells apart is kept as `reading.first`, to ask if nothing better comes."""
        typed = set(title_words(reading.mention))
        for words in reading.posting.variants:
            owners = self._not_excepted(self._owners.get(" ".join(words), {}), typed)
            if owners:
                resolution = self._choose(reading.mention, words, owners, "exact")
                # "911 Call Taker", "Deckhand - Commercial Fishing": a figure or a word of the field typed with
                # the name tells the roles it names apart, but never overrules a curated name or an occupation's own
                # title ("Civil Engineer - Public Works" is a civil engineer).
                marked = self._told_apart(owners, typed - set(words))
                if marked and (resolution.role is None or resolution.how == "usual" or max(owners.values()) < 3):
                    return Resolution(reading.mention, role=self._refs[marked], how="exact")
                if resolution.role is not None:
                    return resolution
                titled = self._told_apart_by_title(owners, reading.posting.unbracketed - set(words))
                if titled is not None:
                    return replace(titled, mention=reading.mention)
                headed = self._headed_by(owners, words) if resolution.ambiguous else None
                if headed is not None:
                    return replace(headed, mention=reading.mention)
                reading.first = reading.first or resolution
        return None

    def _by_later_segment(self, reading: _Reading) -> Resolution | None:
        """The segments after the title ("- CDL A - OTR"), which name the job only when the title says too little;
        then the shared name the title is, asked."""
        capitals = _capitals(reading.mention)
        posting, first = reading.posting, reading.first
        for words in posting.later:
            owners = self._owners.get(" ".join(words))
            if not owners:
                continue
            resolution = self._choose(reading.mention, words, owners, "exact")
            # "DSP - Direct Support Professional": an ambiguous short form gives way to the title's long form.
            if resolution.role is not None and len(words) >= 2 and (first is None or capitals & {
                    " ".join(w) for w in posting.variants if len(w) == 1}):
                return resolution
            # "Truck Driver - CDL A - OTR": a short form after the title is a requirement more often than the
            # title, so it counts only when the title itself says nothing.
            if first is None and (len(words) > 1 or len(words[0]) > SHORT_FORM_LENGTH):
                return resolution
            reading.late = reading.late or resolution
        if first is not None:
            return first
        return None if posting.core else reading.late or Resolution(reading.mention)

    def _by_typo(self, reading: _Reading) -> Resolution | None:
        """"cheif operating oficer": words no name uses corrected, when the result is a known name close to it."""
        core = reading.posting.core
        reading.corrected = corrected = self._corrected(core)
        if corrected != core:
            owners = self._owners.get(" ".join(corrected))
            if owners and fuzz.ratio(" ".join(core), " ".join(corrected)) >= TYPO_RATIO:
                return self._choose(reading.mention, corrected, owners, "typo")
        return None

    def _by_known_part(self, reading: _Reading) -> Resolution | None:
        """"barista weekends melbourne": words no name uses after a known name are no part of it (a place, an
        employer's jargon). Before a name, such words may change the job ("Paddock Judge" is no judge), so they
        are passed over only when typed as short forms ("SIA Door Supervisor", "B2B Marketing Manager") or before
        a curated name ("linux sysadmin"), unless it is one word that heads many roles' names ("crowd controller" is
        no financial controller)."""
        ahead = reading.corrected
        while len(ahead) > 1 and ahead[-1] not in self._vocabulary:
            ahead = ahead[:-1]
        named = ahead
        while len(named) > 1 and named[0] not in self._vocabulary and named[0] not in STOP_WORDS:
            named = named[1:]
        short_forms = _capitals(reading.mention)
        for part in dict.fromkeys((ahead, named)):
            owners = self._owners.get(" ".join(part))
            if part == reading.corrected or not owners:
                continue
            dropped = ahead[:len(ahead) - len(part)]
            # A curated one-word name that heads many roles' names ("controller") is changed by a word before it:
            # a "crowd controller" is no financial controller.
            generic = len(part) == 1 and self._heads.get(part[0], 0) >= GENERIC_HEAD_ROLES
            curated = max(owners.values()) >= 4 and not generic
            if part != ahead and not curated and not all(
                    w in short_forms or any(ch.isdigit() for ch in w) for w in dropped if w not in STOP_WORDS):
                continue
            resolution = self._choose(reading.mention, part, owners, "exact")
            if resolution.role is not None:
                return resolution
        return None

    def _by_shared_end(self, reading: _Reading) -> Resolution | None:
        """"Fast Food Crew Member": a title ending in a name several roles share, whose other words are all in
        the own title of one of them and not of the others ("Fast Food and Counter Workers"); the others are
        named."""
        core = reading.corrected
        for start in range(1, len(core) - 1):
            owners = self._owners.get(" ".join(core[start:]))
            if not owners:
                continue
            before = set(core[:start]) - STOP_WORDS
            titled = self._told_apart_by_title(owners, before) if len(owners) > 1 else None
            if titled is None or not before <= {w for title in self._own_titles[titled.role.slug] for w in title}:
                return None
            return replace(titled, mention=reading.mention)
        return None

    def _by_setting(self, reading: _Reading) -> Resolution | None:
        """"Hotel bartender", "freelance content writer": a known name that one role answers, in a setting the
        title adds, unless another role's names join a setting word to the name's head ("hospital coder" is a
        medical records specialist's). A manager's or supervisor's setting often decides the occupation, and a
        short form says too little."""
        plain, setting = without_setting(reading.corrected)
        owners = self._owners.get(" ".join(plain)) if setting else None
        head = head_noun(plain)
        if not owners or head is None or head in RANK_WORDS or (len(plain) == 1 and len(head) <= SHORT_FORM_LENGTH):
            return None
        resolution = self._choose(reading.mention, plain, owners, "setting")
        if resolution.role is None or resolution.how != "setting":
            return None
        slug = resolution.role.slug
        if any(self._set_with.get((word, head), set()) - {slug} for word in setting if word in _SETTING_WORDS):
            return None
        return resolution

    def _by_own_title(self, reading: _Reading) -> Resolution | None:
        """"Truck Driver": held whole by the own titles of one role (answered) or of two or three (asked)."""
        corrected = reading.corrected
        contained = self._titles_holding(corrected)
        exact_part = [s for s in contained if any(_holds(t, corrected, extra=0) for t in self._own_titles[s])]
        contained = exact_part if len(exact_part) == 1 else contained
        if len(contained) == 1 and any(_holds(t, corrected, extra=1) for t in self._own_titles[contained[0]]):
            return Resolution(reading.mention, role=self._refs[contained[0]], how="contained")
        if 2 <= len(contained) <= MAX_OPTIONS:
            return Resolution(reading.mention, candidates=tuple(self._refs[s] for s in contained), ambiguous=True,
                              how="contained")
        return None

    def _by_stem(self, reading: _Reading) -> Resolution | None:
        """"devops": the distinctive first word of a curated two-word name."""
        stem_refs = self._stems.get(" ".join(reading.corrected))
        if not stem_refs:
            return None
        if len(stem_refs) == 1:
            return Resolution(reading.mention, role=stem_refs[0], how="stem")
        return Resolution(reading.mention, candidates=tuple(stem_refs[:MAX_OPTIONS]), how="stem")

    def _by_ranking(self, reading: _Reading) -> Resolution:
        """Every role ranked against the title; a later segment's name where the ranking offers nothing."""
        ranked = self._ranked(reading.mention, reading.corrected, reading.posting.hint)
        late = reading.late
        return late if late is not None and ranked.role is None and not ranked.candidates else ranked

    def _titles_holding(self, words: tuple[str, ...]) -> list[str]:
        """Roles whose own title holds every word of a two-word-or-longer title: "truck driver" is in
        "Light Truck Driver" and "Heavy and Tractor-Trailer Truck Driver", and nowhere else."""
        if len({w for w in words if w not in STOP_WORDS}) < 2:
            return []
        # "Oil and Gas Driller" is in "Earth Drillers, Except Oil and Gas" only as what they are not.
        found = [slug for slug, titles in self._own_titles.items()
                 if any(_holds(t, words) for t in titles) and not self.excepts(slug, set(words))]
        return sorted(self._without_specialisations(found), key=self._option_order) if found else []

    def knows_word(self, word: str) -> bool:
        """Whether any role's name uses a word (in the index's form: lower case, singular)."""
        return word in self._vocabulary

    def codes(self, slug: str) -> tuple[str, ...]:
        """The O*NET-SOC codes of a role (empty when the catalogue gives none)."""
        return self._codes.get(slug, ())

    def _choose(self, mention: str, words: tuple[str, ...], owners: dict[str, int], how: str) -> Resolution:
        owners = self._not_excepted(owners, set(title_words(mention)))
        if not owners:
            return Resolution(mention, how=how)
        top = max(owners.values())
        usual = self._usually.get("".join(words))
        if usual in owners and len(owners) > 1 and top < 4:
            # "Line cook": the reviewed table says which of a shared name's roles people usually mean; the reply
            # names the others.
            return self._taken(usual, owners, mention, "usual")
        abroad = sorted(self._elsewhere.get(" ".join(words), set()) & set(owners), key=self._option_order)
        if abroad and top < 4 and len(abroad) < len(owners):
            # "Tiler": O*NET's floor layer is a tile setter in Britain and Australia, so the person is asked;
            # the occupation O*NET marks most comes first.
            named = sorted((s for s in owners if s not in abroad), key=lambda s: (-owners[s], *self._option_order(s)))
            options = named[:1] + abroad + named[1:]
            return Resolution(mention, candidates=tuple(self._refs[s] for s in options[:MAX_OPTIONS]), ambiguous=True,
                              how=how)
        if top == 1 and len(words) > 1:
            # "Veterinary assistant": a name every owner lists only plainly, that is a whole part of another
            # role's own title ("Veterinary Assistants and Laboratory Animal Caretakers"), is that role's.
            parted = sorted(self._first_jobs.get(frozenset(words) - STOP_WORDS, set()) - set(owners))
            if len(parted) == 1:
                return self._taken(parted[0], owners, mention, how)
        best = sorted((slug for slug, p in owners.items() if p == top), key=self._option_order)
        if len(best) > 1 and top < 4:
            best = self._without_specialisations(best)
            if len(best) > 1 and len(words) > 1:
                own = [slug for slug in best if any(_holds(title, words) for title in self._own_titles[slug])]
                best = own if len(own) == 1 else best
        # "supervisor", "teacher": a one-word title many roles end in names one of them only where the data
        # marks it (a curated name, an own title, a featured title, or one family of occupations, as "RN");
        # otherwise the person is asked which.
        generic = len(words) == 1 and self._heads.get(words[0], 0) >= GENERIC_HEAD_ROLES
        marked = top >= 2 or len([s for s, p in owners.items() if p == top]) > 1
        if generic and not (len(best) == 1 and marked):
            marked = sorted((s for s in owners if owners[s] >= 2), key=lambda s: (-owners[s], *self._option_order(s)))
            options = self._options_for_head(words[0], marked, sorted(owners, key=self._option_order))
            if len(options) > 1:
                return Resolution(mention, candidates=tuple(self._refs[s] for s in options), ambiguous=True,
                                  how=how)
        featured_alone = top == 2 and list(owners.values()).count(2) == 1
        if len(best) == 1 and featured_alone and len(owners) > 1 and self._outnumbered(best[0], list(owners)):
            # A title O*NET features for one occupation, but plainly lists for others that employ more people
            # ("MIG welder": welding machine operators feature it; welders are eleven times as many): asks.
            options = best + self._likeliest_first([s for s in owners if s != best[0]])
            return Resolution(mention, candidates=tuple(self._refs[s] for s in options[:MAX_OPTIONS]),
                              ambiguous=True, how=how)
        if len(best) == 1:
            return Resolution(mention, role=self._refs[best[0]], how=how)
        # Names curated roles share on purpose always ask; so does a name another role's own title holds
        # ("substitute teacher" and Short-Term Substitute Teachers), and that role is offered first.
        holders = [s for s in self._titles_holding(words) if s not in best] if top < 4 else []
        specific = [s for s in best if not self._residual(s)]
        if len(specific) == 1 and not holders and top < 4:
            # "Infantryman": an "all other" occupation gathers the jobs no other occupation covers, so where
            # one that does names it too, that one is meant; the other is named.
            return self._taken(specific[0], owners, mention, how)
        usual = (self._usual(best, list(owners), USUAL_SHARE if top >= 2 else PLAIN_USUAL_SHARE)
                 if top < 4 and not holders else None)
        if usual is not None:
            others = tuple(self._refs[s] for s in best if s != usual)[:MAX_OPTIONS - 1]
            return Resolution(mention, role=self._refs[usual], candidates=others, how="usual")
        # A holder the survey does not count (the armed forces' "Air Crew Members") comes after the owners.
        sized = [s for s in holders if self.workers(s, at_most=True)]
        options = sized + (self._likeliest_first(best) if top < 4 else best) + [s for s in holders if s not in sized]
        return Resolution(mention, candidates=tuple(self._refs[s] for s in options[:MAX_OPTIONS]), ambiguous=True,
                          how=how)

    def workers(self, slug: str, at_most: bool = False) -> int | None:
        """How many people hold a role's occupations in the US survey; None when any has no figure.

        "47-4099.03" is one of several occupations sharing one survey figure: it has no figure of its own, but
        with `at_most` the shared figure counts as a ceiling."""
        codes = self.codes(slug)
        if not codes or not (at_most or all(code.endswith(".00") for code in codes)):
            return None
        counts = [self._workers_by_soc.get(soc) for soc in self._socs(slug)]
        return sum(counts) if counts and all(counts) else None  # type: ignore[arg-type]

    def _usual(self, slugs: list[str], everyone: list[str], share: float) -> str | None:
        """The role most people mean by a name several roles share: one of `slugs` (those the data marks most)
        that employs at least twice as many people as all the others naming it together ("quality inspector":
        production inspectors), where every one has a figure. The figure of a kind of occupation ("aviation
        inspector") is its whole SOC occupation's, a ceiling, so it can lose but never win; two kinds of one
        SOC occupation never qualify. "Field service technician" names 18 occupations: two it features can
        never outvote the rest."""
        own = [self.workers(slug) for slug in slugs]
        best = max(range(len(slugs)), key=lambda i: own[i] or 0)
        socs = [self._socs(slug) for slug in slugs]
        if not own[best] or any(i != best and socs[i] & socs[best] for i in range(len(slugs))):
            return None
        # Kinds of the winner's own occupation that also use the name are part of it.
        rest = [s for s in everyone if s != slugs[best] and not self._socs(s) & socs[best]]
        ceilings = [self.workers(s, at_most=True) for s in rest]
        if not all(ceilings):
            return None
        return slugs[best] if own[best] >= share * (own[best] + sum(c or 0 for c in ceilings)) else None

    def _socs(self, slug: str) -> set[str]:
        """The survey occupations of a role: its O*NET-SOC codes without the O*NET part ("29-1141")."""
        return {code[:7] for code in self.codes(slug)}

    def _told_apart(self, owners: dict[str, int], typed: set[str]) -> str | None:
        """The one role among a name's owners whose names hold a word typed with it that the others' names do not
        all hold: a figure ("911" call taker) or a word of the field ("Deckhand - Commercial Fishing" is a
        fisher, not a sailor; "Teaching Assistant - Primary School"). An "all other" occupation's names gather
        leftovers, so a word they hold tells nothing."""
        telling = {w for w in typed if any(ch.isdigit() for ch in w)
                   or (w in self._field_words and w not in CLUTTER_WORDS)}
        if not telling:
            return None
        holding = {slug: telling & self._words_of(slug) for slug in owners}
        everyones = set.intersection(*holding.values())
        marked = [slug for slug, held in holding.items() if held - everyones and not self._all_other(slug)]
        return marked[0] if len(marked) == 1 else None

    def _told_apart_by_title(self, owners: dict[str, int], typed: set[str]) -> Resolution | None:
        """A shared name whose roles the data does not tell apart, typed with a word that one of their own
        titles holds and the others' do not: "Front Desk Agent - Hotel" is the hotel, motel and resort desk
        clerk; "Social Worker - Child Protective Services" the child, family and school social worker. The
        others are named too. An "all other" occupation's title says nothing of its jobs."""
        telling = typed - CLUTTER_WORDS - STOP_WORDS
        held = {slug: {w for w in telling if any(w in title for title in self._own_titles.get(slug, ()))}
                for slug in owners}
        marked = [slug for slug, words in held.items() if words and not self._all_other(slug)
                  and not any(words <= other for s, other in held.items() if s != slug)]
        return self._taken(marked[0], owners) if len(marked) == 1 else None

    def _headed_by(self, owners: dict[str, int], words: tuple[str, ...]) -> Resolution | None:
        """"CNC Machinist": a shared name whose head noun alone is the first job of one owner's own title
        ("Machinists") is that job done some way, not another occupation that lists it; the others are named."""
        head = head_noun(words)
        if head is None or len(words) < 2:
            return None
        headed = [s for s in self._first_jobs.get(frozenset({head}), set()) & set(owners) if not self._all_other(s)]
        return self._taken(headed[0], owners) if len(headed) == 1 else None

    def _taken(self, slug: str, owners: dict[str, int], mention: str = "", how: str = "exact") -> Resolution:
        """One role taken for a name others also have: the reply says so and names them, likeliest first, an "all
        other" occupation last, since its figure counts every job it gathers ("bin man": the refuse collector,
        then crushing machine operators, then Production Workers, All Other)."""
        likeliest = self._likeliest_first([s for s in owners if s != slug])
        others = tuple(self._refs[s] for s in sorted(likeliest, key=self._residual))
        return Resolution(mention, role=self._refs[slug], candidates=others[:MAX_OPTIONS - 1], how=how)

    def excepts(self, slug: str, typed: set[str]) -> bool:
        """Whether a role's own title says it is not what these words name ("Except Special Education")."""
        return any(words <= typed for words in self._excepted.get(slug, ()))

    def _not_excepted(self, owners: dict[str, int], typed: set[str]) -> dict[str, int]:
        """The owners of a name but those whose own title excepts what was typed with it."""
        return {slug: p for slug, p in owners.items() if not self.excepts(slug, typed)}

    def _all_other(self, slug: str) -> bool:
        """Whether a role is an "all other" occupation ("Production Workers, All Other": 51-9199)."""
        socs = self._socs(slug)
        return bool(socs) and all(soc.endswith("9") for soc in socs)

    def _residual(self, slug: str) -> bool:
        """Whether a role is only an "all other" occupation itself (51-9199.00), not a kind O*NET names under one
        ("Retail Loss Prevention Specialists": 33-9099.02)."""
        codes = self.codes(slug)
        return bool(codes) and all(code.endswith("9.00") for code in codes)

    def _outnumbered(self, slug: str, everyone: list[str]) -> bool:
        """Whether the other roles naming a title surely employ several times as many people as this one
        (figures where known; a kind of occupation counts its whole SOC occupation's figure, so only the sure
        cases count)."""
        mine = self.workers(slug, at_most=True)
        # An "all other" occupation's figure ("Production Workers, All Other": 51-9199) counts every job it
        # gathers, so it says nothing about any one of its titles ("singer" is one of them).
        others = [self.workers(s) for s in everyone if s != slug and not self._socs(s) & self._socs(slug)
                  and not self._all_other(s)]
        return mine is not None and sum(c or 0 for c in others) >= OUTNUMBERED * mine

    def _likeliest_first(self, slugs: list[str]) -> list[str]:
        """Roles in the order a person most likely means them: by how many people hold them where the survey
        says ("excavator operator": construction before surface mining), the others after in their order."""
        return sorted(slugs, key=lambda s: -(self.workers(s) or 0))

    def _option_order(self, slug: str) -> tuple[int, str]:
        return (-self._prominence[slug], slug)

    def _without_specialisations(self, slugs: list[str]) -> list[str]:
        """29-1141.01 and 29-1141.03 are kinds of 29-1141.00: when the general occupation is there, it stands."""
        general = {code[:7] for slug in slugs for code in self.codes(slug) if code.endswith(".00")}
        kept = [s for s in slugs
                if not self.codes(s) or any(c.endswith(".00") or c[:7] not in general for c in self.codes(s))]
        return kept or slugs

    def _options_for_head(self, head: str, marked: list[str], others: list[str]) -> list[str]:
        """The options to name for a generic title: roles the data marks, then the best-known roles whose
        own title holds the word, then any other role named so."""
        titled = sorted((slug for slug, titles in self._own_titles.items() if any(head in t for t in titles)),
                        key=self._option_order)
        return list(dict.fromkeys(marked + titled + others))[:MAX_OPTIONS]

    def _corrected(self, words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self._corrected_word(w) for w in words)

    def _corrected_word(self, word: str) -> str:
        """A word no name uses, replaced by the most used name word one typing slip away.

        A slip is a letter left out, doubled, swapped with its neighbour or replaced by a key next to it:
        "cheif", "oficer", "enginer". Other one-letter differences are other words ("sonar" is not "solar").
        """
        if word in self._vocabulary or len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in STOP_WORDS:
            return word
        close = process.extract(word, self._vocabulary_list, scorer=DamerauLevenshtein.distance,
                                score_cutoff=1, limit=20)
        slips = [c for c in close if is_typing_slip(word, c[0])]
        if not slips:
            return word
        return min(slips, key=lambda c: (-self._vocabulary[c[0]], c[0]))[0]

    def _ranked(self, mention: str, words: tuple[str, ...], hint: str | None) -> Resolution:
        typed = set(words) | set(title_words(mention))
        ranked = [r for r in self._ranker.rank(words, limit=8) if not self.excepts(r.slug, typed)]
        content = [w for w in words if w not in STOP_WORDS]
        known = all(w in self._vocabulary for w in content)
        head = head_noun(words)
        fields = {w for w in content if w in self._field_words and w != head}
        # Answered only when clearly ahead, every word known and the role's names hold every word of the
        # title's field: a "data janitor" is no janitor.
        if ranked and known and self._ranker.knows_head(words) and fields <= self._words_of(ranked[0].slug):
            second = ranked[1].score if len(ranked) > 1 else 0.0
            if ranked[0].score >= ANSWER_SCORE and ranked[0].score - second >= ANSWER_MARGIN:
                others = tuple(self._refs[r.slug] for r in ranked[1:MAX_OPTIONS])
                return Resolution(mention, role=self._refs[ranked[0].slug], candidates=others, how="ranked")
        if ranked and known and self._ranker.knows_head(words) and (clear := self._clearly(words, typed)) \
                and fields <= self._words_of(clear):
            others = tuple(self._refs[r.slug] for r in ranked if r.slug != clear)[:MAX_OPTIONS - 1]
            return Resolution(mention, role=self._refs[clear], candidates=others, how="ranked")
        # With a word no name uses, a suggestion must share the title's field, not just its kind of job:
        # "forklift wizard" may be a forklift operator; "chief vibes officer" is no chief executive. (With
        # every word known, the head noun leads: "airport electrician" may be an electrician.)
        # A word no name uses before a known kind of job offers that kind: "GL accountant", "3rd grade teacher"
        # (a rank is no kind: "chief vibes officer" is still offered nothing).
        of_its_kind = (not known and head is not None and head not in RANK_WORDS and self._ranker.knows_head(words)
                       and any(w not in self._vocabulary for w in content if w != head))
        slugs = [r.slug for r in ranked if known or of_its_kind or fields & self._words_of(r.slug)]
        if hint:
            hinted = [s for s in self._owners.get(" ".join(title_words(hint)), {}) if s in slugs]
            slugs = hinted + [s for s in slugs if s not in hinted]
        return Resolution(mention, candidates=tuple(self._refs[s] for s in slugs[:MAX_OPTIONS]), how="ranked")

    def _clearly(self, words: tuple[str, ...], typed: set[str]) -> str | None:
        """The role the second opinion (title_classifier.py) finds clearly ahead, if the title's known ending
        agrees: "Dairy Farm Hand" is a farmworker of animals; a "Field Auto Claims Adjuster" is no appraiser."""
        verdict = self._classifier.verdict(words)
        if verdict is None or verdict.score < CLEAR_SCORE or verdict.margin < CLEAR_MARGIN:
            return None
        if self.excepts(verdict.slug, typed):
            return None
        for start in range(1, len(words) - 1):
            ending = self._owners.get(" ".join(words[start:]))
            if ending is not None:
                return verdict.slug if len(ending) > 1 and verdict.slug in ending else None
        return verdict.slug

    def _words_of(self, slug: str) -> set[str]:
        return self._role_words.get(slug, set())

    # -- names inside a sentence ------------------------------------------------------------------------------

    def find_mentions(self, text: str) -> list[Mention]:
        """Every known role name standing as whole words in a sentence, longest first, left to right."""
        return self._scan(title_words(text), changed=None, capitals=_capitals(text))

    def find_close_mentions(self, text: str, max_words: int = 40) -> list[Mention]:
        """Role names inside a sentence despite typos ("scrum mastr") or half a title ("devops").

        Slower than find_mentions, so the turn logic calls it only when the model found no role at all.
        """
        words = title_words(text)[-max_words:]
        corrected = tuple(w if w in NEVER_ALONE else self._corrected_word(w) for w in words)
        changed = {i for i, (a, b) in enumerate(zip(words, corrected, strict=True)) if a != b}
        found = [replace(m, how="typo") for m in self._scan(corrected, changed=changed, capitals=_capitals(text))
                 ] if changed else []
        taken = {i for m in found for i in range(m.start, m.start + len(m.text.split()))}
        # Second chance for one-word names a sentence only counts in capitals or from the data's marked
        # titles, standing alone among everyday words: "who does an lpn report to", "how do i become a cop"
        # (but "blockchain evangelist" is not an evangelist).
        def alone(i: int) -> bool:
            return all(j < 0 or j >= len(corrected) or corrected[j] in NEVER_ALONE or corrected[j] in STOP_WORDS
                       for j in (i - 1, i + 1))

        for i, word in enumerate(corrected):
            owners = self._owners.get(word)
            if owners and i not in taken and word not in NEVER_ALONE and word not in STOP_WORDS and alone(i):
                resolution = self._choose(word, (word,), owners, "exact")
                if resolution.role is not None:
                    found.append(Mention(word, i, (resolution.role,), resolution.candidates, how="alone"))
                    taken.add(i)
        for i, word in enumerate(corrected):
            refs = self._stems.get(word)
            if refs and i not in taken and word not in NEVER_ALONE and len(refs) == 1:
                found.append(Mention(word, i, (refs[0],), how="stem"))
        return sorted(found, key=lambda m: m.start)

    def _scan(self, words: tuple[str, ...], changed: set[int] | None, capitals: set[str]) -> list[Mention]:
        found: list[Mention] = []
        i = 0
        while i < len(words):
            best: tuple[int, str] | None = None
            key = words[i]
            j = i + 1
            while True:
                if key in self._owners and self._stands_in_a_sentence(key, capitals):
                    best = (j, key)
                if j >= len(words) or j - i >= self._max_words or key not in self._prefixes:
                    break
                key = f"{key} {words[j]}"
                j += 1
            if best is None or (changed is not None and not changed & set(range(i, best[0]))):
                i += 1
                continue
            end, name = best
            resolution = self._choose(name, tuple(name.split()), self._owners[name], "exact")
            start = i
            # "what does a 911 call taker do": a figure before the name tells apart the roles it names.
            marked = self._told_apart(self._owners[name], {words[i - 1]}) if i > 0 else None
            if (resolution.role is None or resolution.how == "usual") and marked:
                resolution, name, start = Resolution(name, role=self._refs[marked]), f"{words[i - 1]} {name}", i - 1
            roles = (resolution.role,) if resolution.role else resolution.candidates
            if roles and not any(m.roles == roles for m in found):
                found.append(Mention(name, start, roles, resolution.candidates if resolution.role else ()))
            i = end
        return found

    def _stands_in_a_sentence(self, key: str, capitals: set[str]) -> bool:
        """A one-word name counts in a sentence only when it is no everyday word and the data stands behind it;
        O*NET's short forms only in capitals ("HIS" is a hearing instrument specialist, "his" is not)."""
        words = key.split()
        if all(w in NEVER_ALONE or w in STOP_WORDS for w in words):
            return False
        if len(words) > 1:
            return True
        top = max(self._owners[key].values())
        if len(key) <= SHORT_FORM_LENGTH and top < 4:
            return key in capitals
        return top >= 2


def describe_codes(index: RoleNameIndex, ref: RoleRef) -> dict[str, object]:
    """A role as `roles resolve --json` prints it."""
    return {"slug": ref.slug, "title": ref.title, "codes": list(index.codes(ref.slug))}

