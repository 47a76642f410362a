"""Six small adapters for Rasa 3.6's server, applied by `python -m bot.rasa_server` before Rasa starts.

Where Rasa offers an extension point, the adapter uses it: a plugin of Rasa's own hooks (rasa/plugin.py), a
subclass of its endpoint configuration; a message of only spaces is handled by an NLU component of the pipeline
(bot/nlu_components.py), not here. The rest replace a private method, and so are installed only on the Rasa
release they were written and tested for (TESTED_RASA).

1. Rasa checks every action-server response with `jsonschema.validate`, which first validates the (constant)
schema itself against the JSON-Schema meta-schema; profiling showed that check as most of the server's CPU
on a turn with a custom action. Even without it, jsonschema's validation of the events schema stayed the
largest cost of the action call. The schema says an event must match exactly one of ~20 event schemas
("oneOf"), each fixing the `event` name; so the adapter checks each event against the one schema for its
name, compiled once by fastjsonschema, which is the same test. Anything that fails, or an event name no
schema knows, goes through jsonschema, which raises the very error Rasa would.

2. Rasa creates and closes a new HTTP client session, and so a new TCP connection, for every call to the
action server. The action endpoint (and only it) becomes a subclass of Rasa's EndpointConfig that keeps one
session per event loop, so calls reuse kept-alive connections and skip the session's set-up.

3. `Event.resolve_by_type` walks the whole tree of Event subclasses for every event it turns back into an
object, each time a tracker is read and each time an action returns events. The adapter remembers the class
for each event name (an event class never changes its name while the server runs).

4. Rasa sends the action server the whole conversation (every event since it began) with each call, so a
call costs more the longer people talk. action_answer_role reads the slots, the latest message and that
message's metadata, nothing older; a plugin of Rasa's `prefix_stripping_for_custom_actions` hook (which may
rewrite each action call's body) sends the events from the latest user message on (slots and the latest
message travel as before). `ROLE_ASSISTANT_ACTION_EVENTS=all` restores the full history.

5. When the action server cannot be reached or fails (a restart, a crash), Rasa logs the error and the turn
ends with no reply at all, so the person sees nothing, or a client's "didn't get that". The adapter answers
with the domain's utter_temporarily_unavailable instead, as a bot utterance Rasa sends and records; the
conversation's slots are untouched, so the next turn carries on. A rejection (ActionExecutionRejection, the
way forms decline) goes through unchanged.

6. Rasa wraps the tracker store in a FailSafeTrackerStore, which answers a failed read with "no conversation"
and keeps a failed write in memory: with the tracker's database down, every instance would start each
conversation afresh, answer out of context and drop the turn when the database returns. The adapter makes
Agent build a subclass that lets an outage of the store (`bot.channels.limits.store_is_down`) stop the turn;
the channel then says the assistant is temporarily unavailable, and the conversation carries on once the
database is back. Other errors fall back as in Rasa.
"""
from __future__ import annotations

import asyncio
import atexit
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import aiohttp
import fastjsonschema
import pluggy
import ujson
from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.plugin import plugin_manager
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.schemas.events import EVENT_SCHEMA
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=1)
def _event_checks() -> dict[str, Any]:
    """A compiled check per event name: the event schema's common part with that name's own schema."""
    common = {key: value for key, value in EVENT_SCHEMA.items() if key != "oneOf"}
    checks = {}
    for branch in EVENT_SCHEMA["oneOf"]:
        name = branch.get("properties", {}).get("event", {}).get("const")
        if not isinstance(name, str) or name in checks:
            return {}  # the schema is not the shape this adapter knows: always use the full check
        checks[name] = fastjsonschema.compile({"allOf": [common, branch]})
    return checks


def _passes_compiled_check(result: Any) -> bool:
    checks = _event_checks()
    if not checks or not isinstance(result, dict):
        return False
    events, responses = result.get("events", []), result.get("responses", [])
    if not isinstance(events, list) or not isinstance(responses, list):
        return False
    if not all(isinstance(r, dict) for r in responses):
        return False
    try:
        for event in events:
            check = checks.get(event.get("event")) if isinstance(event, dict) else None
            if check is None:
                return False
            check(event)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if _passes_compiled_check(result):
        return True
    # let jsonschema decide, and describe any problem exactly as Rasa does
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


# Kept sessions by event loop (the loop itself: an id could be reused by a later loop), then by endpoint.
_sessions: dict[asyncio.AbstractEventLoop, dict[str, aiohttp.ClientSession]] = {}
# The action server (Sanic) closes a connection idle for 5 s. A client that keeps it longer sometimes writes
# its next call into a connection the server is closing that very moment ("Can not write request body"), and
# the call fails; so the client lets idle connections go well before the server does.
IDLE_CONNECTION_SECONDS = 2.0


class _KeptSession:
    """What `async with endpoint.session() as session:` gets: a long-lived session it must not close."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        return None


class KeptAliveEndpoint(EndpointConfig):
    """The action endpoint, with one client session (and so one pool of kept-alive connections) per event loop.

    Bodies are serialised with ujson, a Rasa dependency, several times faster than the standard library.
    """

    @classmethod
    def like(cls, endpoint: EndpointConfig) -> KeptAliveEndpoint:
        kept = cls.__new__(cls)
        kept.__dict__.update(endpoint.__dict__)
        return kept

    def session(self) -> _KeptSession:  # type: ignore[override]
        loop = asyncio.get_running_loop()
        if loop not in _sessions:
            _forget_closed_loops()
        by_endpoint = _sessions.setdefault(loop, {})
        key = repr((self.url, sorted((self.headers or {}).items()), self.basic_auth))
        session = by_endpoint.get(key)
        if session is None or session.closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            session = by_endpoint[key] = aiohttp.ClientSession(
                headers=self.headers, auth=auth, json_serialize=_dumps,
                connector=aiohttp.TCPConnector(limit=100, keepalive_timeout=IDLE_CONNECTION_SECONDS),
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            )
        return _KeptSession(session)


_original_endpoints_init = AvailableEndpoints.__init__


def _endpoints_init(self: AvailableEndpoints, *args: Any, **kwargs: Any) -> None:
    """Rasa's endpoints as configured, with the action endpoint kept alive."""
    _original_endpoints_init(self, *args, **kwargs)
    if self.action is not None and not isinstance(self.action, KeptAliveEndpoint):
        self.action = KeptAliveEndpoint.like(self.action)


def _close(sessions: dict[str, aiohttp.ClientSession]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "close() is a coroutine": it also closes at once
        for session in sessions.values():
            if session.connector is not None and not session.connector.closed:
                session.connector.close()  # TCPConnector.close needs no running loop


def _forget_closed_loops() -> None:
    for loop in [loop for loop in _sessions if loop.is_closed()]:
        _close(_sessions.pop(loop))


@atexit.register
def _close_sessions() -> None:
    """Close the kept connections when the server stops. Rasa 3.6 calls its own `after_server_stop` hook only
    when `rasa shell` ends, not for `rasa run`, so this runs at exit."""
    for sessions in _sessions.values():
        _close(sessions)
    _sessions.clear()


def _dumps(value: Any) -> str:
    return ujson.dumps(value, ensure_ascii=False, escape_forward_slashes=False)


_original_resolve_by_type = Event.resolve_by_type
_event_classes: dict[tuple[str, Any], Any] = {}


def _resolve_by_type(type_name: str, default: Any = None) -> Any:
    key = (type_name, default)
    if key not in _event_classes:
        _event_classes[key] = _original_resolve_by_type(type_name, default)
    return _event_classes[key]


hookimpl = pluggy.HookimplMarker("rasa")


def current_turn_only(json_body: dict[str, Any]) -> dict[str, Any] | None:
    """An action call's body with the events from the latest user message on (None: send it unchanged)."""
    if os.environ.get("ROLE_ASSISTANT_ACTION_EVENTS", "turn") == "all":
        return None
    tracker = json_body.get("tracker") or {}
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    return {**json_body, "tracker": {**tracker, "events": events[last_user:]}}


class CurrentTurnPlugin:
    """Rasa's hook for rewriting the body of each call to the action server (`rasa.plugin`)."""

    @hookimpl  # type: ignore[misc]
    def prefix_stripping_for_custom_actions(self, json_body: dict[str, Any]) -> dict[str, Any] | None:
        return current_turn_only(json_body)


logger = logging.getLogger(__name__)
UNAVAILABLE_RESPONSE = "utter_temporarily_unavailable"
_original_remote_run = RemoteAction.run


async def _run_or_say_unavailable(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                                  domain: Any) -> list[Event]:
    try:
        return await _original_remote_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except (RasaException, asyncio.TimeoutError) as error:
        logger.error("custom action %s failed (%s); the person is asked to try again", self.name(), error)
        message = await nlg.generate(UNAVAILABLE_RESPONSE, tracker, output_channel.name())
        return [create_bot_utterance(message)] if message else []


class OutageAwareTrackerStore(FailSafeTrackerStore):
    """Rasa's fail-safe store, except that an outage of the store itself stops the turn (see 6 above)."""

    def on_tracker_store_error(self, error: Exception) -> None:
        from bot.channels.limits import store_is_down

        if store_is_down(error):
            raise error
        super().on_tracker_store_error(error)

    def on_tracker_store_retrieve_error(self, error: Exception) -> None:
        from bot.channels.limits import store_is_down

        if store_is_down(error):
            raise error
        super().on_tracker_store_retrieve_error(error)


def _create_tracker_store(store: TrackerStore | None, domain: Any) -> TrackerStore:
    if store is not None:
        store.domain = domain
    return OutageAwareTrackerStore(store if store is not None else InMemoryTrackerStore(domain))


# The Rasa release the adapters were written and tested for: three replace a private method whose signature
# and behaviour may change in any other release, and the hook and the endpoint class are Rasa 3.6's.
TESTED_RASA = "3.6.21"


@dataclass(frozen=True)
class Adapter:
    """One change to Rasa: `owner.attribute` replaced, or a plugin registered with Rasa's plugin manager."""

    owner: Any = None
    attribute: str = ""
    replacement: Any = None
    plugin: object | None = None

    def install(self) -> None:
        if self.plugin is not None:
            if not plugin_manager().is_registered(self.plugin):
                plugin_manager().register(self.plugin)
        else:
            setattr(self.owner, self.attribute, self.replacement)

    def remove(self) -> None:
        """Undo a plugin (tests undo replaced attributes with monkeypatch)."""
        if self.plugin is not None and plugin_manager().is_registered(self.plugin):
            plugin_manager().unregister(self.plugin)


# Tests disable each in turn to show it is in effect.
ADAPTERS: dict[str, Adapter] = {
    "compiled event check": Adapter(RemoteAction, "_validate_action_result", _validate_action_result),
    "kept-alive action calls": Adapter(AvailableEndpoints, "__init__", _endpoints_init),
    "event class cache": Adapter(Event, "resolve_by_type", staticmethod(_resolve_by_type)),
    "current turn to the action": Adapter(plugin=CurrentTurnPlugin()),
    "unavailable action says so": Adapter(RemoteAction, "run", _run_or_say_unavailable),
    "tracker outage stops the turn": Adapter(Agent, "_create_tracker_store", staticmethod(_create_tracker_store)),
}


def apply(skip: tuple[str, ...] = ()) -> bool:
    """Install the adapters (idempotent), except those named in `skip`; with any Rasa but the one they were
    tested for, install none and say so in one line: Rasa then runs as released."""
    import rasa

    if rasa.__version__ != TESTED_RASA:
        print(f"warning: bot.rasa_patches: Rasa {rasa.__version__} is installed, the adapters were written for "
              f"{TESTED_RASA}; running Rasa without them", file=sys.stderr, flush=True)
        return False
    for name, adapter in ADAPTERS.items():
        if name not in skip:
            adapter.install()
    return True


__all__ = ["ADAPTERS", "TESTED_RASA", "apply"]
