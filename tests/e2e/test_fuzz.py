"""Fuzz the REST channel of the real assistant with Hypothesis: whatever arrives, a clear answer or a clear
4xx, no traceback in any log, and the conversation still answers afterwards."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from bot.facts import facts_in
from bot.serve import Stack
from bot.training.conversations import send
from tests.e2e.test_channels import COO_DEFINITION
from tests.fuzz import looks_like_an_error, messages
from tests.rest import post, texts

SENDER = "fuzz-" + uuid.uuid4().hex[:8]
FAILURES = ("Traceback", "rest.message.received.failure", "Exception in")


def log_sizes(stack: Stack) -> dict[Path, int]:
    assert stack.log_dir is not None
    return {path: path.stat().st_size for path in stack.log_dir.glob("*.log")}


def new_log_text(sizes: dict[Path, int]) -> str:
    parts = []
    for path, size in sizes.items():
        with path.open("rb") as file:
            file.seek(size)
            parts.append(file.read().decode("utf-8", errors="replace"))
    return "".join(parts)


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=messages(surrogates=True))
def check_one_message(stack: Stack, text: str) -> None:
    body = json.dumps({"sender": SENDER, "message": text}).encode()  # ASCII JSON: lone surrogates as escapes
    status, answer = post(stack, body)

    if status != 200:
        assert 400 <= status < 500 and isinstance(answer, dict) and answer.get("message"), (status, answer)
        return
    assert isinstance(answer, list) and answer, f"no reply to {text!r}"
    shown = [message for message in answer if "custom" not in message]  # what clients show; facts come apart
    assert shown and facts_in(answer), f"no reply, or no facts with it, to {text!r}: {answer}"
    for message in shown:
        assert (message.get("text") or "").strip(), f"an empty reply to {text!r}: {answer}"
        assert not looks_like_an_error(message["text"]), message["text"]


def test_any_message_gets_an_answer_and_the_conversation_goes_on(assistant: Stack) -> None:
    sizes = log_sizes(assistant)

    check_one_message(assistant)
    after = texts(send(assistant.rasa_url, SENDER, "what is a COO?"))

    assert COO_DEFINITION in after
    problems = [line for line in new_log_text(sizes).splitlines() if any(f in line for f in FAILURES)]
    assert not problems, "\n".join(problems[:5])
