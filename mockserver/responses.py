"""HTTP answers built from errors and bodies: always ``application/json``, never problem+json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from mockserver.errors import ApiError

JSON_MEDIA_TYPE = "application/json"


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=status,
        media_type=JSON_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def error_response(
    status: int,
    message: str,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The spec's Error schema: ``code`` equal to the status, a sentence, and ``details``."""
    return json_response(ApiError(status, message, details).body(), status, headers)


def api_error_response(error: ApiError) -> Response:
    return error_response(error.status, error.message, error.details, error.headers)
