"""The access token a server bound beyond loopback demands of every request.

A mock that runs commands must not serve strangers: with ``--access-token`` set, a request needs
``Authorization: Bearer <token>`` or ``X-Access-Token: <token>``; without it, a 401 Error.
"""

from __future__ import annotations

import hmac

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.organizations import bearer_token
from mockserver.responses import error_response


class AccessGuard:
    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    def _allowed(self, headers: Headers) -> bool:
        offered = [headers.get("x-access-token"), bearer_token(headers.get("authorization"))]
        return any(o is not None and hmac.compare_digest(o.encode(), self.token) for o in offered)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._allowed(Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        response = error_response(
            401,
            "This mock requires its access token",
            {"field": "Authorization", "reason": "send Authorization: Bearer <access token>"},
            {"WWW-Authenticate": "Bearer"},
        )
        await response(scope, receive, send)
