"""The two error families: request errors (the spec's Error schema) and start-up errors.

A request error becomes ``{"code": <status>, "message": "<one sentence>", "details": null | {...}}``
as ``application/json`` (rendered by ``responses.error_response``). A start-up error prints itself,
naming what is wrong and how to fix it, without a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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


def sandbox_not_found(sandbox_id: str) -> ApiError:
    return ApiError(
        404, "Sandbox not found", {"field": "id", "reason": f"no sandbox {sandbox_id!r}"}
    )


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
