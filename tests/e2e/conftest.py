"""End-to-end tests use the session's real assistant (tests/conftest.py)."""
