"""`python -m bot.rasa_server …` is `rasa …` with the project's adapters applied first (see rasa_patches)."""
from __future__ import annotations

import sys

from bot import rasa_patches


def main() -> None:
    rasa_patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
