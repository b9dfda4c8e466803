"""What the checker sends and what came back: plain values a report can show and replay."""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Request bodies longer than this are elided from curl lines (the JSON report keeps them whole).
CURL_BODY_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class ProbeRequest:
    """One HTTP request, exactly as sent (the body as bytes)."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None

    @classmethod
    def json_post(
        cls, url: str, payload: Any, headers: Mapping[str, str] | None = None
    ) -> ProbeRequest:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        merged = {"Content-Type": "application/json", **(headers or {})}
        return cls("POST", url, tuple(merged.items()), body)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def payload(self) -> Any:
        """The body as JSON, or None when it is not JSON (raw probes)."""
        if self.body is None:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def body_text(self) -> str:
        if self.body is None:
            return ""
        return self.body.decode("utf-8", errors="backslashreplace")

    def body_preview(self, limit: int = 500) -> str:
        """The body for a human: control characters escaped, long bodies cut."""
        text = self.body_text()
        shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:limit])
        return shown + (f"... ({len(self.body or b'')} bytes)" if len(text) > limit else "")

    def curl(self) -> str:
        """A shell line that sends this request again."""
        parts = ["curl", "-sS", "-i", "-X", self.method, shlex.quote(self.url)]
        for key, value in self.headers:
            parts += ["-H", shlex.quote(f"{key}: {value}")]
        if self.header("accept") is None:
            parts += ["-H", shlex.quote("Accept:")]
        if self.body is None:
            return " ".join(parts)
        if len(self.body) > CURL_BODY_LIMIT:
            parts += ["--data-binary", "@body.json"]
            return " ".join(parts) + f"  # body.json: the {len(self.body)}-byte body in the report"
        text = self._printable_body()
        if text is not None:
            return " ".join([*parts, "--data-binary", shlex.quote(text)])
        octal = "".join(f"\\{byte:03o}" for byte in self.body)
        return f"printf '{octal}' | " + " ".join([*parts, "--data-binary", "@-"])

    def _printable_body(self) -> str | None:
        assert self.body is not None
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if any(ord(ch) < 0x20 and ch not in "\t\n" for ch in text):
            return None
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "headers": dict(self.headers),
            "body": self.body_text() if self.body is not None else None,
            "curl": self.curl(),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """A whole (bounded) HTTP answer."""

    request: ProbeRequest
    status: int
    headers: Mapping[str, str]
    body: bytes
    #: Seconds from sending the request to reading the last byte.
    elapsed: float
    #: The body was longer than the read limit and is only its beginning.
    truncated: bool = False

    @property
    def media_type(self) -> str:
        value = self.headers.get("content-type", "")
        return value.split(";", 1)[0].strip().lower()

    def json(self) -> Any:
        """The parsed body; raises ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))

    def summary(self, limit: int = 600) -> str:
        text = self.body.decode("utf-8", errors="backslashreplace")
        if len(text) > limit:
            text = text[:limit] + f"... ({len(self.body)} bytes)"
        content_type = self.headers.get("content-type", "(no Content-Type)")
        return f"{self.status} {content_type} {text}"


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One server-sent event as framed on the wire."""

    event: str | None
    id: str | None
    data: str
    #: Seconds from sending the request to the arrival of the blank line that ended the event.
    arrived: float
    #: Number of ``data:`` lines the event had (the dialect sends exactly one).
    data_lines: int = 1

    def payload(self) -> Any:
        return json.loads(self.data)

    def describe(self) -> str:
        return f"id={self.id} event={self.event} data={self.data[:200]}"


@dataclass(frozen=True, slots=True)
class StreamAnswer:
    """An answer read incrementally: its events as they arrived, within bounds of time and count."""

    request: ProbeRequest
    status: int
    headers: Mapping[str, str]
    events: tuple[SseEvent, ...]
    #: The bytes read (the raw stream, or the whole body when it is not a stream), bounded.
    body: bytes
    #: True when the server closed the stream; False when the checker stopped reading.
    closed_by_server: bool
    #: Why the checker stopped reading, when it did ("time limit", "event limit", "stopped early").
    cut: str | None = None
    #: Bytes after the last complete event (a partial frame when the server closed).
    trailing: bytes = b""
    elapsed: float = 0.0
    comments: tuple[str, ...] = field(default=())
    #: The SSE dialect the stream was read in; ``events`` are in the contract's canonical form.
    dialect: str = "default"
    #: The events as framed on the wire, when the dialect is not the canonical one.
    raw_events: tuple[SseEvent, ...] | None = None

    @property
    def wire_events(self) -> tuple[SseEvent, ...]:
        return self.events if self.raw_events is None else self.raw_events

    @property
    def media_type(self) -> str:
        value = self.headers.get("content-type", "")
        return value.split(";", 1)[0].strip().lower()

    def as_answer(self) -> Answer:
        return Answer(self.request, self.status, self.headers, self.body, self.elapsed)

    def summary(self, limit: int = 600) -> str:
        if self.media_type != "text/event-stream":
            return self.as_answer().summary(limit)
        shown = self.wire_events
        lines = [f"{self.status} text/event-stream, {len(shown)} events"]
        lines += [f"  {event.describe()}" for event in shown[:12]]
        if len(shown) > 12:
            lines.append(f"  ... {len(shown) - 12} more")
        if self.cut:
            lines.append(f"  (reading stopped: {self.cut})")
        elif self.trailing.strip():
            lines.append(f"  (then an unterminated frame: {self.trailing[:200]!r})")
        return "\n".join(lines)
