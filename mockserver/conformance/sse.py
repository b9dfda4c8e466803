"""An incremental parser for ``text/event-stream`` bodies (the WHATWG framing rules)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockserver.conformance.exchange import SseEvent


@dataclass(slots=True)
class _Pending:
    event: str | None = None
    id: str | None = None
    data: list[str] = field(default_factory=list)
    touched: bool = False


#: Comment lines kept (the rest are only counted): a flood of keepalives costs no memory.
KEPT_COMMENTS = 100


class SseParser:
    """Feed bytes as they arrive; complete events come out when their blank line does."""

    def __init__(self) -> None:
        self._buffer = b""
        self._pending = _Pending()
        self._pending_bytes = 0
        self._scanned = 0
        self.comments: list[str] = []
        self.comment_count = 0

    @property
    def trailing(self) -> bytes:
        """Bytes of an event not finished yet."""
        return self._buffer

    @property
    def pending_bytes(self) -> int:
        """Size of the event being read: its lines so far and the unfinished line."""
        return self._pending_bytes + len(self._buffer)

    def feed(self, chunk: bytes, arrived: float) -> list[SseEvent]:
        buffer = self._buffer + chunk
        events: list[SseEvent] = []
        start = 0
        scan = min(self._scanned, len(buffer))
        while True:
            lf = buffer.find(b"\n", scan)
            cr = buffer.find(b"\r", scan, lf if lf != -1 else len(buffer))
            if cr != -1:
                if cr + 1 == len(buffer):  # CR LF or a lone CR: the next byte tells
                    scan = cr
                    break
                end, skip = cr, 2 if buffer[cr + 1] == 0x0A else 1
            elif lf != -1:
                end, skip = lf, 1
            else:
                scan = len(buffer)
                break
            event = self._line(buffer[start:end], arrived)
            if event is not None:
                events.append(event)
            start = scan = end + skip
        self._buffer = buffer[start:]
        self._scanned = scan - start
        return events

    def finish(self, arrived: float) -> list[SseEvent]:
        """The stream ended: a final lone CR is a line end after all."""
        if self._buffer.endswith(b"\r"):
            return self.feed(b"\n", arrived)
        return []

    def _line(self, raw: bytes, arrived: float) -> SseEvent | None:
        line = raw.decode("utf-8", errors="replace")
        pending = self._pending
        if line == "":
            if not pending.touched:
                return None
            self._pending = _Pending()
            self._pending_bytes = 0
            if not pending.data and pending.event is None:
                return None
            return SseEvent(
                event=pending.event,
                id=pending.id,
                data="\n".join(pending.data),
                arrived=arrived,
                data_lines=len(pending.data),
            )
        if line.startswith(":"):
            self.comment_count += 1
            if len(self.comments) < KEPT_COMMENTS:
                self.comments.append(line[1:].strip())
            return None
        self._pending_bytes += len(raw) + 1
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        pending.touched = True
        if name == "data":
            pending.data.append(value)
        elif name == "event":
            pending.event = value
        elif name == "id":
            pending.id = value
        return None
