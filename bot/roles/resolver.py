"""From a role mention as a person typed it ("C.O.O.", "cheif operating oficer", "CPO") to roles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.roles.names import singular_key
from bot.roles.repository import NameEntry, RoleRef

# A typo'd name is taken as that role only when it is this close as a whole and word by word;
# otherwise close names are offered as suggestions.
ACCEPT_RATIO = 85
ACCEPT_WORD_RATIO = 70
SUGGEST_RATIO = 55
MAX_SUGGESTIONS = 3
MIN_FUZZY_LENGTH = 5


@dataclass(frozen=True)
class Resolution:
    """What a mention refers to: one role, several (ambiguous), or none with suggestions."""

    mention: str
    role: RoleRef | None = None
    candidates: tuple[RoleRef, ...] = field(default=())

    @property
    def found(self) -> bool:
        return self.role is not None

    @property
    def ambiguous(self) -> bool:
        return self.role is None and len(self.candidates) > 1 and self.exact_candidates

    exact_candidates: bool = False


@dataclass(frozen=True)
class Mention:
    """A role name found inside a sentence."""

    text: str
    start: int
    roles: tuple[RoleRef, ...]


class RoleNameIndex:
    """All the names of all roles, keyed for exact, in-sentence and fuzzy lookup."""

    def __init__(self, names: list[NameEntry]):
        self._exact: dict[str, list[RoleRef]] = {}
        self._fuzzy_keys: list[str] = []
        self._fuzzy_refs: list[RoleRef] = []
        for entry in names:
            key = singular_key(entry.name)
            if not key:
                continue
            ref = RoleRef(entry.slug, entry.title)
            refs = self._exact.setdefault(key, [])
            if ref not in refs:
                refs.append(ref)
            if entry.kind != "abbreviation" and len(key) >= MIN_FUZZY_LENGTH:
                self._fuzzy_keys.append(key)
                self._fuzzy_refs.append(ref)
        # Longest names first, so "sales manager" wins over "sales" inside a sentence.
        keys = sorted(self._exact, key=len, reverse=True)
        self._sentence_pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b") if keys else None

    def resolve(self, mention: str) -> Resolution:
        """The role(s) a mention names; never raises, whatever the text."""
        key = singular_key(mention)
        if not key:
            return Resolution(mention)
        refs = self._exact.get(key)
        if refs:
            return _from_refs(mention, refs)
        inside = self.find_mentions(mention)
        if len(inside) == 1:
            return _from_refs(mention, list(inside[0].roles))
        return self._fuzzy(mention, key)

    def find_mentions(self, text: str) -> list[Mention]:
        """Every known role name standing as whole words in a sentence, left to right."""
        if self._sentence_pattern is None:
            return []
        key = singular_key(text)
        found: list[Mention] = []
        for match in self._sentence_pattern.finditer(key):
            roles = tuple(self._exact[match.group(1)])
            if not any(m.roles == roles for m in found):
                found.append(Mention(match.group(1), match.start(), roles))
        return found

    def _fuzzy(self, mention: str, key: str) -> Resolution:
        if len(key) < MIN_FUZZY_LENGTH or not self._fuzzy_keys:
            return Resolution(mention, candidates=self._suggest(key))
        best = process.extractOne(key, self._fuzzy_keys, scorer=fuzz.ratio)
        if best and best[1] >= ACCEPT_RATIO and _words_close(key, best[0]):
            return Resolution(mention, role=self._fuzzy_refs[best[2]])
        return Resolution(mention, candidates=self._suggest(key))

    def _suggest(self, key: str) -> tuple[RoleRef, ...]:
        if not self._fuzzy_keys:
            return ()
        scored = process.extract(
            key, self._fuzzy_keys, scorer=fuzz.token_sort_ratio, limit=40, score_cutoff=SUGGEST_RATIO
        )
        out: list[RoleRef] = []
        for _name, _score, index in scored:
            ref = self._fuzzy_refs[index]
            if ref not in out:
                out.append(ref)
            if len(out) == MAX_SUGGESTIONS:
                break
        return tuple(out)


def _from_refs(mention: str, refs: list[RoleRef]) -> Resolution:
    if len(refs) == 1:
        return Resolution(mention, role=refs[0])
    return Resolution(mention, candidates=tuple(refs), exact_candidates=True)


def _words_close(typed: str, known: str) -> bool:
    """Every typed word is a plausible typo of the word in the same place ("vibes" is not "data")."""
    typed_words, known_words = typed.split(), known.split()
    if len(typed_words) != len(known_words):
        return fuzz.ratio(typed, known) >= 92
    return all(fuzz.ratio(a, b) >= ACCEPT_WORD_RATIO for a, b in zip(typed_words, known_words, strict=True))
