"""Two small adapters for Rasa 3.6's server, applied by `python -m bot.rasa_server` before Rasa starts.

1. Rasa checks every action-server response with `jsonschema.validate`, which first validates the (constant)
schema itself against the JSON-Schema meta-schema; profiling showed that check as most of the server's CPU
on a turn with a custom action. The adapter compiles the same schema once and validates each response
with it: the same errors are raised, with the same message.

2. A message of only spaces makes the NLU pipeline fail (a featurizer emits no features, and the intent
classifier refuses the short feature vector), so the person got no reply at all. Such a message is parsed as
the low-confidence fallback intent, whose rule answers "Sorry, I didn't get that".
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME, DOCS_BASE_URL


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


_original_parse_message = MessageProcessor.parse_message


async def _parse_message(self: MessageProcessor, message: UserMessage, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if message.text is not None and not message.text.strip():
        return {
            "text": message.text,
            "intent": {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0},
            "entities": [],
            "intent_ranking": [],
        }
    return await _original_parse_message(self, message, *args, **kwargs)


def apply() -> None:
    """Install the adapters (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    MessageProcessor.parse_message = _parse_message  # type: ignore[method-assign]


__all__ = ["apply", "ValidationError"]
