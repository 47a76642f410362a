"""Rasa's socket.io channel (same path, /socket.io) with the limits of bot.channels.limits, and sessions
that keep their room.

With `session_persistence: true`, Rasa 3.6 puts each client in a room named after its session id and
sends replies to that room, but it calls `AsyncServer.enter_room` without `await`; since python-socketio
5.10 that is a coroutine, so the client never joined and no reply ever arrived. This channel registers
its own `session_request` handler (python-socketio's public `on`), which awaits the call when it is
a coroutine and so works with either kind of python-socketio.
"""
from __future__ import annotations

import inspect
import uuid
from functools import wraps
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput

from bot.channels.limits import OnNewMessage, max_body_bytes, within_limits
from bot.facts import FACTS_KEY


class SocketIOOutputWithoutFacts(SocketIOOutput):
    """Rasa 3.6's socket.io output passes a custom item's keys to `emit` as its arguments, a TypeError for the
    facts every reply carries (`bot.facts`); here the facts are dropped and any other custom item is sent as
    one message."""

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        rest = {key: value for key, value in json_message.items() if key != FACTS_KEY}
        if rest:
            await self._send_message(recipient_id, rest)


def _without_facts(on_new_message: OnNewMessage) -> OnNewMessage:
    @wraps(on_new_message)
    async def handle(message: UserMessage) -> Any:
        output = message.output_channel
        if type(output) is SocketIOOutput:  # made by Rasa's handler for each message
            message.output_channel = SocketIOOutputWithoutFacts(output.sio, output.bot_message_evt)
        return await on_new_message(message)

    return handle


class SocketIOChannel(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> SocketBlueprint:
        blueprint = super().blueprint(_without_facts(within_limits(on_new_message)))
        sio = self.sio
        assert sio is not None  # set by SocketIOInput.blueprint
        sio.eio.max_http_buffer_size = max_body_bytes()

        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = str(requested) if requested not in (None, "") else uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
