from __future__ import annotations

import pytest

from mockserver.negotiation import wants_event_stream


@pytest.mark.parametrize(
    ("accept", "sse"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("text/event-stream", True),
        ("text/*", True),
        ("text/event-stream, application/json", False),
        ("application/json;q=0.9, text/event-stream", True),
        ("text/event-stream;q=0.1, */*;q=0.5", False),
        ("text/event-stream, */*", True),
        ("text/event-stream;q=0", False),
        ("text/event-stream;q=bogus", False),
    ],
)
def test_event_stream_only_when_preferred(accept: str | None, sse: bool) -> None:
    assert wants_event_stream(accept) is sse
