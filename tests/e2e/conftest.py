"""The real assistant for end-to-end tests: trained once, action server and Rasa server started once."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.model import ensure_model
from bot.serve import Stack, start_stack
from tests.net import free_port


@pytest.fixture(scope="session")
def trained_model():  # type: ignore[no-untyped-def]
    return ensure_model(quiet=True)


@pytest.fixture(scope="session")
def assistant(trained_model, catalogue_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:  # type: ignore[no-untyped-def]
    logs = tmp_path_factory.mktemp("logs")
    stack = start_stack(
        free_port(), free_port(), trained_model, token="test-token", log_dir=logs,
        env={"ROLE_DB_URL": catalogue_db_url},
    )
    try:
        yield stack
    finally:
        stack.stop()
