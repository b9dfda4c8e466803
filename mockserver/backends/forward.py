"""A forwarding proxy as an ASGI app: every request goes to the target, every answer comes back
byte for byte as it arrives (an event stream is never buffered), and each finished exchange is
handed to an observer (the recorder writes fixtures of it, the validating proxy judges it).

The observer sees the request with its credentials redacted and the answer bounded in size:
what passes through is not bounded, only what is kept to look at.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from mockserver.backends.headers import end_to_end, redacted
from mockserver.conformance.exchange import ProbeRequest, SseEvent
from mockserver.conformance.sse import SseParser

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

#: How an answer ended: the target finished it, the connection to the target broke mid-body,
#: the client went away first, it outgrew what the proxy keeps (it was still passed on whole),
#: or the proxy was stopped while it was still open.
Ending = Literal["finished", "broken", "client left", "too large", "stopped"]

#: Largest request body the proxy reads (a bigger one is refused with 413, not forwarded).
MAX_REQUEST_BYTES = 64 * 1024 * 1024
#: Largest answer body and number of events kept for the observer.
MAX_KEPT_BYTES = 64 * 1024 * 1024
MAX_KEPT_EVENTS = 100_000


@dataclass(frozen=True, slots=True)
class Passed:
    """One exchange that went through the proxy."""

    request: ProbeRequest
    #: None when the target gave no answer (``failure`` says why).
    status: int | None
    headers: Mapping[str, str]
    #: The answer's body (bounded by MAX_KEPT_BYTES).
    body: bytes
    #: The events of an event stream; ``arrived`` counts seconds since the answer's headers.
    events: tuple[SseEvent, ...] = ()
    ending: Ending = "finished"
    failure: str | None = None
    #: Seconds from forwarding the request to the answer's headers, and to its end.
    opened: float = 0.0
    elapsed: float = 0.0
    trailing: bytes = b""

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def path(self) -> str:
        return httpx.URL(self.request.url).path


Observer = Callable[[Passed], None]


@dataclass(slots=True)
class _Capture:
    """What is kept of an answer while it passes through."""

    is_stream: bool
    body: bytearray = field(default_factory=bytearray)
    parser: SseParser = field(default_factory=SseParser)
    events: list[SseEvent] = field(default_factory=list)
    full: bool = False

    def feed(self, chunk: bytes, since_headers: float) -> None:
        if self.full:
            return
        if len(self.body) + len(chunk) > MAX_KEPT_BYTES or len(self.events) >= MAX_KEPT_EVENTS:
            self.full = True
            return
        self.body += chunk
        if self.is_stream:
            self.events += self.parser.feed(chunk, since_headers)
            del self.parser.comments[:]

    def finish(self, since_headers: float) -> None:
        if self.is_stream and not self.full:
            self.events += self.parser.finish(since_headers)


class Forwarder:
    """The ASGI app: forwards to ``target`` and tells ``observe`` about each exchange."""

    def __init__(self, target: str, observe: Observer, *, connect_timeout: float = 10.0) -> None:
        self.target = target.rstrip("/")
        self.observe = observe
        self._timeout = httpx.Timeout(None, connect=connect_timeout)
        self._client: httpx.AsyncClient | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._forward(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._client = self._new_client()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._client is not None:
                    await self._client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _new_client(self) -> httpx.AsyncClient:
        client = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        # Forward exactly the client's headers: none of httpx's defaults.
        for name in ("accept", "accept-encoding", "user-agent", "connection"):
            del client.headers[name]
        return client

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await _read_body(receive)
        raw_path = scope.get("raw_path") or scope["path"].encode()
        url = self.target + raw_path.decode("latin-1")
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        headers = end_to_end(
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
        )
        request = ProbeRequest(scope["method"], url, redacted(headers), body)
        if body is None:
            await _error(send, 413, f"the request body is over {MAX_REQUEST_BYTES} bytes")
            return
        # Bodies pass through as they are: the answer must be readable to be judged or recorded.
        sent = [(k, v) for k, v in headers if k.lower() != "accept-encoding"]
        sent.append(("Accept-Encoding", "identity"))
        client = self._client or self._new_client()
        started = time.monotonic()
        try:
            upstream = await client.send(
                client.build_request(scope["method"], url, headers=sent, content=body),
                stream=True,
            )
        except httpx.HTTPError as error:
            reason = f"{type(error).__name__}: {error}".rstrip(": ")
            await _error(send, 502, f"the backend at {self.target} did not answer: {reason}")
            self.observe(Passed(request, None, {}, b"", failure=reason))
            return
        opened = time.monotonic() - started
        passed = await self._relay(request, upstream, send, receive, started, opened)
        self.observe(passed)

    async def _relay(
        self,
        request: ProbeRequest,
        upstream: httpx.Response,
        send: Send,
        receive: Receive,
        started: float,
        opened: float,
    ) -> Passed:
        headers = _merged(upstream.headers.multi_items())
        capture = _Capture(headers.get("content-type", "").startswith("text/event-stream"))
        ending: Ending = "finished"

        async def pump() -> None:
            nonlocal ending
            await send(
                {
                    "type": "http.response.start",
                    "status": upstream.status_code,
                    "headers": [
                        (name.encode("latin-1"), value.encode("latin-1"))
                        for name, value in end_to_end(upstream.headers.multi_items())
                    ],
                }
            )
            try:
                async for chunk in upstream.aiter_raw():
                    capture.feed(chunk, time.monotonic() - started - opened)
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            except httpx.HTTPError:
                ending = "broken"
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        def passed() -> Passed:
            elapsed = time.monotonic() - started
            capture.finish(elapsed - opened)
            return Passed(
                request=request,
                status=upstream.status_code,
                headers=headers,
                body=bytes(capture.body),
                events=tuple(capture.events),
                ending="too large" if capture.full and ending == "finished" else ending,
                opened=opened,
                elapsed=elapsed,
                trailing=capture.parser.trailing,
            )

        pumping = asyncio.ensure_future(pump())
        leaving = asyncio.ensure_future(_disconnected(receive))
        try:
            await asyncio.wait({pumping, leaving}, return_when=asyncio.FIRST_COMPLETED)
            if not pumping.done():
                ending = "client left"
                pumping.cancel()
            await asyncio.gather(pumping, return_exceptions=True)
        except asyncio.CancelledError:  # the proxy is stopping: say what was seen so far
            pumping.cancel()
            ending = "stopped"
            self.observe(passed())
            raise
        finally:
            leaving.cancel()
            await upstream.aclose()
        return passed()


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when it is over MAX_REQUEST_BYTES."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body += message.get("body", b"")
        if len(body) > MAX_REQUEST_BYTES:
            return None
        if not message.get("more_body"):
            break
    return bytes(body)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _error(send: Send, status: int, message: str) -> None:
    """An answer of the proxy itself, in the Error schema, saying it is the proxy's."""
    body = json.dumps(
        {"code": status, "message": f"mockserver proxy: {message}", "details": None}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _merged(pairs: list[tuple[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key, value in pairs:
        name = key.lower()
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged
