"""Fuzz the Telegram bot (python-telegram-bot, the fake Bot API, the real assistant) with Hypothesis: every
message Telegram could deliver gets a non-empty reply that Telegram accepts, no handler fails, and the chat
still answers afterwards."""
from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.serve import Stack
from bot.telegram.handlers import UNAVAILABLE
from tests.fuzz import looks_like_an_error, messages
from tests.telegram.harness import BotInThread


@pytest.fixture(scope="module")
def bot(assistant: Stack, catalogue_db_url: str) -> Iterator[BotInThread]:
    from bot.telegram.app import repository_roles

    with BotInThread(assistant.rasa_url, lambda: repository_roles(catalogue_db_url)) as harness:
        yield harness


# What Telegram delivers: text of 1 to 4,096 characters, never a lone surrogate, never only spaces.
TELEGRAM_TEXTS = st.one_of(messages(surrogates=False), st.text(min_size=4000, max_size=4096).map(lambda t: "a" + t))


@settings(max_examples=80, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=TELEGRAM_TEXTS.map(lambda t: t[:4096]).filter(lambda t: t.strip()))
def check_one_message(bot: BotInThread, text: str) -> None:
    replies = bot.say(text)

    assert replies, f"no reply to {text!r}"
    for reply in replies:
        assert reply["text"].strip() and reply["text"] != UNAVAILABLE, reply
        assert not looks_like_an_error(reply["text"]), reply["text"]


def test_any_message_gets_a_reply_telegram_accepts(bot: BotInThread, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)

    check_one_message(bot)
    after = bot.say("what is a COO?")

    assert any("runs the day-to-day operations of a company" in r["text"] for r in after)
    assert not bot.api.refused, bot.api.refused[:3]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text[:2000]
