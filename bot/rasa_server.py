"""`python -m bot.rasa_server …` is `rasa …` with the project's adapters applied first (see rasa_patches).

`ROLE_ASSISTANT_RASA_ADAPTERS=off` runs plain Rasa, so a benchmark can measure what the adapters change.
Sanic, Rasa's web server, refuses request bodies over ROLE_ASSISTANT_MAX_BODY_BYTES with 413
(bot.channels.limits); Sanic reads its settings from SANIC_* variables when Rasa creates the app.
"""
from __future__ import annotations

import os
import sys

from bot import rasa_patches
from bot.channels.limits import max_body_bytes, max_message_chars


def main() -> None:
    try:
        max_message_chars()
        os.environ["SANIC_REQUEST_MAX_SIZE"] = str(max_body_bytes())
    except ValueError as exc:
        sys.exit(f"error: {exc}")
    if os.environ.get("ROLE_ASSISTANT_RASA_ADAPTERS", "on") != "off":
        rasa_patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
