"""What one turn carries: the turn as Rasa read it, the remembered context, the question it asks, the outcome.

Plain frozen data shared by `bot.interpret` (turn and context to question) and `bot.assistant` (question to
reply and next context); nothing here decides anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.answers import Reply
from bot.facts import facts
from bot.roles.records import RoleRecord, RoleRef
from bot.roles.resolver import RoleNameIndex


@dataclass(frozen=True)
class Context:
    """What the conversation remembers between turns (kept in Rasa slots)."""

    role: str | None = None
    aspect: str | None = None
    shown: tuple[str, ...] = ()
    # An aspect asked about before the role was clear ("which CPO?"): a bare role name next answers it.
    awaiting: str | None = None
    # The roles that "which one?" offered, so "the people one" or "the second" can pick one.
    offered: tuple[str, ...] = ()

    def subject(self) -> Context:
        """The role under discussion and what was shown of it, without a pending "which one?": what a reply
        about no role (small talk, an unknown name) keeps."""
        return Context(self.role, self.aspect, self.shown)

    def awaiting_one_of(self, aspect: str, offered: tuple[str, ...]) -> Context:
        """The subject, with a pending "which one?" for an aspect between the roles offered."""
        return Context(self.role, self.aspect, self.shown, aspect, offered)


@dataclass(frozen=True)
class Turn:
    intent: str
    text: str
    role_mentions: tuple[str, ...] = ()
    # The classifier's other guesses, best first: used when confidence was too low but a role is named.
    ranking: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """What a turn asks, once interpreted: an aspect of one or two roles (`bot.aspects`), or one of the replies
    that are about no role (`bot.assistant.REPLIES`: a clarification, small talk)."""

    aspect: str
    roles: tuple[str, ...] = ()
    # "Tell me more" layers this role's answers already showed.
    shown: tuple[str, ...] = ()
    # For an unknown or ambiguous name: the name as typed, and the roles it might mean; for a role taken as
    # the likeliest meaning of a name that is not its own, the name and the other roles it may mean.
    name: str = ""
    options: tuple[RoleRef, ...] = ()
    # For a clarification: the aspect to answer once the role is clear.
    asked: str | None = None
    # The context after a reply that is about no role.
    kept: Context = Context()
    # A role named in passing ("hi, I'm looking at a CFO vacancy"): how it came ("greeting" or "statement"),
    # so the reply can say it noted the role before saying what it is.
    noted: str = ""
    # The rule that decided (for logs and tests).
    rule: str = ""


@dataclass(frozen=True)
class Outcome:
    reply: Reply
    context: Context
    # What the reply answered, recorded with it and never shown: the aspect (or kind of reply, such as
    # "unknown_role"), the roles it is about, and a name as typed that no role or several roles have.
    aspect: str = ""
    roles: tuple[str, ...] = ()
    name: str = ""

    def facts(self) -> dict[str, object]:
        return facts(self.aspect, self.roles, self.name)


class RoleSource(Protocol):
    """What a turn needs from the role database (a RoleReader: one session for the turn)."""

    @property
    def index(self) -> RoleNameIndex: ...

    def get(self, slug: str) -> RoleRecord | None: ...

    def all_roles(self) -> list[RoleRecord]: ...

    @property
    def onet_release(self) -> str | None: ...
