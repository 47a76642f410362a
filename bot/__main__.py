"""`python -m bot …`: the operators' command line."""
import sys

from bot.cli import main

sys.exit(main())
