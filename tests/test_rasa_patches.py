"""The action-response validation adapter accepts and refuses exactly what Rasa's own check does."""
from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches

GOOD = {"events": [{"event": "slot", "name": "current_role", "value": "coo"}],
        "responses": [{"text": "hi", "buttons": []}]}
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": 3}]},
    {"responses": ["not an object"]},
]


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_patches._validate_action_result)
    return RemoteAction("action_answer_role", None)


def test_a_good_response_passes(patched: RemoteAction) -> None:
    assert patched._validate_action_result(GOOD) is True


@pytest.mark.parametrize("response", BAD)
def test_a_bad_response_fails_as_in_rasa(patched: RemoteAction, response: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as ours:
        patched._validate_action_result(response)
    with pytest.raises(ValidationError) as theirs:
        validate(response, RemoteAction.action_response_format_spec())

    assert ours.value.message.startswith(theirs.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_apply_installs_the_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.processor import MessageProcessor

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(MessageProcessor, "parse_message", MessageProcessor.parse_message)
    rasa_patches.apply()

    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result
    assert MessageProcessor.parse_message is rasa_patches._parse_message


async def test_blank_message_is_parsed_as_the_fallback_intent() -> None:
    from rasa.core.channels.channel import UserMessage

    parsed = await rasa_patches._parse_message(None, UserMessage("   "))  # type: ignore[arg-type]

    assert parsed["intent"]["name"] == "nlu_fallback" and parsed["entities"] == []
