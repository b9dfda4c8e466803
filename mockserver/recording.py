"""Record every request to the Sandbox API in the journal, as it is asked and answered.

:class:`JournalRecorder` is an ASGI middleware around the Sandbox API: it copies the request body
as the app reads it, the status and headers as they are sent, the JSON body or each SSE event with
the time it was sent, and publishes the entry once the answer is complete (or has broken off).

What answered is told by the exec handler through :func:`note_answerer`: the entry being recorded
rides in the ASGI scope, so no layer in between needs to know about it.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.engines.base import Answerer
from mockserver.journal import KEPT_BODY_BYTES, Entry, Journal, SseEvent, json_or_none

#: The scope key under which the entry of the request being served travels.
ENTRY_KEY = "mockserver.journal_entry"


def note_answerer(scope: Scope, answerer: Answerer | str) -> None:
    """Tell the journal what answers the request of ``scope`` (filled in as it is answered)."""
    entry = scope.get(ENTRY_KEY)
    if isinstance(entry, Entry):
        entry.answered_by = answerer


class JournalRecorder:
    def __init__(self, app: ASGIApp, journal: Journal) -> None:
        self.app = app
        self.journal = journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = tuple(
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
        )
        query = scope.get("query_string", b"").decode("latin-1")
        entry, generation = self.journal.begin(scope["method"], scope["path"], query, headers)
        scope[ENTRY_KEY] = entry
        started = time.perf_counter()
        request_body = _Kept()
        response_body = _Kept()
        events = _SseParser(started)

        async def receive_recorded() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                request_body.add(message.get("body", b""))
            return message

        async def send_recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                entry.response_headers = tuple(
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in message.get("headers", [])
                )
                if _content_type(entry.response_headers).startswith("text/event-stream"):
                    entry.events = events.events
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if entry.events is not None:
                    events.feed(chunk)
                    entry.response_truncated = events.truncated
                else:
                    response_body.add(chunk)
                    entry.response_truncated = response_body.truncated
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                entry.complete = True

        try:
            await self.app(scope, receive_recorded, send_recorded)
        finally:
            entry.duration_ms = round((time.perf_counter() - started) * 1000, 3)
            entry.raw_body = bytes(request_body.data)
            entry.body_truncated = request_body.truncated
            entry.body = None if request_body.truncated else json_or_none(entry.raw_body)
            entry.response_raw = bytes(response_body.data)
            self.journal.finish(entry, generation)


class _Kept:
    """A body's first ``KEPT_BODY_BYTES`` bytes."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.truncated = False

    def add(self, chunk: bytes) -> None:
        room = KEPT_BODY_BYTES - len(self.data)
        if len(chunk) > room:
            self.truncated = True
        self.data += chunk[: max(room, 0)]


class _SseParser:
    """SSE events out of the bytes as they are sent, each stamped with its time."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.events: list[SseEvent] = []
        self._buffer = ""
        self._fed = 0
        self.truncated = False

    def feed(self, chunk: bytes) -> None:
        self._fed += len(chunk)
        if self._fed > KEPT_BODY_BYTES:
            self.truncated = True
            return
        self._buffer += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        while "\n\n" in self._buffer:
            block, self._buffer = self._buffer.split("\n\n", 1)
            self._block(block)

    def _block(self, block: str) -> None:
        fields: dict[str, str] = {}
        data: list[str] = []
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            else:
                fields[name] = value
        if not data and not fields:
            return  # a comment (keepalive)
        text = "\n".join(data)
        at_ms = round((time.perf_counter() - self.started) * 1000, 3)
        parsed: Any = json_or_none(text.encode()) if text else None
        self.events.append(
            SseEvent(
                fields.get("event"), fields.get("id"), parsed if parsed is not None else text, at_ms
            )
        )


def _content_type(headers: tuple[tuple[str, str], ...]) -> str:
    for name, value in headers:
        if name.lower() == "content-type":
            return value.lower()
    return ""
