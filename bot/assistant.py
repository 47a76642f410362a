"""One turn of the conversation, without Rasa: which role and aspect it is about, and the reply.

The Rasa action hands over the intent, the text, the role entities and the remembered context; this module
decides and returns the reply with the new context, so the same rules serve every channel and are tested alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Protocol

from bot import answers
from bot.answers import Reply
from bot.roles.mention_guess import guess_role_phrase
from bot.roles.names import singular_key
from bot.roles.records import RoleRecord, RoleRef
from bot.roles.resolver import Mention, Resolution, RoleNameIndex

# What each role intent asks about.
INTENT_ASPECTS = {
    "ask_definition": "definition",
    "ask_more": "more",
    "ask_responsibilities": "responsibilities",
    "ask_reports_to": "reports_to",
    "ask_direct_reports": "direct_reports",
    "ask_skills": "skills",
    "ask_how_to_become": "how_to_become",
    "ask_compare": "compare",
}
ASPECT_INTENTS = {aspect: intent for intent, aspect in INTENT_ASPECTS.items()}
# Intents whose questions name their role ("what about devops?"), so even a lone word of a title counts.
NAMING_INTENTS = ("ask_definition", "ask_same_about", "ask_compare")
# "Tell me more" walks these layers in order, skipping what this role's answers already showed.
MORE_LAYERS = ("details", "responsibilities", "skills", "how_to_become")
# Aspects that "what about the CFO?" can repeat for another role.
REPEATABLE = {"definition", "responsibilities", "reports_to", "direct_reports", "skills", "how_to_become"}


@dataclass(frozen=True)
class Context:
    """What the conversation remembers between turns (kept in Rasa slots)."""

    role: str | None = None
    aspect: str | None = None
    shown: tuple[str, ...] = ()
    # An aspect asked about before the role was clear ("which CPO?"): a bare role name next answers it.
    awaiting: str | None = None


@dataclass(frozen=True)
class Turn:
    intent: str
    text: str
    role_mentions: tuple[str, ...] = ()
    # The classifier's other guesses, best first: used when confidence was too low but a role is named.
    ranking: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    reply: Reply
    context: Context


class RoleSource(Protocol):
    """What a turn needs from the role database (a RoleReader: one session for the turn)."""

    @property
    def index(self) -> RoleNameIndex: ...

    def get(self, slug: str) -> RoleRecord | None: ...

    def all_roles(self) -> list[RoleRecord]: ...

    @property
    def onet_release(self) -> str | None: ...


def answer_turn(turn: Turn, context: Context, source: RoleSource) -> Outcome:
    """The reply to one turn and the context after it; never raises for anything a person types."""
    if turn.intent in ("nlu_fallback", "out_of_scope"):
        turn = _best_guess_when_a_role_is_named(turn, source.index)
    elif turn.intent == "ask_same_about" and not _names_a_role(turn, source.index):
        # "what about the subordinates?" names no role: it asks something new about the same one
        turn = next((Turn(i, turn.text, turn.role_mentions, turn.ranking) for i in turn.ranking
                     if i in INTENT_ASPECTS), turn)
    if turn.intent == "list_roles":
        return Outcome(answers.compose_role_list(source.all_roles()), context)
    if turn.intent == "ask_source":
        return Outcome(answers.compose_source(source.onet_release), context)
    if context.awaiting and (_is_short(turn.text) and turn.intent in ("ask_definition", "ask_same_about")
                             or source.index.resolve(turn.text).role is not None):
        aspect = context.awaiting  # "which one?" answered with a role's name, whatever the model made of it
    elif turn.intent == "ask_same_about" or (turn.intent == "ask_definition" and _is_follow_up(turn.text)):
        aspect = context.aspect if context.aspect in REPEATABLE else "definition"
    elif turn.intent in INTENT_ASPECTS:
        aspect = INTENT_ASPECTS[turn.intent]
    elif turn.intent == "affirm":
        if not context.role or context.shown:
            return Outcome(answers.compose_ask_away(), context)
        aspect = "definition"  # "yes" to the widget's offer about the page's role
    else:
        return _without_role_intent(turn, context, source)

    resolutions = _resolve_mentions(turn, source.index, guess_unknown=aspect == "definition",
                                    in_context=context.role is not None and turn.intent not in NAMING_INTENTS)
    problem = _first_problem(resolutions, aspect)
    if problem is not None:
        awaiting = aspect if any(r.ambiguous for r in resolutions) else None
        return Outcome(problem, replace(context, awaiting=awaiting))
    roles = [r.role for r in resolutions if r.role is not None]

    if aspect == "compare":
        return _compare(roles, turn, context, source)
    slug = roles[0].slug if roles else context.role
    if not roles and aspect == "direct_reports" and context.aspect == "reports_to" and _asks_about_others(turn.text):
        boss = source.get(slug) if slug else None  # "who else reports to them?" is about the boss just named
        slug = boss.reports_to.slug if boss and boss.reports_to else slug
    role = source.get(slug) if slug else None
    if role is None:  # no role named and none in context (or the catalogue changed under the conversation)
        return Outcome(answers.compose_which_role(ASPECT_INTENTS[aspect]), Context(awaiting=aspect))
    shown = context.shown if slug == context.role else ()
    return _answer_aspect(role, aspect, shown)


def _without_role_intent(turn: Turn, context: Context, source: RoleSource) -> Outcome:
    """Out of scope, low confidence and the like: answer a plain role name anyway, else redirect."""
    mentions = source.index.find_mentions(turn.text)
    if len(mentions) == 1 and len(mentions[0].roles) == 1 and turn.intent in ("nlu_fallback", "out_of_scope"):
        role = source.get(mentions[0].roles[0].slug)
        if role is not None and _is_bare_mention(turn.text, mentions[0].text):
            return _answer_aspect(role, "definition", ())
    if turn.intent == "out_of_scope":
        return Outcome(answers.compose_out_of_scope(), context)
    return Outcome(answers.compose_rephrase(), context)


def _names_a_role(turn: Turn, index: RoleNameIndex) -> bool:
    return bool(turn.role_mentions) or bool(index.find_mentions(turn.text) or index.find_close_mentions(turn.text))


def _best_guess_when_a_role_is_named(turn: Turn, index: RoleNameIndex) -> Turn:
    """'tell me about recruiters' at low confidence is still a question about recruiters; 'im 17 and good with
    my hands, how do i become a welder' taken for small talk is still a question about welders, when the
    model's next guess is a role question."""
    named = any(index.resolve(m).role for m in turn.role_mentions) or index.find_mentions(turn.text)
    if not named:
        return turn
    for intent in turn.ranking:
        if intent in INTENT_ASPECTS or intent == "ask_same_about":
            return Turn(intent, turn.text, turn.role_mentions, turn.ranking)
        if intent not in ("nlu_fallback", "out_of_scope"):
            break
    if turn.intent == "out_of_scope":
        return turn
    return Turn("ask_definition", turn.text, turn.role_mentions, turn.ranking)


def _is_bare_mention(text: str, name: str) -> bool:
    """'coo??' or 'the COO' is a question about the COO; 'coo coo said the pigeon' is not."""
    return len(singular_key(text).split()) <= len(name.split()) + 2


def _asks_about_others(text: str) -> bool:
    return bool({"else", "other", "others"} & set(singular_key(text).split()))


_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|then)\W+)*(?:what|how)\s+about\b|^\W*(?:and|same)\s+(?:for\s+)?(?:the|a|an)\b",
    re.IGNORECASE,
)


def _is_follow_up(text: str) -> bool:
    """"what about a data scientist?" asks the last question again, whatever the classifier thought."""
    return bool(_FOLLOW_UP.search(text))


def _is_short(text: str) -> bool:
    return len(text.split()) <= 5


_ASKERS_OWN = re.compile(r"\b(?:i'?m|i am|im|as)\s+(?:a|an|the)?\s*$", re.IGNORECASE)


def _without_the_askers_own_role(text: str, mentions: list[str]) -> list[str]:
    """"I'm a recruiter, what is a DevOps engineer?" asks about the DevOps engineer, not the recruiter."""
    if len(mentions) < 2:
        return mentions
    kept = []
    for mention in mentions:
        at = text.lower().find(mention.lower())
        if at < 0 or not _ASKERS_OWN.search(text[:at]):
            kept.append(mention)
    return kept or mentions


def _widened(mention: str, in_text: list[Mention]) -> Resolution | None:
    """A known name in the text that contains what the model marked: "vp of ops", not just "ops"."""
    key = singular_key(mention)
    for found in in_text:
        if key and key != found.text and f" {key} " in f" {found.text} ":
            return _as_resolutions([found])[0]
    return None


def _as_resolutions(mentions: list[Mention]) -> list[Resolution]:
    return [
        Resolution(m.text, role=m.roles[0]) if len(m.roles) == 1
        else Resolution(m.text, candidates=m.roles, ambiguous=True)
        for m in mentions
    ]


def _resolve_mentions(turn: Turn, index: RoleNameIndex, guess_unknown: bool = False,
                      in_context: bool = False) -> list[Resolution]:
    """The roles a turn names: the model's entities, else names in the text, else names despite typos.

    With `guess_unknown`, a "what is a X?" whose X is no known role comes back as an unknown mention of X,
    so the person hears "I don't know X" rather than an answer about the previous role. With a role
    `in_context`, a lone word that merely starts a title ("the work content") is not taken for a role.
    """
    mentions = _without_the_askers_own_role(turn.text, [m for m in turn.role_mentions if m.strip()])
    in_text = index.find_mentions(turn.text)
    resolutions = [_widened(m, in_text) or index.resolve(m) for m in mentions]
    # A known name inside a title the model marked and nobody knows is part of that title: a "data janitor"
    # is no janitor.
    unknown = [singular_key(r.mention) for r in resolutions if not r.role and not r.ambiguous]
    in_text = [m for m in in_text if not any(m.text != key and f" {m.text} " in f" {key} " for key in unknown)]
    if any(r.role or r.ambiguous for r in resolutions):
        return resolutions
    if in_text or resolutions:
        return _as_resolutions(in_text) or resolutions
    close = [m for m in index.find_close_mentions(turn.text) if not (in_context and len(m.text.split()) == 1)]
    if close:
        return _as_resolutions(close)
    guessed = guess_role_phrase(turn.text) if guess_unknown else None
    return [index.resolve(guessed)] if guessed else []


def _first_problem(resolutions: list[Resolution], aspect: str) -> Reply | None:
    for resolution in resolutions:
        if resolution.ambiguous:
            return answers.compose_ambiguous(resolution.mention, resolution.candidates,
                                             ASPECT_INTENTS.get(aspect, "ask_definition"))
    found = [r for r in resolutions if r.role]
    unknown = [r for r in resolutions if not r.role and not r.ambiguous]
    if unknown and (not found or aspect != "compare"):
        return answers.compose_unknown_role(unknown[0].mention, unknown[0].candidates)
    return None


def _compare(roles: list[RoleRef], turn: Turn, context: Context, source: RoleSource) -> Outcome:
    slugs = [r.slug for r in roles]
    if len(slugs) < 2:  # the model found one of the two: look for the other in the text, keeping its order
        in_text = source.index.find_mentions(turn.text) or source.index.find_close_mentions(turn.text)
        if len(in_text) < 2:
            in_text = source.index.find_close_mentions(turn.text)
        ordered = [m.roles[0].slug for m in in_text if len(m.roles) == 1]
        slugs = list(dict.fromkeys(ordered + slugs))
    if len(slugs) == 1 and context.role and context.role != slugs[0]:
        slugs.insert(0, context.role)
    if len(slugs) == 1:  # one role and nothing to compare it with: say what it is
        role = source.get(slugs[0])
        if role is not None:
            return _answer_aspect(role, "definition", ())
    if len(slugs) < 2:
        return Outcome(answers.compose_which_two_roles(), context)
    first, second = source.get(slugs[0]), source.get(slugs[1])
    if first is None or second is None:
        return Outcome(answers.compose_which_two_roles(), context)
    return Outcome(answers.compose_comparison(first, second), Context(first.slug, "compare", ()))


def _answer_aspect(role: RoleRecord, aspect: str, shown: tuple[str, ...]) -> Outcome:
    if aspect == "more":
        remaining = [layer for layer in MORE_LAYERS if layer not in shown]
        if not remaining:
            return Outcome(answers.compose_that_is_all(role), Context(role.slug, "more", shown))
        aspect = remaining[0]
    shown = shown + (aspect,) if aspect not in shown else shown
    more_left = any(layer not in shown for layer in MORE_LAYERS)
    composers = {
        "definition": lambda: answers.compose_definition(role),
        "details": lambda: answers.compose_details(role),
        "responsibilities": lambda: answers.compose_responsibilities(role, more_left),
        "skills": lambda: answers.compose_skills(role, more_left),
        "how_to_become": lambda: answers.compose_how_to_become(role, more_left),
        "reports_to": lambda: answers.compose_reports_to(role, more_left),
        "direct_reports": lambda: answers.compose_direct_reports(role, more_left),
    }
    reply = composers[aspect]()
    remembered = aspect if aspect in REPEATABLE else "definition"
    return Outcome(reply, Context(role.slug, remembered, shown))
