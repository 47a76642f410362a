"""Whole conversations through the REST channel of the real Rasa server and action server."""
from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.serve import Stack
from bot.training.conversations import Conversation, load_conversations, reply_text, send

CONVERSATIONS = load_conversations(PROJECT_ROOT / "tests" / "conversations")


def test_there_are_at_least_40_conversations() -> None:
    assert len(CONVERSATIONS) >= 40


def test_at_least_40_conversations_are_about_imported_occupations() -> None:
    assert len([c for c in CONVERSATIONS if c.file == "occupations.yml"]) >= 40


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[f"{c.file}:{c.name}" for c in CONVERSATIONS])
def test_conversation(assistant: Stack, conversation: Conversation) -> None:
    assert conversation.play(assistant.rasa_url) == []


def test_buttons_carry_payloads_that_work(assistant: Stack) -> None:
    first = send(assistant.rasa_url, "buttons-user", "what is a COO?")
    more = next(b for b in first[0]["buttons"] if b["title"] == "Tell me more")

    second = reply_text(send(assistant.rasa_url, "buttons-user", more["payload"]))

    assert "Chief Operating Officer" in second and len(second) > len(reply_text(first))


def test_two_people_keep_their_own_context(assistant: Stack) -> None:
    send(assistant.rasa_url, "alice", "what is a CFO?")
    send(assistant.rasa_url, "bob", "what is a recruiter?")

    alice = reply_text(send(assistant.rasa_url, "alice", "who do they report to?"))
    bob = reply_text(send(assistant.rasa_url, "bob", "who do they report to?"))

    assert "Chief Financial Officer reports to" in alice
    assert "Recruiter reports to the HR Manager" in bob
