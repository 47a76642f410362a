"""`python -m bot.rasa_server …` is `rasa …` with the project's adapters applied first (see rasa_patches).

`ROLE_ASSISTANT_RASA_ADAPTERS=off` runs plain Rasa, so a benchmark can measure what the adapters change.
"""
from __future__ import annotations

import os
import sys

from bot import rasa_patches


def main() -> None:
    if os.environ.get("ROLE_ASSISTANT_RASA_ADAPTERS", "on") != "off":
        rasa_patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
