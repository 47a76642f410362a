"""Normalising role names as people type them, shared by the loader and the resolver."""
from __future__ import annotations

import re
import unicodedata

_LEADING_FILLER = re.compile(r"^(?:(?:a|an|the|your|my|our|their|this|that)\s+)+")
_TRAILING_FILLER = re.compile(r"(?:\s+(?:role|roles|position|positions|job|jobs|title|post))+$")
_POSSESSIVE = re.compile(r"(\w)'s\b|(\w)s'(?=\s|$)")


def normalise_name(text: str) -> str:
    """Lower case, no accents, no punctuation ("C.O.O." -> "coo"), no leading article or trailing "role"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    text = _POSSESSIVE.sub(lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # C.O.O -> COO before other punctuation becomes space
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = _LEADING_FILLER.sub("", text)
    text = _TRAILING_FILLER.sub("", text)
    return text.strip()


# Short forms people type for words of titles; both sides of a comparison get the long form.
_SHORT_FORMS = {
    "management": "manager",  # "product management" is what a product manager does
    "mgr": "manager", "mngr": "manager", "ops": "operations", "dev": "developer", "devs": "developer",
    "eng": "engineer", "engr": "engineer", "exec": "executive", "admin": "administrator", "asst": "assistant",
    "rep": "representative", "reps": "representative", "vice-president": "vice president",
}


def singular_key(text: str) -> str:
    """A crude singular form of every word, applied to both sides of a comparison ("officers" -> "officer")."""
    words = []
    for word in normalise_name(text).split():
        word = _SHORT_FORMS.get(word, word)
        if len(word) > 3 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(word)
    return " ".join(words)
