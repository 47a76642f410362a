"""One turn of the conversation, without Rasa: interpret (`bot.interpret`), then answer from the table below.

The Rasa action hands over the intent, the text, the role entities and the remembered context; `answer_turn`
returns the reply with the new context, so the same rules serve every channel and are tested alone. An
aspect of a role is answered from the aspect table (`bot.aspects`); every other kind of reply is a row of
REPLIES. A new behaviour is a new rule in `bot.interpret` and a new row here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot import answers, small_talk
from bot.answers import Reply
from bot.aspects import BY_NAME, MORE_LAYERS, intent_for, next_question_buttons, remembered
from bot.conversation import Context, Outcome, Question, RoleSource, Turn
from bot.interpret import interpret

__all__ = ["Context", "Outcome", "Question", "RoleSource", "Turn", "answer", "answer_turn"]


def answer_turn(turn: Turn, context: Context, source: RoleSource) -> Outcome:
    """The reply to one turn and the context after it; never raises for anything a person types."""
    return answer(interpret(turn, context, source), source)


def answer(question: Question, source: RoleSource) -> Outcome:
    """The reply to an interpreted question, from the row of REPLIES for its kind or the aspect table."""
    outcome = REPLIES.get(question.aspect, _role_aspect)(question, source)
    if outcome.aspect:
        return outcome
    return replace(outcome, aspect=question.aspect, roles=question.roles, name=question.name)


def _role_aspect(question: Question, source: RoleSource) -> Outcome:
    """An aspect of one role; "tell me more" walks the layers this role's answers have not shown yet."""
    role = source.get(question.roles[0]) if question.roles else None
    if role is None:  # the catalogue changed under the conversation
        return _which_role(Question("which_role", asked=question.aspect), source)
    aspect, shown = question.aspect, question.shown
    if aspect == "more":
        remaining = [layer for layer in MORE_LAYERS if layer not in shown]
        if not remaining:
            reply = Reply(answers.that_is_all_text(role), next_question_buttons(role, "more", more_left=False))
            return Outcome(reply, Context(role.slug, "more", shown), "that_is_all", (role.slug,))
        aspect = remaining[0]
    shown = shown if aspect in shown else shown + (aspect,)
    more_left = any(layer not in shown for layer in MORE_LAYERS)
    row = BY_NAME[aspect]
    assert row.compose is not None, aspect
    text = answers.sourced(role, row.compose(role)) if row.onet_credit else row.compose(role)
    buttons = next_question_buttons(role, aspect, more_left)
    if question.noted:
        text = f"{answers.noted_text(role, greeted=question.noted == 'greeting')}\n\n{text}"
    if question.options:  # taken as the likeliest of several roles: say so, and offer the others
        text = f"{answers.taken_as_text(question.name, role, question.options)}\n\n{text}"
        buttons = answers.role_buttons(question.options, intent_for(aspect)) + buttons
    reply = Reply(text, buttons)
    return Outcome(reply, Context(role.slug, remembered(aspect), shown), aspect, (role.slug,), question.name)


def _compare(question: Question, source: RoleSource) -> Outcome:
    first, second = (source.get(slug) for slug in question.roles)
    if first is None or second is None:
        return Outcome(answers.compose_which_two_roles(), question.kept, "which_two")
    if first.slug == second.slug:
        reply = Reply(answers.same_role_text(first), next_question_buttons(first, "definition", more_left=True))
    else:
        reply = answers.compose_comparison(first, second)
    return Outcome(reply, Context(first.slug, "compare", ()), "compare", (first.slug, second.slug))


def _pay_elsewhere(question: Question, source: RoleSource) -> Outcome:
    role = source.get(question.roles[0]) if question.roles else None
    if role is None:
        return _which_role(Question("which_role", asked="pay"), source)
    reply = Reply(answers.pay_elsewhere_text(role, question.name), next_question_buttons(role, "pay", True))
    return Outcome(reply, Context(role.slug, "pay", question.shown), "pay_elsewhere", (role.slug,), question.name)


def _which_role(question: Question, source: RoleSource) -> Outcome:
    asked = question.asked or "definition"
    examples = [role for role in source.all_roles() if role.example]
    return Outcome(answers.compose_which_role(intent_for(asked), examples), Context(awaiting=asked), "which_role")


def _kept(compose: Callable[[], Reply]) -> Callable[[Question, RoleSource], Outcome]:
    """A reply about no role, keeping the context the rule chose."""
    return lambda question, source: Outcome(compose(), question.kept)


# Every reply that is not an aspect of one role, by the kind of question.
REPLIES: dict[str, Callable[[Question, RoleSource], Outcome]] = {
    "compare": _compare,
    "pay_elsewhere": _pay_elsewhere,
    "which_role": _which_role,
    "which_two": _kept(answers.compose_which_two_roles),
    "ambiguous": lambda q, source: Outcome(
        answers.compose_ambiguous(q.name, q.options, intent_for(q.asked or "definition")), q.kept),
    "unknown_role": lambda q, source: Outcome(answers.compose_unknown_role(q.name, q.options), q.kept),
    "list_roles": lambda q, source: Outcome(answers.compose_role_list(source.all_roles()), q.kept),
    "source": lambda q, source: Outcome(answers.compose_source(source.onet_release), q.kept),
    "ask_away": _kept(answers.compose_ask_away),
    "greeting": _kept(small_talk.greeting),
    "out_of_scope": _kept(answers.compose_out_of_scope),
    "rephrase": _kept(answers.compose_rephrase),
}
assert not set(REPLIES) & {a.name for a in BY_NAME.values() if a.compose}, "an aspect of a role is answered once"
