"""Read an SSE response incrementally, noting when each event arrived."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class SseEvent:
    id: int | None
    event: str | None
    data: Any
    at: float  # seconds since the request was sent


@dataclass
class SseRead:
    status: int
    headers: httpx.Headers
    events: list[SseEvent]
    comments: list[str]


def read_sse(client: httpx.Client, path: str, body: Any, **headers: str) -> SseRead:
    started = time.monotonic()
    events: list[SseEvent] = []
    comments: list[str] = []
    all_headers = {"Accept": "text/event-stream", **headers}
    with client.stream("POST", path, json=body, headers=all_headers) as response:
        if not response.headers.get("content-type", "").startswith("text/event-stream"):
            response.read()
            return SseRead(response.status_code, response.headers, [], [])
        fields: dict[str, str] = {}
        for line in response.iter_lines():
            if line == "":
                if fields:
                    events.append(
                        SseEvent(
                            int(fields["id"]) if "id" in fields else None,
                            fields.get("event"),
                            json.loads(fields["data"]) if "data" in fields else None,
                            time.monotonic() - started,
                        )
                    )
                    fields = {}
                continue
            if line.startswith(":"):
                comments.append(line[1:].strip())
                continue
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        return SseRead(response.status_code, response.headers, events, comments)
