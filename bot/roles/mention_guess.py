"""The job title in "what is a blockchain evangelist?" when the model marked none: the words left
once the question's own words are taken off both ends."""
from __future__ import annotations

import re

# Words that frame a question about a title rather than belong to it.
_FRAME_WORDS = frozenset(
    """what whats what's wat is are was a an the of does do did doe mean means meaning meant explain define
    describe tell me about please pls plz can could you u would like to know who whos who's position role job
    title post exactly so ok okay and hi hey hello stand stands for in at company companies business
    organisation organization firm startup corporate world actually really kind sort type i'd id i heard saw
    seen see keep ad ads posting postings listing by as s abbreviation acronym short term word called how
    about then more supposed be""".split()
)
_PRONOUNS = frozenset("it that this they them those these he she him her one person someone something".split())
MAX_TITLE_WORDS = 6


def guess_role_phrase(text: str) -> str | None:
    """The middle of the sentence as typed, or None when nothing title-like is left (a pronoun, or nothing)."""
    tokens = re.findall(r"[\w][\w'&./+-]*", text)
    keys = [t.lower().strip("'.") for t in tokens]
    start, end = 0, len(tokens)
    while start < end and keys[start] in _FRAME_WORDS:
        start += 1
    while end > start and keys[end - 1] in _FRAME_WORDS:
        end -= 1
    words = keys[start:end]
    if not words or len(words) > MAX_TITLE_WORDS or all(w in _PRONOUNS or w in _FRAME_WORDS for w in words):
        return None
    return " ".join(tokens[start:end])
