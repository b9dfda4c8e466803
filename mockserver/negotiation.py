"""Which rendering a request asks for: JSON or an SSE stream (CONTRACT section 2 and 4)."""

from __future__ import annotations

import functools

JSON = "application/json"
SSE = "text/event-stream"


def _quality(accept: str, media_type: str) -> tuple[float, int]:
    """The q of the most specific range in ``accept`` matching ``media_type``, and its rank."""
    kind = media_type.partition("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for item in accept.split(","):
        parts = [part.strip() for part in item.split(";")]
        media_range = parts[0].lower()
        if not media_range:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        range_kind, _, range_subtype = media_range.partition("/")
        if media_range == media_type:
            specificity = 2
        elif range_kind == kind and range_subtype == "*":
            specificity = 1
        elif media_range in {"*/*", "*"}:
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, q)
    return best[1], best[0]


@functools.lru_cache(maxsize=128)
def wants_event_stream(accept: str | None) -> bool:
    """True when ``Accept`` prefers ``text/event-stream`` over ``application/json``.

    No header, ``*/*``, or a tie: JSON. Clients send a handful of distinct values: each is
    parsed once.
    """
    if not accept:
        return False
    sse_q, sse_rank = _quality(accept, SSE)
    json_q, json_rank = _quality(accept, JSON)
    if sse_q != json_q:
        return sse_q > json_q
    return sse_q > 0 and sse_rank > json_rank
