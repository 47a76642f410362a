"""Each adapter of bot.rasa_patches is in effect when applied: Rasa's own code path, run against a real
(loopback) action server, shows what each one changes, and disabling any one makes exactly its effect go.

Rasa runs unpatched, with a one-line warning, when its version is not the one the adapters were written for.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import rasa
from aiohttp import web
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.exc import OperationalError

from bot import rasa_patches
from bot.net import free_port

RESPONSE = {"events": [{"event": "slot", "name": "current_role", "value": "cfo"}],
            "responses": [{"text": "The CFO runs the money."}]}


@pytest.fixture
def restore_rasa(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whatever a test installs is undone afterwards."""
    for adapter in rasa_patches.ADAPTERS.values():
        if adapter.owner is not None:
            monkeypatch.setattr(adapter.owner, adapter.attribute, adapter.owner.__dict__[adapter.attribute])
    rasa_patches._event_classes.clear()
    yield
    for adapter in rasa_patches.ADAPTERS.values():
        adapter.remove()
    rasa_patches._event_classes.clear()


class ActionServer:
    """A loopback action server that records each call's body and the client port it came from."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, Any], int]] = []
        self.port = free_port()
        self.runner: web.AppRunner | None = None

    async def webhook(self, request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.calls.append((await request.json(), peer[1] if peer else -1))
        return web.json_response(RESPONSE)

    async def __aenter__(self) -> ActionServer:
        app = web.Application()
        app.router.add_post("/webhook", self.webhook)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for sessions in list(rasa_patches._sessions.values()):
            for session in sessions.values():
                await session.close()
        rasa_patches._sessions.clear()
        if self.runner:
            await self.runner.cleanup()


async def observed_effects(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Run Rasa's own code for two custom-action calls to the action endpoint as Rasa reads it from the
    endpoints, and one to an action server that is down, and say what each adapter did."""
    full_checks: list[object] = []
    real_validate = jsonschema.validate

    def counting_validate(*args: Any, **kwargs: Any) -> None:
        full_checks.append(args)
        real_validate(*args, **kwargs)

    monkeypatch.setattr(jsonschema, "validate", counting_validate)
    domain = Domain.from_yaml("slots:\n  current_role:\n    type: text\n    mappings: [{type: custom}]\n")
    tracker = DialogueStateTracker.from_events("s", [
        ActionExecuted("action_listen"), UserUttered("what is a COO?"), SlotSet("current_role", "coo"),
        ActionExecuted("action_listen"), UserUttered("and the CFO?"),
    ], slots=domain.slots)
    async with ActionServer() as server:
        from rasa.core.actions.action import RemoteAction

        endpoints = AvailableEndpoints(action=EndpointConfig(f"http://127.0.0.1:{server.port}/webhook"))
        action = RemoteAction("action_answer_role", endpoints.action)
        for _ in range(2):
            events = await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}),
                                      tracker, domain)
            assert SlotSet("current_role", "cfo") in events
        nowhere = RemoteAction("action_answer_role",
                               AvailableEndpoints(action=EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")).action)
        nlg = TemplatedNaturalLanguageGenerator({rasa_patches.UNAVAILABLE_RESPONSE: [{"text": "Ask again soon."}]})
        try:
            said = await nowhere.run(CollectingOutputChannel(), nlg, tracker, domain)
            unavailable_said = [e.text for e in said if isinstance(e, BotUttered)] == ["Ask again soon."]
        except RasaException:
            unavailable_said = False
    (body, first_port), (_, second_port) = server.calls
    store = Agent._create_tracker_store(DownTrackerStore(domain), domain)
    try:
        await store.retrieve("s")
        outage_stops_the_turn = False
    except OperationalError:
        outage_stops_the_turn = True
    return {
        "compiled event check": not full_checks,
        "kept-alive action calls": first_port == second_port,
        "event class cache": ("slot", None) in rasa_patches._event_classes,
        "current turn to the action": [e["event"] for e in body["tracker"]["events"]] == ["user"],
        "unavailable action says so": unavailable_said,
        "tracker outage stops the turn": outage_stops_the_turn,
    }


class DownTrackerStore(InMemoryTrackerStore):
    """A tracker store whose database cannot be reached."""

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise OperationalError("SELECT", {}, ConnectionRefusedError("connection refused"))


@pytest.mark.parametrize("disabled", [None, *rasa_patches.ADAPTERS])
async def test_each_adapter_is_in_effect_and_only_its_own_effect_goes_when_disabled(
        restore_rasa: None, monkeypatch: pytest.MonkeyPatch, disabled: str | None) -> None:
    assert rasa_patches.apply(skip=(disabled,) if disabled else ())

    effects = await observed_effects(monkeypatch)

    assert effects == {name: name != disabled for name in rasa_patches.ADAPTERS}


async def test_unpatched_rasa_shows_none_of_the_effects(restore_rasa: None, monkeypatch: pytest.MonkeyPatch) -> None:
    effects = await observed_effects(monkeypatch)

    assert not any(effects.values()), effects


def test_another_rasa_version_runs_unpatched_with_one_warning(restore_rasa: None, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.plugin import plugin_manager

    def installed() -> dict[str, object]:
        return {name: a.owner.__dict__[a.attribute] if a.owner else plugin_manager().is_registered(a.plugin)
                for name, a in rasa_patches.ADAPTERS.items()}

    before = installed()
    monkeypatch.setattr(rasa, "__version__", "3.6.22")

    assert rasa_patches.apply() is False

    assert installed() == before and RemoteAction._validate_action_result is not rasa_patches._validate_action_result
    assert not any(plugin_manager().is_registered(a.plugin) for a in rasa_patches.ADAPTERS.values() if a.plugin)
    warning = capsys.readouterr().err.strip()
    assert "\n" not in warning
    assert warning.startswith("warning: bot.rasa_patches: Rasa 3.6.22 is installed") and "3.6.21" in warning
