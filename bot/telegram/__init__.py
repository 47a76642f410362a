"""The Telegram bot: python-telegram-bot in front of the Rasa assistant's REST channel."""
