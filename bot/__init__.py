"""Recruitment role assistant: the role database and the channels around the Rasa assistant."""
