"""Rasa custom actions: a thin layer over `bot` (no SQL and no prose here)."""
