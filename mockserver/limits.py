"""Refuse oversized request bodies fast, before anything reads them whole.

A ``Content-Length`` over the limit is answered 413 at once, unread. A chunked body is counted as
it arrives and refused the moment it passes the limit; under the limit it is replayed with its
length set, since the validator downstream relies on ``Content-Length``.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.responses import error_response


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> Response:
        return error_response(
            413,
            f"Request body is larger than the limit of {self.max_bytes} bytes",
            {"field": "body", "reason": f"must be at most {self.max_bytes} bytes"},
            {"Connection": "close"},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                bad = error_response(
                    400,
                    "Content-Length is not a number of bytes",
                    {"field": "Content-Length", "reason": "must be a non-negative integer"},
                )
                await bad(scope, receive, send)
                return
            if int(length) > self.max_bytes:
                await self._too_large()(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large()(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        scope = dict(scope)
        scope["headers"] = [
            (k, v)
            for k, v in scope["headers"]
            if k not in (b"transfer-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        await self.app(scope, replay, send)


class DefaultJsonContentType:
    """A body sent without ``Content-Type`` is read as JSON, the only type the operation takes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(
            name == b"content-type" for name, _ in scope.get("headers") or []
        ):
            scope = dict(scope)
            scope["headers"] = [*scope.get("headers", []), (b"content-type", b"application/json")]
        await self.app(scope, receive, send)
