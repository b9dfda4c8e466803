"""Request errors, rendered as the spec's Error schema, and start-up errors that print themselves.

Every answer that is not a 200 is ``application/json`` of the shape
``{"code": <status>, "message": "<one sentence>", "details": null | {...}}``. Third-party
exceptions (Connexion's problems, Starlette's HTTP exceptions) are translated here, at the boundary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

ERROR_MEDIA_TYPE = "application/json"


class ApiError(Exception):
    """A request error: the status, one readable sentence, and which field was wrong."""

    def __init__(
        self,
        status: int,
        message: str,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = dict(details) if details is not None else None
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {"code": self.status, "message": self.message, "details": self.details}

    def response(self) -> Response:
        return error_response(self.status, self.message, self.details, self.headers)


def error_response(
    status: int,
    message: str,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = {"code": status, "message": message, "details": dict(details) if details else None}
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=status,
        media_type=ERROR_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def sandbox_not_found(sandbox_id: str) -> ApiError:
    return ApiError(404, "Sandbox not found", {"field": "id", "reason": f"no sandbox {sandbox_id!r}"})


def organization_missing() -> ApiError:
    return ApiError(400, "Active organization missing")


class StartupError(Exception):
    """A problem found before serving (bad spec, fixtures, settings): printed without a traceback.

    The message names what is wrong and where; ``hint`` says how to fix it.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  fix: {self.hint}"
