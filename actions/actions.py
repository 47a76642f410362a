"""The one role action: reads the turn from the tracker, asks `bot.assistant`, sends the reply."""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Reply, compose_database_fault, compose_internal_fault
from bot.assistant import Context, Turn, answer_turn
from bot.config import role_db_url, warm_up_at_start
from bot.facts import FACTS_KEY, facts
from bot.roles.db import RoleDatabaseError
from bot.roles.repository import RoleRepository

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def role_repository() -> RoleRepository:
    """Created on the first request, not at import, so the server starts even when the database is down."""
    return RoleRepository(role_db_url())


def warm_up() -> None:
    """Read the catalogue and build the name index (a few seconds for 60,000 names) before the first question;
    a database that is down now is tried again by that question."""
    try:
        with role_repository().reader() as reader:
            reader.index.resolve("warm-up")
    except Exception as exc:  # the first request retries and answers with a clear message
        logger.info("catalogue not read at start: %s", exc)


if warm_up_at_start():
    threading.Thread(target=warm_up, name="catalogue-warm-up", daemon=True).start()


def turn_from_tracker(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    mentions = []
    for entity in message.get("entities") or []:
        if entity.get("entity") != "role":
            continue
        start, end = entity.get("start"), entity.get("end")
        typed = text[start:end] if isinstance(start, int) and isinstance(end, int) and not text.startswith("/") else ""
        mentions.append(typed or str(entity.get("value") or ""))
    intent = (message.get("intent") or {}).get("name") or "nlu_fallback"
    ranking = tuple(r.get("name", "") for r in message.get("intent_ranking") or [])
    return Turn(intent=intent, text=text, role_mentions=tuple(mentions), ranking=ranking)


def page_role(tracker: Tracker) -> str | None:
    """The role of the page the widget sits on (a job posting), sent as message metadata."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            role = (event.get("metadata") or {}).get("page_role")
            return role if isinstance(role, str) and role else None
    return None


def context_from_tracker(tracker: Tracker) -> Context:
    """The remembered context; on a job posting page, the posting's role until another is discussed."""
    shown = tracker.get_slot("shown") or []
    role = tracker.get_slot("current_role") or page_role(tracker)
    return Context(role=role, aspect=tracker.get_slot("aspect"), shown=tuple(shown),
                   awaiting=tracker.get_slot("awaiting"), offered=tuple(tracker.get_slot("offered") or []))


def send(dispatcher: CollectingDispatcher, reply: Reply, answered: dict[str, Any] | None = None) -> None:
    """The reply, with what it answered: Rasa records `answered` in the bot event's metadata (for `bot review`),
    and the REST channel sends it as a `custom` item after the text (the widget and Telegram skip items without
    text; the socket.io channel drops it), for the conversation tests."""
    answered = answered or facts("fault")
    dispatcher.utter_message(text=reply.text, buttons=[b.as_dict() for b in reply.buttons],
                             json_message={FACTS_KEY: answered}, **{FACTS_KEY: answered})


class ActionAnswerRole(Action):
    def name(self) -> str:
        return "action_answer_role"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn, context = turn_from_tracker(tracker), context_from_tracker(tracker)
        try:
            with role_repository().reader() as reader:
                outcome = answer_turn(turn, context, reader)
        except RoleDatabaseError as exc:
            logger.error("answering %r failed: %s", turn.text, exc)
            send(dispatcher, compose_database_fault())
            return []
        except Exception:  # a person must never get an empty reply; the trace goes to the log
            logger.exception("answering %r failed", turn.text)
            send(dispatcher, compose_internal_fault())
            return []
        send(dispatcher, outcome.reply, outcome.facts())
        return context_events(tracker, outcome.context)


def context_events(tracker: Tracker, context: Context) -> list[dict[str, Any]]:
    """A SlotSet for each slot that changes: every event is stored and sent back on each later turn."""
    wanted = {"current_role": context.role, "aspect": context.aspect, "shown": list(context.shown),
              "awaiting": context.awaiting, "offered": list(context.offered)}
    current = {name: tracker.get_slot(name) for name in wanted}
    current["shown"] = list(current["shown"] or [])
    current["offered"] = list(current["offered"] or [])
    return [SlotSet(name, value) for name, value in wanted.items() if current[name] != value]
