"""The REST and socket.io channels against the real assistant: limits in front of the NLU, clear 4xx for
bodies that are not a message, and socket.io sessions that get their replies (bot/channels/)."""
from __future__ import annotations

import asyncio
import json
import multiprocessing
import statistics
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest
import socketio

from bot.channels.limits import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGE_CHARS
from bot.serve import Stack
from bot.training.conversations import send
from tests.flood import flood
from tests.rest import post, texts

COO_DEFINITION = "runs the day-to-day operations of a company"
COO_BOSS = "The Chief Operating Officer reports to the Chief Executive Officer"


def user_turns(stack: Stack, sender: str) -> list[str]:
    url = f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        events = json.loads(response.read())["events"]
    return [e["text"] for e in events if e["event"] == "user"]


def test_a_message_of_only_spaces_is_read_as_not_understood_by_the_nlu_itself(assistant: Stack) -> None:
    """bot.nlu_components: the pipeline itself reads it (a message of only spaces used to fail the turn)."""
    request = urllib.request.Request(f"{assistant.rasa_url}/model/parse?token={assistant.token}",
                                     data=json.dumps({"text": "   \t "}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        parsed = json.loads(response.read())
    reply = texts(send(assistant.rasa_url, "blank-" + uuid.uuid4().hex[:8], "   "))

    assert parsed["intent"]["name"] == "nlu_fallback"
    assert reply.startswith("Sorry, I didn't quite get that")


def test_a_message_over_the_limit_is_not_parsed_and_the_conversation_goes_on(assistant: Stack) -> None:
    sender = "long-" + uuid.uuid4().hex[:8]
    assert COO_DEFINITION in texts(send(assistant.rasa_url, sender, "what is a COO?"))

    too_long = " ".join(["who is the boss of the CFO?"] * 40)  # 1,119 characters, naming another role
    reply = texts(send(assistant.rasa_url, sender, too_long))
    after = texts(send(assistant.rasa_url, sender, "who do they report to?"))

    assert "That message is 1,119 characters long" in reply and "Please keep it shorter" in reply
    assert "Chief Financial Officer" not in reply
    assert COO_BOSS in after  # the conversation is still about the COO
    assert user_turns(assistant, sender) == ["what is a COO?", "who do they report to?"]


def test_a_message_at_the_limit_is_read(assistant: Stack) -> None:
    text = "what is a CFO?".ljust(DEFAULT_MAX_MESSAGE_CHARS)

    reply = texts(send(assistant.rasa_url, "at-limit-" + uuid.uuid4().hex[:8], text))

    assert "Chief Financial Officer" in reply and "keep it shorter" not in reply


@pytest.mark.parametrize(("body", "named"), [
    (b'{"message": "what is a COO?"}', '"sender" is missing'),
    (b'{"sender": 42, "message": "hi"}', '"sender" must be a string, not a number'),
    (b'{"sender": "  ", "message": "hi"}', '"sender" is empty'),
    (b'{"sender": "a", "message": null}', '"message" is missing'),
    (b'{"sender": "a", "message": 7}', '"message" must be a string, not a number'),
    (b'{"sender": "a", "message": ["hi"]}', '"message" must be a string, not a list'),
    (b'{"sender": "a", "message": "hi", "metadata": "coo"}', '"metadata" must be a JSON object'),
    (b'["what is a COO?"]', "the body is not a JSON object"),
    (b'{"sender": "a", "message": ', "the body is not valid JSON"),
])
def test_a_body_that_is_not_a_message_gets_400_naming_what_is_wrong(assistant: Stack, body: bytes,
                                                                    named: str) -> None:
    status, answer = post(assistant, body)

    assert status == 400
    assert answer["message"].startswith(named) and "\n" not in answer["message"]


def test_a_body_over_the_size_limit_gets_413_and_others_are_answered(assistant: Stack) -> None:
    huge = json.dumps({"sender": "huge", "message": "x" * 100_000}).encode()

    status, _ = post(assistant, huge)
    started = time.perf_counter()
    reply = texts(send(assistant.rasa_url, "after-huge-" + uuid.uuid4().hex[:8], "what is a COO?"))

    assert status == 413
    assert COO_DEFINITION in reply and time.perf_counter() - started < 10


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _normal_latencies(stack: Stack, count: int) -> list[float]:
    questions = ["what is a COO?", "who does a CFO report to?", "skills for a welder?", "what does a CTO do?"]
    latencies = []
    for i in range(count):
        sender = f"normal-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        reply = texts(send(stack.rasa_url, sender, questions[i % len(questions)]))
        latencies.append(time.perf_counter() - started)
        assert reply and "keep it shorter" not in reply
    return latencies


def test_a_flood_of_maximum_size_messages_does_not_slow_normal_questions(assistant: Stack) -> None:
    """Three other processes send the largest bodies the server accepts, and bodies over it: 75 a second,
    about 4 MB/s. (Before the limits, one 100 KB message took the server 5-16 s.)"""
    _normal_latencies(assistant, 8)  # warm
    idle = _p95(_normal_latencies(assistant, 40))
    largest = json.dumps({"sender": "flood", "message": "é" * ((DEFAULT_MAX_BODY_BYTES - 100) // 2)},
                         ensure_ascii=False).encode()
    assert len(largest) < DEFAULT_MAX_BODY_BYTES
    over = json.dumps({"sender": "flood", "message": "x" * DEFAULT_MAX_BODY_BYTES}).encode()
    spawn = multiprocessing.get_context("spawn")
    started, statuses = spawn.Queue(), spawn.Queue()
    flooders = [spawn.Process(target=flood, args=(assistant.rasa_url, body, 8.0, started, statuses))
                for body in (largest, largest, over)]
    for process in flooders:
        process.start()
    try:
        for _ in flooders:
            started.get(timeout=60)
        loaded = _p95(_normal_latencies(assistant, 40))
    finally:
        counts: dict[int, int] = {}
        for _ in flooders:
            for status, count in statuses.get(timeout=60).items():
                counts[status] = counts.get(status, 0) + count
        for process in flooders:
            process.join(30)

    assert counts.get(200, 0) > 40 and counts.get(413, 0) > 10, counts
    assert loaded <= 2 * idle, f"p95 {loaded * 1000:.0f} ms under the flood, {idle * 1000:.0f} ms idle"


class SocketClient:
    """A plain python-socketio client, as a script or another site's chat would use the channel."""

    def __init__(self, url: str):
        self.url = url
        self.client = socketio.AsyncClient()
        self.received: asyncio.Queue[Any] = asyncio.Queue()
        self.client.on("bot_uttered", self.received.put)
        self.client.on("session_confirm", self.confirmed)

    async def confirmed(self, session_id: str) -> None:
        await self.received.put(("confirmed", session_id))

    async def start(self, session_id: str) -> None:
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"])
        await self.client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(self.received.get(), 30) == ("confirmed", session_id)

    async def close(self) -> None:
        # without abort, a polling client waits for its pending long-poll request (up to 25 s) to end
        await self.client.eio.disconnect(abort=True)

    async def ask(self, session_id: str, text: str) -> str:
        await self.client.emit("user_uttered", {"message": text, "session_id": session_id})
        reply = await asyncio.wait_for(self.received.get(), 60)
        return reply.get("text", "")


def test_a_plain_socketio_client_gets_replies_and_its_session_survives_a_reconnect(assistant: Stack) -> None:
    session_id = "sio-" + uuid.uuid4().hex[:8]

    async def talk() -> tuple[str, str, str]:
        first = SocketClient(assistant.rasa_url)
        await first.start(session_id)
        definition = await first.ask(session_id, "what is a COO?")
        too_long = await first.ask(session_id, "a" * (DEFAULT_MAX_MESSAGE_CHARS + 1))
        await first.close()
        second = SocketClient(assistant.rasa_url)
        await second.start(session_id)
        boss = await second.ask(session_id, "who do they report to?")
        await second.close()
        return definition, too_long, boss

    definition, too_long, boss = asyncio.run(talk())

    assert COO_DEFINITION in definition
    assert "Please keep it shorter" in too_long
    assert COO_BOSS in boss
