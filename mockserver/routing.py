"""Answer paths and methods the spec does not have, before Connexion sees the request.

A path the spec lacks is a 404 Error; a method the path lacks (``GET``, ``QUERY``, anything) is a
405 Error with ``Allow``. Both in the spec's Error schema.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.responses import error_response

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{[^}/]+\}")


def _pattern(path: str) -> re.Pattern[str]:
    parts = _TEMPLATE.split(path)
    return re.compile("[^/]+".join(re.escape(part) for part in parts) + "/?")


class MethodGuard:
    def __init__(
        self,
        app: ASGIApp,
        document: dict[str, Any],
        base_path: str = "",
        api_name: str = "the Sandbox API",
    ) -> None:
        self.app = app
        self.api_name = api_name
        self.routes = [
            (_pattern(base_path + path), sorted(m.upper() for m in item if m.lower() in _METHODS))
            for path, item in (document.get("paths") or {}).items()
            if isinstance(item, dict)
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"].upper()
        for pattern, methods in self.routes:
            if pattern.fullmatch(path):
                if method in methods:
                    await self.app(scope, receive, send)
                    return
                allow = ", ".join(methods)
                response = error_response(
                    405,
                    f"Method {method} is not allowed here; use {allow}",
                    {"field": "method", "reason": f"allowed: {allow}"},
                    {"Allow": allow},
                )
                await response(scope, receive, send)
                return
        response = error_response(
            404,
            f"No such path in {self.api_name}: {path}",
            {"field": "path", "reason": "see the spec for the paths this API has"},
        )
        await response(scope, receive, send)
