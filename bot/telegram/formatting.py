"""Turning the assistant's replies into Telegram messages: length limits and inline keyboards.

Messages go out as plain text (no parse mode), so `<`, `&`, `*` or `_` in a role or in what a person typed
can never break one.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_BYTES = 64
LONG_PAYLOAD_PREFIX = "p:"
# Long payloads kept aside for their buttons; the oldest go first (a button that old asks to be tapped again).
MAX_LONG_PAYLOADS = 2048


class LongPayloads(OrderedDict[str, str]):
    """Payloads too long for a button's callback data, under short keys; bounded, least recently used first out."""

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > MAX_LONG_PAYLOADS:
            self.popitem(last=False)


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, then line, then word boundaries."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, limit + 1)
        if cut > 0:
            return [text[:cut].rstrip()] + split_message(text[cut + len(separator):], limit)
    return [text[:limit]] + split_message(text[limit:], limit)


def callback_data(payload: str, long_payloads: dict[str, str]) -> str:
    """Telegram allows 64 bytes of callback data; longer payloads are kept aside under a short key."""
    if len(payload.encode()) <= MAX_CALLBACK_BYTES and not payload.startswith(LONG_PAYLOAD_PREFIX):
        return payload
    key = LONG_PAYLOAD_PREFIX + hashlib.sha1(payload.encode()).hexdigest()[:20]
    long_payloads[key] = payload
    return key


def payload_from_callback(data: str, long_payloads: dict[str, str]) -> str | None:
    if data.startswith(LONG_PAYLOAD_PREFIX):
        return long_payloads.get(data)
    return data


def keyboard(buttons: tuple[tuple[str, str], ...], long_payloads: dict[str, str]) -> InlineKeyboardMarkup | None:
    """One button a row: titles such as "Who do they report to?" read best in full on a phone."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(title[:64], callback_data=callback_data(payload, long_payloads))]
         for title, payload in buttons]
    )
