"""The journal as a live stream of Server-Sent Events (``GET /__admin/requests/stream``).

Each completed request is one ``request`` event whose ``id`` is the entry's id and whose data is
the entry as ``GET /__admin/requests`` shows it. While nothing happens the stream carries
``: keepalive`` comments, so proxies and clients keep it open; it ends when the client goes away.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.responses import StreamingResponse

from mockserver.journal import Entry, EntryFilter, Journal
from mockserver.sse import KEEPALIVE, SSE_HEADERS, frame

#: Seconds of silence before a keepalive comment.
KEEPALIVE_SECONDS = 15.0
#: Sent first: tells a browser's EventSource to reconnect after one second.
RETRY = b"retry: 1000\n\n"


def journal_stream(
    journal: Journal,
    wanted: EntryFilter,
    since: int | None = None,
    keepalive: float = KEEPALIVE_SECONDS,
) -> StreamingResponse:
    """The response: entries ``wanted`` accepts, those kept with an id above ``since`` first."""
    return StreamingResponse(
        _frames(journal, wanted, since, keepalive),
        media_type="text/event-stream",
        headers=SSE_HEADERS,
    )


async def _frames(
    journal: Journal, wanted: EntryFilter, since: int | None, keepalive: float
) -> AsyncIterator[bytes]:
    entries = journal.subscribe(since)
    pending: asyncio.Future[Entry] | None = asyncio.ensure_future(anext(entries))
    try:
        await asyncio.sleep(0)  # the subscription listens before the client hears anything
        yield RETRY
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(entries))
            done, _ = await asyncio.wait({pending}, timeout=keepalive)
            if not done:
                yield KEEPALIVE
                continue
            entry, pending = pending.result(), None
            if wanted.accepts(entry):
                yield frame(entry.id, "request", entry.to_json())
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await pending
        await entries.aclose()
