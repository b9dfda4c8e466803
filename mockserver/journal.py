"""The request journal: every call to the Sandbox API, as asked and as answered, in a bounded ring.

An :class:`Entry` holds the request (method, path, query, headers, raw and parsed body), the answer
(status, headers, the JSON body or the SSE events with the time each was sent), how long it took
and what answered it (a fixture, an engine, or the mock itself for a refused request). The
recorder (``recording.py``) fills entries in as requests are served; the admin API and the pytest
plugin read them.

Entries are published once their answer is complete. Readers may take a snapshot
(:meth:`Journal.entries`), listen synchronously (:meth:`Journal.listen`, used by ``serve`` to
print a line per request) or subscribe asynchronously (:meth:`Journal.subscribe`, an async
iterator of new entries, for a live view).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import threading
import time
from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mockserver.engines.base import Answerer

#: Bytes of a request or response body (or of SSE events) kept in an entry; the rest is dropped
#: and the entry says so. With the ring's size, this bounds the journal's memory.
KEPT_BODY_BYTES = 256 * 1024
#: Entries a subscriber may fall behind by before the oldest unread ones are dropped.
SUBSCRIBER_BACKLOG = 1000

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One event of an SSE answer and when it was sent, in ms after the request arrived."""

    event: str | None
    id: str | None
    data: Any
    at_ms: float

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "id": self.id, "data": self.data, "at_ms": self.at_ms}


@dataclass(slots=True)
class Entry:
    """One request to the Sandbox API and its answer."""

    id: int
    #: Seconds since the epoch when the request arrived.
    time: float
    method: str
    path: str
    query: str
    headers: Headers
    raw_body: bytes = b""
    #: The body as JSON, or None when it is not JSON (or was too large to keep whole).
    body: Any = None
    body_truncated: bool = False
    status: int | None = None
    response_headers: Headers = ()
    #: The answer's body as sent (its first ``KEPT_BODY_BYTES``); empty for SSE.
    response_raw: bytes = b""
    #: The SSE events sent, None for an answer that is not a stream.
    events: list[SseEvent] | None = None
    #: The answer was longer than ``KEPT_BODY_BYTES``: its body or its later events are not kept.
    response_truncated: bool = False
    duration_ms: float | None = None
    #: False when the answer broke off: the client went away, or a fault cut the connection.
    complete: bool = False
    answered_by: Answerer | str | None = None

    @property
    def response_body(self) -> Any:
        """The answer's body as JSON; None for SSE, a body not JSON, or one kept in part.

        Parsed when asked for, not while serving."""
        if self.events is not None or self.response_truncated:
            return None
        return json_or_none(self.response_raw)

    @property
    def command(self) -> str | None:
        return command_of(self.body)

    @property
    def sandbox_id(self) -> str | None:
        return sandbox_of(self.path)

    @property
    def answerer(self) -> str:
        """What answered, in words: ``fixture 'x' (file:line:col)``, ``engine 'simulated'``…"""
        if self.answered_by is None:
            return "the mock (request refused)" if (self.status or 0) >= 400 else "the mock"
        return str(self.answered_by)

    def summary(self) -> str:
        """One line for a log: method, path, status, duration, command, what answered."""
        status = self.status if self.status is not None else "---"
        ms = f"{self.duration_ms:.0f}ms" if self.duration_ms is not None else "?ms"
        command = self.command
        shown = f" {_clip(command)!r}" if command is not None else ""
        broken = "" if self.complete else " (broken off)"
        return f"{self.method} {self.path} {status} {ms}{shown} <- {self.answerer}{broken}"

    def to_json(self) -> dict[str, Any]:
        """The entry as the admin API shows it (``GET /__admin/requests``)."""
        return {
            "id": self.id,
            "time": self.time,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": [list(pair) for pair in self.headers],
            "raw_body": self.raw_body.decode("utf-8", "replace"),
            "body": self.body,
            "body_truncated": self.body_truncated,
            "command": self.command,
            "sandbox": self.sandbox_id,
            "response": {
                "status": self.status,
                "headers": [list(pair) for pair in self.response_headers],
                "body": self.response_body,
                "events": None if self.events is None else [e.to_json() for e in self.events],
                "truncated": self.response_truncated,
                "complete": self.complete,
            },
            "duration_ms": self.duration_ms,
            "answered_by": self._answered_by_json(),
        }

    def _answered_by_json(self) -> dict[str, Any]:
        answered = self.answered_by if isinstance(self.answered_by, Answerer) else Answerer()
        kind = "fixture" if answered.fixture else "engine" if answered.engine else "mock"
        return {
            "kind": kind,
            "engine": answered.engine,
            "fixture": answered.fixture,
            "location": answered.location,
            "description": self.answerer,
        }


def json_or_none(data: bytes) -> Any:
    """``data`` as JSON, or None when it is empty or not JSON."""
    if not data:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def command_of(body: Any) -> str | None:
    """The ``command`` a request body asked for, when there is one."""
    command = body.get("command") if isinstance(body, dict) else None
    return command if isinstance(command, str) else None


def sandbox_of(path: str) -> str | None:
    """The ``{id}`` of ``/api/v1/sandboxes/{id}/exec``, when the path has one."""
    parts = path.strip("/").split("/")
    return parts[3] if len(parts) >= 4 and parts[:3] == ["api", "v1", "sandboxes"] else None


def _clip(text: str, width: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


Listener = Callable[[Entry], None]


class Journal:
    """The last ``size`` entries, oldest first. Safe to read from any thread."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._ring: collections.deque[Entry] = collections.deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        #: Bumped by :meth:`clear`: an entry begun before a clear is not kept when it ends.
        self._generation = 0

    def begin(self, method: str, path: str, query: str, headers: Headers) -> tuple[Entry, int]:
        """A new entry for a request that just arrived, and the generation it belongs to."""
        entry = Entry(next(self._ids), time.time(), method, path, query, headers)
        return entry, self._generation

    def finish(self, entry: Entry, generation: int) -> None:
        """Keep a completed entry (unless the journal was cleared meanwhile) and publish it."""
        with self._lock:
            if generation != self._generation:
                return
            self._ring.append(entry)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(entry)

    def entries(self) -> list[Entry]:
        """A snapshot, oldest first."""
        with self._lock:
            return list(self._ring)

    def clear(self) -> None:
        """Forget every entry, and every request still being answered."""
        with self._lock:
            self._ring.clear()
            self._generation += 1

    def __len__(self) -> int:
        return len(self._ring)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(entry)`` for each new entry (in the serving thread); returns a
        function that stops it. A listener must be quick and must not raise."""
        with self._lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return stop

    async def subscribe(self, since: int | None = None) -> AsyncGenerator[Entry, None]:
        """New entries as they are completed, until the consumer stops iterating.

        With ``since``, the kept entries with a greater id come first (``since=0``: the whole
        journal), then the new ones: none completed in between is missed, none comes twice.
        A subscriber that falls more than ``SUBSCRIBER_BACKLOG`` entries behind loses the oldest
        unread ones (the journal itself still has them).
        """
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Entry] = asyncio.Queue()

        def put(entry: Entry) -> None:
            if queue.qsize() >= SUBSCRIBER_BACKLOG:
                queue.get_nowait()
            queue.put_nowait(entry)

        def deliver(entry: Entry) -> None:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                put(entry)
            else:
                with contextlib.suppress(RuntimeError):  # the subscriber's loop has closed
                    loop.call_soon_threadsafe(put, entry)

        stop = self.listen(deliver)
        # Listening before the snapshot is taken: an entry completed meanwhile is in both.
        kept = [] if since is None else [entry for entry in self.entries() if entry.id > since]
        twice = {entry.id for entry in kept}
        try:
            for entry in kept:
                yield entry
            while True:
                entry = await queue.get()
                if entry.id in twice:
                    twice.discard(entry.id)
                else:
                    yield entry
        finally:
            stop()


@dataclass
class EntryFilter:
    """Which entries a reader wants; every condition given must hold."""

    method: str | None = None
    path: str | None = None
    command: str | None = None
    sandbox: str | None = None
    status: int | None = None
    #: Header name (any case) and the value it must have.
    headers: dict[str, str] = field(default_factory=dict)
    #: Only entries with an id above this one (to read what is new since a previous read).
    since: int | None = None

    def accepts(self, entry: Entry) -> bool:
        if self.method is not None and entry.method.upper() != self.method.upper():
            return False
        if self.path is not None and entry.path != self.path:
            return False
        if self.command is not None and entry.command != self.command:
            return False
        if self.sandbox is not None and entry.sandbox_id != self.sandbox:
            return False
        if self.status is not None and entry.status != self.status:
            return False
        if self.since is not None and entry.id <= self.since:
            return False
        for name, value in self.headers.items():
            values = [v for k, v in entry.headers if k.lower() == name.lower()]
            if value not in values:
                return False
        return True
