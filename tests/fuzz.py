"""Hostile and odd messages for the fuzz tests (Hypothesis): what people and scripts actually send."""
from __future__ import annotations

import yaml
from hypothesis import strategies as st

from bot.config import PROJECT_ROOT

INTENTS = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
RIGHT_TO_LEFT = ["\u202e", "\u200f", "\u061c", "ما هو المدير التنفيذي؟", "מה זה COO?", "COO \u202eرئيس\u202c?"]
MARKUP = ["<script>alert(1)</script>", "<b>COO</b>", "**COO**", "_CFO_", "[COO](javascript:alert(1))",
          "`rm -rf /`", "{{ role }}", "${jndi:ldap://x}", "%s%n%x", "' OR 1=1 --", "<img src=x onerror=alert(1)>",
          "&lt;COO&gt;", "\\n\\t", "```\nwhat is a COO?\n```"]
BROKEN_JSON = ['{"role":', '{"role":"coo"', '{"role": 5}', '{', '}', '{"role":null}', '[]', '@0.9', '@x',
               '{"role":"cfo"}{"x":1}', '{"role":["coo",', '{"role":"' + "x" * 300, "", " tell me more",
               '{"role":"\\ud800"}', '{"role":{"role":{}}}']
ROLE_WORDS = ["COO", "CFO", "what is a", "who does the", "report to?", "tell me more", "welder", "nurse", "?", "!"]


def _characters(surrogates: bool) -> st.SearchStrategy[str]:
    """Any code point of any Unicode category; lone surrogates only where the transport can carry them."""
    return st.characters(exclude_categories=() if surrogates else ("Cs",))


def messages(surrogates: bool = True) -> st.SearchStrategy[str]:
    any_text = st.text(_characters(surrogates), max_size=120)
    controls = st.text(st.sampled_from([chr(c) for c in range(32)] + ["\x7f", *ZERO_WIDTH]), min_size=1,
                       max_size=20)
    emoji = st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), min_size=1, max_size=40)
    long_word = st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "字", "😀", "a1"]),
                          st.integers(990, 1010))
    slash = st.builds(lambda intent, tail: f"/{intent}{tail}",
                      st.sampled_from([*INTENTS, "restart", "session_start", "nope", "", "start", "help"]),
                      st.sampled_from(BROKEN_JSON))
    numbers = st.one_of(st.integers().map(str), st.floats(allow_nan=True).map(repr), st.just("1e400"))
    pieces = st.one_of(st.sampled_from(ROLE_WORDS + MARKUP + RIGHT_TO_LEFT + ZERO_WIDTH), emoji, numbers,
                       st.text(_characters(surrogates), max_size=12))
    mixed = st.lists(pieces, min_size=1, max_size=8).map(" ".join)
    return st.one_of(any_text, controls, emoji, long_word, slash, numbers, mixed,
                     st.sampled_from(MARKUP + RIGHT_TO_LEFT))


def looks_like_an_error(text: str) -> bool:
    low = text.lower()
    return any(sign in low for sign in ("traceback", "exception", "internal server error", "errno"))
