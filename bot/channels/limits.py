"""What the assistant accepts from a client before any of it reaches the NLU.

Parsing costs grow with a message's length (a 10,000-character message took 0.6 s of the server's only
event loop, so every other conversation waited), and nobody asks what a role is in more than a few lines.
So a message longer than `ROLE_ASSISTANT_MAX_MESSAGE_CHARS` (1,000) is answered with a request to keep
it shorter, without being parsed or stored, and the conversation goes on where it was. Request bodies
above `ROLE_ASSISTANT_MAX_BODY_BYTES` (64 KiB) are refused with 413 by Sanic itself (bot.rasa_server
sets its REQUEST_MAX_SIZE), and a REST call without a usable sender or message gets 400 with the reason.

Text that no part of the pipeline can store or featurise is made readable first (a lone UTF-16 surrogate
crashed the entity extractor; PostgreSQL refuses NUL), and a turn that would end with no reply at all (a
typed Rasa command such as "/session_start") gets the assistant's "didn't get that" reply.
"""
from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Awaitable, Callable
from functools import cache, wraps
from typing import Any

import yaml
from rasa.core.channels.channel import UserMessage

from bot.config import PROJECT_ROOT
from bot.facts import FACTS_KEY, facts

DEFAULT_MAX_MESSAGE_CHARS = 1000
# Room for a message at the limit in any script: JSON writes an emoji as 12 bytes ("\ud83d\ude00").
DEFAULT_MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 256

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name}={value!r}: expected a whole number of at least 1")
    return int(value)


def max_message_chars() -> int:
    return _setting("ROLE_ASSISTANT_MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS)


def max_body_bytes() -> int:
    return _setting("ROLE_ASSISTANT_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)


def too_long_reply(length: int, limit: int) -> str:
    return (f"That message is {length:,} characters long; I read questions of up to {limit:,}. "
            "Please keep it shorter, for example: \"what does a COO do?\"")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """The text with lone surrogates shown as U+FFFD and control characters other than tab and line breaks
    dropped; everything else, right-to-left marks and zero-width joiners included, is kept."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return "".join(c for c in text if c in "\t\n\r" or unicodedata.category(c) != "Cc")


@cache
def _response_text(name: str) -> str:
    """A response's text in domain.yml, so the wording lives in one place."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][name][0]["text"]


def nothing_understood_reply() -> str:
    return _response_text("utter_default")


def unavailable_reply() -> str:
    return _response_text("utter_temporarily_unavailable")


def store_is_down(exc: BaseException) -> bool:
    """Whether a turn failed because a store every instance shares is out of reach: Redis (the lock store, so
    the turn must not run unlocked) or the tracker's database. Both come back by themselves; the turn is lost
    to the person only until then."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(exc, RedisConnectionError | RedisTimeoutError | OperationalError | InterfaceError)


def within_limits(on_new_message: OnNewMessage) -> OnNewMessage:
    """`on_new_message` for a channel: messages made readable; over the length limit, a polite reply instead of
    Rasa; and for channels that collect the replies (REST), never an empty answer."""
    limit = max_message_chars()

    @wraps(on_new_message)
    async def guarded(message: UserMessage) -> Any:
        if isinstance(message.text, str):
            if len(message.text) > limit:  # before anything else looks at every character
                reply = too_long_reply(len(message.text), limit)
                await message.output_channel.send_text_message(message.sender_id, reply)
                await message.output_channel.send_custom_json(message.sender_id, {FACTS_KEY: facts("too_long")})
                return None
            message.text = readable(message.text)
        try:
            result = await on_new_message(message)
        except Exception as exc:
            if not store_is_down(exc):
                raise
            logger.warning("a shared store is out of reach, the turn was not processed: %s",
                           str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            await message.output_channel.send_text_message(message.sender_id, unavailable_reply())
            await message.output_channel.send_custom_json(message.sender_id, {FACTS_KEY: facts("unavailable")})
            return None
        if getattr(message.output_channel, "messages", None) == []:
            await message.output_channel.send_text_message(message.sender_id, nothing_understood_reply())
            await message.output_channel.send_custom_json(message.sender_id, {FACTS_KEY: facts("rephrase")})
        return result

    return guarded


def rest_body_problem(body: Any) -> str | None:
    """Why a REST webhook body cannot be a message, in one line; None when it can."""
    example = 'send a JSON object such as {"sender": "visitor-1", "message": "what is a COO?"}'
    if not isinstance(body, dict):
        return f"the body is not a JSON object: {example}"
    sender, message = body.get("sender"), body.get("message")
    if sender is None:
        return "\"sender\" is missing: give each conversation its own id, so callers never share one"
    if not isinstance(sender, str):
        return f"\"sender\" must be a string, not {_kind(sender)}"
    if not sender.strip():
        return "\"sender\" is empty: give each conversation its own id"
    if len(sender) > MAX_SENDER_CHARS:
        return f"\"sender\" is {len(sender):,} characters long; the limit is {MAX_SENDER_CHARS}"
    if message is None:
        return f"\"message\" is missing: {example}"
    if not isinstance(message, str):
        return f"\"message\" must be a string, not {_kind(message)}"
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return f"\"metadata\" must be a JSON object, not {_kind(metadata)}"
    channel = body.get("input_channel")
    if channel is not None and not isinstance(channel, str):
        return f"\"input_channel\" must be a string, not {_kind(channel)}"
    return None


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object",
             str: "a string"}
    return names.get(type(value), type(value).__name__)
