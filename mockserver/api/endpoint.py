"""The plain ASGI endpoint behind Connexion: one handler per operation, nothing per request
that Connexion already did.

Connexion's routing names the operation (``scope["extensions"]["connexion_routing"]``) and puts
the path parameters in the scope; its request validation hands the parsed body on
(:func:`mockserver.validation.parsed_body`). A handler gets them as a :class:`Call` and returns
an ASGI response; an :class:`~mockserver.errors.ApiError` it raises is answered in the spec's
Error schema.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.errors import ApiError
from mockserver.responses import api_error_response
from mockserver.validation import parsed_body

ROUTING = "connexion_routing"


@dataclass(frozen=True, slots=True)
class Call:
    """One validated request, as a handler sees it."""

    path_params: Mapping[str, Any]
    headers: Headers
    body: Any
    #: The ASGI scope, for what travels with the request (the journal entry).
    scope: Scope


Handler = Callable[[Call], Awaitable[ASGIApp]]


def operation_id(method: str, path: str) -> str:
    """How this server names an operation of the spec (which gives them no operationId)."""
    return f"{method.lower()} {path}"


class Endpoint:
    """Dispatches each routed, validated request to its operation's handler."""

    def __init__(self, handlers: Mapping[str, Handler]) -> None:
        self.handlers = dict(handlers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        operation = scope["extensions"][ROUTING]["operation_id"]
        handler = self.handlers.get(operation)
        try:
            if handler is None:
                raise _unserved(operation)
            call = Call(
                scope.get("path_params") or {}, Headers(scope=scope), parsed_body(scope), scope
            )
            response = await handler(call)
        except ApiError as error:
            response = api_error_response(error)
        await response(scope, receive, send)


def _unserved(operation: str | None) -> ApiError:
    if operation is None:
        return ApiError(404, "No such path in the Sandbox API", {"field": "path", "reason": ""})
    return ApiError(501, f"{operation.upper()} is in the spec but not served by this mock")
