"""The aspects of a role a person can ask about: one table, read by the turn logic, the replies and the buttons.

Each row says which intent asks for it, the button that offers it next, where it stands in "tell me more"
and whether "what about the CFO?" repeats it for another role. A new aspect is a new row here (and its
composer in `bot.answers`); nothing else lists aspects.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import answers
from bot.answers import Button, ask_payload
from bot.roles.records import RoleRecord


@dataclass(frozen=True)
class Aspect:
    name: str
    # The intent that asks for it ("ask_skills"); None for layers only "tell me more" reaches.
    intent: str | None
    # The next-question button that offers it; None when it is never offered as one.
    button: str | None = None
    # Its place in "tell me more" (1 first); None when "tell me more" never shows it.
    more_order: int | None = None
    # "What about the CTO?" after this aspect asks the same about the CTO.
    repeatable: bool = False
    # Offered as a next question only for roles somebody reports to.
    needs_reports: bool = False
    # Its answer offers "tell me more" while layers are left.
    offers_more: bool = True
    # The answer's text for a role; None for aspects answered otherwise (more, compare).
    compose: Callable[[RoleRecord], str] | None = None
    # Its answer about an imported occupation ends with O*NET's source line (pay names its own source).
    onet_credit: bool = True


# In the order next-question buttons are offered.
ASPECTS = (
    Aspect("more", "ask_more", button="Tell me more"),
    Aspect("reports_to", "ask_reports_to", button="Who do they report to?", repeatable=True,
           compose=answers.reports_to_text),
    Aspect("skills", "ask_skills", button="Skills needed", more_order=3, repeatable=True,
           compose=answers.skills_text),
    Aspect("pay", "ask_pay", button="Pay", repeatable=True, compose=answers.pay_text, onet_credit=False),
    Aspect("responsibilities", "ask_responsibilities", button="What do they do?", more_order=2, repeatable=True,
           compose=answers.responsibilities_text),
    Aspect("how_to_become", "ask_how_to_become", button="How to become one", more_order=4, repeatable=True,
           compose=answers.how_to_become_text),
    Aspect("direct_reports", "ask_direct_reports", button="Who reports to them?", repeatable=True,
           needs_reports=True, compose=answers.direct_reports_text),
    Aspect("definition", "ask_definition", repeatable=True, compose=answers.definition_text),
    Aspect("details", None, more_order=1, offers_more=False, compose=answers.details_text),
    Aspect("compare", "ask_compare"),
)
BY_NAME = {aspect.name: aspect for aspect in ASPECTS}
BY_INTENT = {aspect.intent: aspect for aspect in ASPECTS if aspect.intent}
# "Tell me more" walks these in order, skipping what this role's answers already showed.
MORE_LAYERS = tuple(a.name for a in sorted((a for a in ASPECTS if a.more_order), key=lambda a: a.more_order or 0))
# At most this many next-question buttons under an answer.
MAX_NEXT_QUESTIONS = 4


def intent_for(aspect: str) -> str:
    """The intent that asks for an aspect; a layer no intent asks for is reached with "tell me more"."""
    return BY_NAME[aspect].intent or "ask_more"


def remembered(aspect: str) -> str:
    """The aspect a conversation remembers after answering this one: what "what about X?" repeats."""
    return aspect if BY_NAME[aspect].repeatable else "definition"



def next_question_buttons(role: RoleRecord, answered: str, more_left: bool) -> tuple[Button, ...]:
    """Up to three questions to ask next about a role, leaving out the one just answered."""
    chosen = []
    offers_more = BY_NAME[answered].offers_more and more_left
    for aspect in ASPECTS:
        if aspect.button is None or aspect.name == answered or (aspect.name == "more" and not offers_more):
            continue
        if aspect.needs_reports and not (role.direct_reports or role.usual_reports):
            continue
        chosen.append(Button(aspect.button, ask_payload(intent_for(aspect.name), role.slug)))
        if len(chosen) == MAX_NEXT_QUESTIONS:
            break
    return tuple(chosen)
