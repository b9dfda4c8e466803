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


class SseParser:
    """Feed bytes as they arrive; complete events come out when their blank line does."""

    def __init__(self) -> None:
        self._buffer = b""
        self._pending = _Pending()
        self.comments: list[str] = []

    @property
    def trailing(self) -> bytes:
        """Bytes of an event not finished yet."""
        return self._buffer

    def feed(self, chunk: bytes, arrived: float) -> list[SseEvent]:
        self._buffer += chunk
        events: list[SseEvent] = []
        while True:
            line, found = self._next_line()
            if not found:
                return events
            event = self._line(line, arrived)
            if event is not None:
                events.append(event)

    def finish(self, arrived: float) -> list[SseEvent]:
        """The stream ended: a final lone CR is a line end after all."""
        if self._buffer.endswith(b"\r"):
            return self.feed(b"\n", arrived)
        return []

    def _next_line(self) -> tuple[bytes, bool]:
        for index, byte in enumerate(self._buffer):
            if byte == 0x0A:
                line, self._buffer = self._buffer[:index], self._buffer[index + 1 :]
                return line.removesuffix(b"\r"), True
            if byte == 0x0D and index + 1 < len(self._buffer):
                line = self._buffer[:index]
                skip = 2 if self._buffer[index + 1] == 0x0A else 1
                self._buffer = self._buffer[index + skip :]
                return line, True
        return b"", False

    def _line(self, raw: bytes, arrived: float) -> SseEvent | None:
        line = raw.decode("utf-8", errors="replace")
        pending = self._pending
        if line == "":
            if not pending.touched:
                return None
            self._pending = _Pending()
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
            self.comments.append(line[1:].strip())
            return None
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
