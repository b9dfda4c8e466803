"""Events a process has produced and its consumer has not taken yet.

Producers never wait for the consumer, so a consumer that stops reading never stalls the
process. The backlog stays bounded all the same: output is capped per stream before it gets
here, and consecutive chunks of one stream are merged while they wait. A consumer that leaves
(``detach``) stops the buffering altogether.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator
from dataclasses import dataclass

from mockserver.engines.base import Event, Exit, Failure, Output, Stream


@dataclass(slots=True)
class _Pending:
    """Chunks of one stream waiting together, joined when taken."""

    stream: Stream
    parts: list[str]


class Backlog:
    def __init__(self) -> None:
        self._events: collections.deque[_Pending | Exit | Failure] = collections.deque()
        self._ready = asyncio.Event()
        self._finished = False
        self._detached = False

    @property
    def finished(self) -> bool:
        return self._finished

    def output(self, stream: Stream, text: str) -> None:
        if not text or self._detached or self._finished:
            return
        last = self._events[-1] if self._events else None
        if isinstance(last, _Pending) and last.stream == stream:
            last.parts.append(text)
        else:
            self._events.append(_Pending(stream, [text]))
        self._ready.set()

    def finish(self, event: Exit | Failure) -> None:
        """The terminal event; nothing is added after it."""
        if self._finished:
            return
        self._finished = True
        if not self._detached:
            self._events.append(event)
        self._ready.set()

    def detach(self) -> None:
        """The consumer is gone: drop what waits and buffer nothing more."""
        self._detached = True
        self._events.clear()

    async def events(self) -> AsyncIterator[Event]:
        """Every event in order, each as soon as it is there, ending with the terminal one."""
        while True:
            while self._events:
                event = self._events.popleft()
                if isinstance(event, _Pending):
                    yield Output(event.stream, "".join(event.parts))
                    continue
                yield event
                return
            if self._finished and not self._events:
                return
            self._ready.clear()
            await self._ready.wait()
