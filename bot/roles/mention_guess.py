"""The job title in "what is a blockchain evangelist?" when the model marked none: the words left
once the question's own words are taken off both ends."""
from __future__ import annotations

import re

from bot.roles.names import title_words
from bot.roles.words import PAY_WORDS, QUESTION_WORDS, forms

_PRONOUNS = forms("it that this they them those these he she him her one person someone something")
# The words around a title in questions about its other aspects: "what does a falconer do all day?", "how much
# does a moon miner earn?", "who does a chief wellness officer report to?".
ASPECT_FRAMING = PAY_WORDS | forms(
    "do doing does all day daily typical normal usual duties duty responsibilities responsible report reports "
    "reporting answer answers accountable above over under below boss superior skill skills need needs needed "
    "require requires required requirement requirements qualification qualifications much many become becoming "
    "degree study train training make makes a an the to for of in at on year hour average typically involve involves "
    "involved like being work works working every each")
MAX_TITLE_WORDS = 6


def guess_role_phrase(text: str, other_aspects: bool = False) -> str | None:
    """The middle of the sentence as typed, or None when nothing title-like is left (a pronoun, or nothing).
    With `other_aspects`, the words of questions about duties, bosses, skills, pay and training frame it too."""
    tokens = re.findall(r"[\w][\w'&./+-]*", text)
    keys = [title_words(t) for t in tokens]
    frame = QUESTION_WORDS | ASPECT_FRAMING if other_aspects else QUESTION_WORDS

    def framing(key: tuple[str, ...]) -> bool:
        return all(w in frame for w in key)

    start, end = 0, len(tokens)
    while start < end and framing(keys[start]):
        start += 1
    while end > start and framing(keys[end - 1]):
        end -= 1
    words = [w for key in keys[start:end] for w in key]
    if not words or len(words) > MAX_TITLE_WORDS or all(w in _PRONOUNS or w in QUESTION_WORDS for w in words):
        return None
    return " ".join(tokens[start:end])
