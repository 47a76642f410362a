"""From a role mention as a person typed it ("C.O.O.", "cheif operating oficer", "CPO") to roles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.roles.names import singular_key
from bot.roles.records import NameEntry, RoleRef

# A typo'd name is taken as that role only when it is this close as a whole and word by word;
# otherwise close names are offered as suggestions.
ACCEPT_RATIO = 85
ACCEPT_WORD_RATIO = 70
SUGGEST_RATIO = 55
MAX_SUGGESTIONS = 3
MIN_FUZZY_LENGTH = 5
# Words that many titles share; a suggestion needs a closer likeness than "officer" in common.
GENERIC_WORDS = frozenset(
    "chief officer head of the and manager senior junior lead director vice specialist assistant "
    "executive representative coordinator".split()
)
DISTINCT_WORD_RATIO = 75
# Words of a sentence that never start a role name on their own.
_FILLER_WORDS = frozenset(
    "a an the what who whom whose is are was be do doe does did how why when where which about and or vs "
    "versus to for in on at by with from that this it they them their there i me my you your we our us "
    "tell more please pl can could would should need skill job role position title work report".split()
)


@dataclass(frozen=True)
class Resolution:
    """What a mention refers to: one role, several (ambiguous), or none with suggestions."""

    mention: str
    role: RoleRef | None = None
    # For an ambiguous name, the roles it names; for an unknown one, close suggestions.
    candidates: tuple[RoleRef, ...] = field(default=())
    ambiguous: bool = False


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
        self._slugs = {e.slug: RoleRef(e.slug, e.title) for e in names}
        # "devops" for DevOps Engineer, "scrum" for Scrum Master: a name without its last word.
        self._stems: dict[str, list[RoleRef]] = {}
        for entry in names:
            key = singular_key(entry.name)
            if not key:
                continue
            ref = RoleRef(entry.slug, entry.title)
            refs = self._exact.setdefault(key, [])
            if ref not in refs:
                refs.append(ref)
            words = key.split()
            if entry.kind != "abbreviation" and len(words) >= 2 and words[-2] not in GENERIC_WORDS:
                stem_refs = self._stems.setdefault(" ".join(words[:-1]), [])
                if ref not in stem_refs:
                    stem_refs.append(ref)
            if entry.kind != "abbreviation" and len(key) >= MIN_FUZZY_LENGTH:
                self._fuzzy_keys.append(key)
                self._fuzzy_refs.append(ref)
        # Longest names first, so "sales manager" wins over "sales" inside a sentence.
        keys = sorted(self._exact, key=len, reverse=True)
        self._sentence_pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b") if keys else None

    def resolve(self, mention: str) -> Resolution:
        """The role(s) a mention names; never raises, whatever the text."""
        if mention in self._slugs:  # button payloads carry slugs
            return Resolution(mention, role=self._slugs[mention])
        key = singular_key(mention)
        if not key:
            return Resolution(mention)
        refs = self._exact.get(key)
        if refs:
            return _from_refs(mention, refs)
        inside = self.find_mentions(mention)
        if len(inside) == 1:
            return _from_refs(mention, list(inside[0].roles))
        stem_refs = self._stems.get(key)
        if stem_refs:
            if len(stem_refs) == 1:
                return Resolution(mention, role=stem_refs[0])
            return Resolution(mention, candidates=tuple(stem_refs[:MAX_SUGGESTIONS]))
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

    def find_close_mentions(self, text: str, max_words: int = 30) -> list[Mention]:
        """Role names inside a sentence despite typos ("scrum mastr") or half a title ("frontend").

        Slower than find_mentions, so the turn logic calls it only when the model found no role at all.
        """
        words = singular_key(text).split()[-max_words:]
        found: list[tuple[int, int, Mention]] = []  # (start word, end word, mention)
        for size in (4, 3, 2, 1):
            for start in range(0, len(words) - size + 1):
                end = start + size
                if any(s < end and start < e for s, e, _ in found):
                    continue
                phrase = " ".join(words[start:end])
                if all(w in GENERIC_WORDS or w in _FILLER_WORDS for w in words[start:end]):
                    continue
                ref = self._close_match(phrase)
                if ref is not None and not any(m.roles == (ref,) for _, _, m in found):
                    found.append((start, end, Mention(phrase, start, (ref,))))
        return [m for _, _, m in sorted(found, key=lambda f: f[0])]

    def _close_match(self, phrase: str) -> RoleRef | None:
        refs = self._exact.get(phrase)
        if refs and len(refs) == 1:
            return refs[0]
        stem_refs = self._stems.get(phrase)
        if stem_refs and len(stem_refs) == 1:
            return stem_refs[0]
        if len(phrase) < MIN_FUZZY_LENGTH + 2:
            return None
        best = process.extractOne(phrase, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=ACCEPT_RATIO + 3)
        if best and _words_close(phrase, best[0]):
            return self._fuzzy_refs[best[2]]
        return None

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
        typed = [w for w in key.split() if w not in GENERIC_WORDS]
        for name, _score, index in scored:
            ref = self._fuzzy_refs[index]
            known = [w for w in name.split() if w not in GENERIC_WORDS]
            if not any(fuzz.ratio(a, b) >= DISTINCT_WORD_RATIO for a in typed for b in known):
                continue
            if ref not in out:
                out.append(ref)
            if len(out) == MAX_SUGGESTIONS:
                break
        return tuple(out)


def _from_refs(mention: str, refs: list[RoleRef]) -> Resolution:
    if len(refs) == 1:
        return Resolution(mention, role=refs[0])
    return Resolution(mention, candidates=tuple(refs), ambiguous=True)


def _words_close(typed: str, known: str) -> bool:
    """Every typed word is a plausible typo of the word in the same place ("vibes" is not "data")."""
    typed_words, known_words = typed.split(), known.split()
    if len(typed_words) != len(known_words):
        return fuzz.ratio(typed, known) >= 92
    return all(fuzz.ratio(a, b) >= ACCEPT_WORD_RATIO for a, b in zip(typed_words, known_words, strict=True))
