"""Connexion around a plain ASGI endpoint: it loads the spec, routes and validates every request.

:func:`connexion_stack` is Connexion's ``ConnexionMiddleware`` with the layers this server uses,
outermost first:

1. ``ServerErrorMiddleware`` and ``ExceptionMiddleware``: any exception, Connexion's problems
   included, answered in the spec's Error schema (:func:`problem_to_error`);
2. ``RoutingMiddleware``: the spec's operation for the path and method, its path parameters;
3. ``SecurityMiddleware``, only when the spec declares security;
4. :class:`~mockserver.validation.RequestValidation`: parameters, content type and body checked
   against the spec, with validators built once per operation;
5. ``LifespanMiddleware``: the server's start-up and shutdown;

then the endpoint (:class:`~mockserver.api.endpoint.Endpoint`). What AsyncApp would add per
request (its own router, parameter decorators, a request object and a signature inspection per
call, response serialisation, response validation, Swagger UI) is left out.
"""

from __future__ import annotations

import functools
from typing import Any

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.lifespan import Lifespan, LifespanMiddleware
from connexion.middleware.main import ConnexionMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolution, Resolver
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from mockserver.api.endpoint import operation_id
from mockserver.errors import ApiError
from mockserver.responses import api_error_response
from mockserver.validation import VALIDATORS, RequestValidation


class _OperationIds(Resolver):  # type: ignore[misc]
    """Names each operation ``"<method> <path>"``: the spec's operations carry no operationId,
    and the endpoint, not Connexion, calls the handlers."""

    def resolve(self, operation: Any) -> Resolution:
        return Resolution(None, operation_id(operation.method, operation.path))


def problem_to_error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """Connexion's and Starlette's exceptions rendered as the spec's Error schema."""
    if isinstance(exc, ApiError):
        error = exc
    elif isinstance(exc, ProblemException):
        error = _from_problem(exc)
    elif isinstance(exc, HTTPException):
        error = ApiError(exc.status_code, _sentence(str(exc.detail)), None, exc.headers)
    else:
        error = ApiError(500, "Internal error in the mock; please report it with this request")
    return ConnexionResponse(
        status_code=error.status,
        mimetype="application/json",
        content_type="application/json",
        body=api_error_response(error).body,
        headers=error.headers,
    )


def _from_problem(problem: ProblemException) -> ApiError:
    status = problem.status
    detail = str(problem.detail or problem.title or "Bad request")
    if status == 415:  # the spec documents 400 for every malformed request
        return ApiError(
            400,
            "Request body must be JSON (Content-Type: application/json)",
            {"field": "Content-Type", "reason": detail},
        )
    if status == 404:
        return ApiError(404, "No such path in the Sandbox API", {"field": "path", "reason": detail})
    return ApiError(status, _sentence(detail), None, problem.headers)


def _sentence(text: str) -> str:
    text = text.strip() or "Bad request"
    return text[0].upper() + text[1:]


def _declares_security(document: dict[str, Any]) -> bool:
    return bool(
        document.get("security") or (document.get("components") or {}).get("securitySchemes")
    )


def connexion_stack(
    endpoint: ASGIApp, document: dict[str, Any], *, lifespan: Lifespan | None = None
) -> ASGIApp:
    """``endpoint`` behind Connexion, which loads ``document`` and routes and validates by it."""
    middlewares: list[Any] = [
        functools.partial(ServerErrorMiddleware, handler=problem_to_error),
        ExceptionMiddleware,
        RoutingMiddleware,
        *([SecurityMiddleware] if _declares_security(document) else []),
        RequestValidation,
        LifespanMiddleware,
    ]
    stack = ConnexionMiddleware(endpoint, lifespan=lifespan, middlewares=middlewares)
    stack.add_api(
        document,
        resolver=_OperationIds(),
        validator_map=VALIDATORS,
        swagger_ui_options=SwaggerUIOptions(serve_spec=False, swagger_ui=False),
    )
    for exception in (ApiError, ProblemException, HTTPException, Exception):
        stack.add_error_handler(exception, problem_to_error)
    app: ASGIApp = stack
    return app
