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


def test_event_classes_are_resolved_as_before() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet

    assert rasa_patches._resolve_by_type("slot") is SlotSet is Event.resolve_by_type("slot")
    assert rasa_patches._resolve_by_type("action") is ActionExecuted
    assert rasa_patches._resolve_by_type("no-such-event", SlotSet) is SlotSet


def test_the_compiled_check_agrees_with_jsonschema_on_real_responses() -> None:
    from jsonschema import validators

    samples = [GOOD, *BAD, {"events": [{"event": "slot", "name": "shown", "value": ["definition", "details"]},
                                        {"event": "slot", "name": "awaiting", "value": None}], "responses": []}]
    schema = RemoteAction.action_response_format_spec()
    reference = validators.validator_for(schema)(schema)  # what jsonschema.validate, and so Rasa, uses
    samples += [{"events": [{"event": "nonsense"}]}, {"events": [{"event": "slot"}]}, {"events": [1]}, [],
                {"events": [{"event": "bot", "text": "hi", "data": {"buttons": []}}]}]
    assert rasa_patches._event_checks(), "the adapter must recognise Rasa's event schema"
    for sample in samples:
        if rasa_patches._passes_compiled_check(sample):
            assert reference.is_valid(sample), sample  # the fast path never accepts what Rasa would refuse


def kept_alive(url: str) -> rasa_patches.KeptAliveEndpoint:
    from rasa.utils.endpoints import EndpointConfig

    return rasa_patches.KeptAliveEndpoint.like(EndpointConfig(url))


async def test_endpoint_calls_share_one_session_that_outlives_them() -> None:
    endpoint = kept_alive("http://127.0.0.1:1/webhook")
    async with endpoint.session() as first:
        pass
    async with endpoint.session() as second:
        assert second is first

    assert not first.closed
    async with kept_alive("http://127.0.0.1:2/webhook").session() as third:
        assert third is not first
    await first.close()
    await third.close()


def test_only_the_action_endpoint_is_kept_alive() -> None:
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    endpoints = AvailableEndpoints.__new__(AvailableEndpoints)
    rasa_patches._endpoints_init(endpoints, nlg=EndpointConfig("http://127.0.0.1:1/nlg"),
                                 action=EndpointConfig("http://127.0.0.1:1/webhook", headers={"X": "1"}))

    assert isinstance(endpoints.action, rasa_patches.KeptAliveEndpoint)
    assert endpoints.action.url.endswith("/webhook") and endpoints.action.headers == {"X": "1"}
    assert type(endpoints.nlg) is EndpointConfig


def test_sessions_of_an_ended_event_loop_are_let_go() -> None:
    import asyncio

    async def use() -> None:
        async with kept_alive("http://127.0.0.1:3/webhook").session():
            pass

    asyncio.run(use())
    ended = [loop for loop in rasa_patches._sessions if loop.is_closed()]
    asyncio.run(use())

    assert ended and not any(loop in rasa_patches._sessions for loop in ended)
    rasa_patches._close_sessions()


def test_the_action_call_carries_the_current_turn_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(
        "intents: [greet]\nslots:\n  current_role:\n    type: text\n    mappings: [{type: custom}]\n"
    )
    tracker = DialogueStateTracker.from_events("s", [
        ActionExecuted("action_listen"), UserUttered("what is a COO?", metadata={"page_role": "cfo"}),
        SlotSet("current_role", "coo"), ActionExecuted("action_listen"),
        UserUttered("tell me more", metadata={"page_role": "coo"}),
    ], slots=domain.slots)
    action = RemoteAction("action_answer_role", None)

    whole = action._action_call_format(tracker, domain)
    body = rasa_patches.current_turn_only(whole)
    monkeypatch.setenv("ROLE_ASSISTANT_ACTION_EVENTS", "all")
    full = rasa_patches.current_turn_only(whole)

    assert body is not None and full is None and len(whole["tracker"]["events"]) == len(tracker.events)
    assert [e["event"] for e in body["tracker"]["events"]] == ["user"]
    assert body["tracker"]["events"][0]["metadata"] == {"page_role": "coo"}
    assert body["tracker"]["slots"]["current_role"] == "coo"
    assert body["tracker"]["latest_message"]["text"] == "tell me more"


async def test_idle_connections_are_let_go_before_the_action_server_closes_them() -> None:
    """Sanic (the action server) closes idle connections after KEEP_ALIVE_TIMEOUT; a client holding them
    longer races the server's close, and `make bench` saw calls fail with "Can not write request body"."""
    from sanic.config import DEFAULT_CONFIG

    async with kept_alive("http://127.0.0.1:1/webhook").session() as session:
        kept = session.connector._keepalive_timeout  # type: ignore[union-attr]
        await session.close()

    assert kept == rasa_patches.IDLE_CONNECTION_SECONDS
    assert kept <= DEFAULT_CONFIG["KEEP_ALIVE_TIMEOUT"] / 2
