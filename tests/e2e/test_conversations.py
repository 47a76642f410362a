"""Whole conversations through the REST channel of the real Rasa server and action server."""
from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.facts import facts_in
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


def test_the_player_fails_a_real_reply_that_answers_another_aspect_or_role(assistant: Stack) -> None:
    """The assistant's definition of a COO, held to a turn that asked for duties or for the CEO: both fail,
    though the definition's words ("Chief Operating Officer", "operations") are all there."""
    asked = {"user": "what is a COO?", "expect": ["Chief Operating Officer"]}
    right = Conversation("inline", "right", [{**asked, "aspect": "definition", "role": "coo"}])
    wrong_aspect = Conversation("inline", "wrong aspect", [{**asked, "aspect": "responsibilities", "role": "coo"}])
    wrong_role = Conversation("inline", "wrong role", [{**asked, "aspect": "definition", "role": "ceo"}])

    assert right.play(assistant.rasa_url) == []
    [aspect_failure] = wrong_aspect.play(assistant.rasa_url)
    [role_failure] = wrong_role.play(assistant.rasa_url)
    assert aspect_failure.endswith("answered definition, not responsibilities")
    assert role_failure.endswith("about ['coo'], not ceo")


def test_every_reply_carries_what_it_answered_after_its_text(assistant: Stack) -> None:
    """Facts come as a `custom` item of their own, after the text and buttons, which clients show unchanged."""
    payload = send(assistant.rasa_url, "facts-user", "who does the CFO report to?")

    assert [sorted(item) for item in payload] == [["buttons", "recipient_id", "text"], ["custom", "recipient_id"]]
    assert facts_in(payload) == {"aspect": "reports_to", "roles": ["cfo"], "name": ""}
    greeting = send(assistant.rasa_url, "facts-user", "hello")
    assert facts_in(greeting) == {"aspect": "greeting", "roles": [], "name": ""}


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
