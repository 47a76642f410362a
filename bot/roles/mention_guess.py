"""The job title in "what is a blockchain evangelist?" when the model marked none: the words left
once the question's own words are taken off both ends."""
from __future__ import annotations

import re

from bot.roles.names import title_words
from bot.roles.words import QUESTION_WORDS, forms

_PRONOUNS = forms("it that this they them those these he she him her one person someone something")
MAX_TITLE_WORDS = 6


def guess_role_phrase(text: str) -> str | None:
    """The middle of the sentence as typed, or None when nothing title-like is left (a pronoun, or nothing)."""
    tokens = re.findall(r"[\w][\w'&./+-]*", text)
    keys = [title_words(t) for t in tokens]

    def framing(key: tuple[str, ...]) -> bool:
        return all(w in QUESTION_WORDS for w in key)

    start, end = 0, len(tokens)
    while start < end and framing(keys[start]):
        start += 1
    while end > start and framing(keys[end - 1]):
        end -= 1
    words = [w for key in keys[start:end] for w in key]
    if not words or len(words) > MAX_TITLE_WORDS or all(w in _PRONOUNS or w in QUESTION_WORDS for w in words):
        return None
    return " ".join(tokens[start:end])
