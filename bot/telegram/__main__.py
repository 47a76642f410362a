import sys

from bot.telegram.app import main

sys.exit(main())
