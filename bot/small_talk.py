"""What the assistant says before anyone asks: the greeting and the help, written once in domain.yml, and the
offer about the role of a job posting page. Telegram's /start and /help and the widget's opening read them here.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from bot.answers import Button, Reply, ask_payload
from bot.aspects import intent_for
from bot.config import PROJECT_ROOT

DOMAIN = PROJECT_ROOT / "domain.yml"
# The opening offer on a job posting page: questions about that role, in the page's voice.
PAGE_QUESTIONS = (("definition", "What is this role?"), ("reports_to", "Who would I report to?"),
                  ("responsibilities", "What does it involve?"))


@lru_cache(maxsize=8)
def domain_response(name: str) -> Reply:
    """The first variation of a response in domain.yml, as a reply."""
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    first = responses[name][0]
    return Reply(first["text"], tuple(Button(b["title"], b["payload"]) for b in first.get("buttons", ())))


def greeting() -> Reply:
    return domain_response("utter_greet")


def help_reply() -> Reply:
    return domain_response("utter_help")


def page_offer(slug: str | None, title: str | None) -> Reply:
    """On a job posting page, questions about its role; elsewhere, the greeting."""
    if not slug:
        return greeting()
    name = title or slug.replace("-", " ")
    return Reply(f"Questions about the {name} role? Ask me anything about it.",
                 tuple(Button(label, ask_payload(intent_for(aspect), slug)) for aspect, label in PAGE_QUESTIONS))
