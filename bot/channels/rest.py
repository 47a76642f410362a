"""Rasa's REST channel (same URL, /webhooks/rest/webhook) with the limits of bot.channels.limits."""
from __future__ import annotations

from http import HTTPStatus

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import OnNewMessage, rest_body_problem, within_limits


def _bad_request(message: str) -> HTTPResponse:
    """The shape of Rasa's own HTTP API errors, so clients read one format."""
    return response.json({"status": "failure", "reason": "BadRequest", "message": message,
                          "code": HTTPStatus.BAD_REQUEST}, status=HTTPStatus.BAD_REQUEST)


class RestChannel(RestInput):
    """Checks each webhook body before Rasa reads it, and answers over-long messages without parsing them."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(within_limits(on_new_message))

        @blueprint.middleware("request")
        async def check_body(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except SanicException:
                return _bad_request("the body is not valid JSON")
            problem = rest_body_problem(body)
            return _bad_request(problem) if problem else None

        return blueprint
