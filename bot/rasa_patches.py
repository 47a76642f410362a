"""A small adapter for Rasa 3.6's server, applied by `python -m bot.rasa_server` before Rasa starts.

Rasa checks every action-server response with `jsonschema.validate`, which first validates the (constant)
schema itself against the JSON-Schema meta-schema; profiling showed that check as most of the server's CPU
on a turn with a custom action. The adapter compiles the same schema once and validates each response
with it: the same errors are raised, with the same message.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply() -> None:
    """Install the adapter (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


__all__ = ["apply", "ValidationError"]
