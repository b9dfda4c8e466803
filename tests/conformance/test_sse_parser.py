"""The SSE parser frames events as they arrive, whatever the chunking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mockserver.conformance.sse import SseParser

STREAM = (
    b": hello\n\n"
    b'id: 1\nevent: start\ndata: {"type":"start"}\n\n'
    b": keepalive\n\n"
    b'id: 2\r\nevent: stdout\r\ndata: {"type":"stdout","data":"a"}\r\n\r\n'
    b"id: 3\revent: complete\rdata: {}\r\r"
)


def parse(chunks: list[bytes]) -> tuple[list[tuple[str | None, str | None, str]], SseParser]:
    parser = SseParser()
    found = []
    for chunk in chunks:
        found += [(e.event, e.id, e.data) for e in parser.feed(chunk, 0.0)]
    found += [(e.event, e.id, e.data) for e in parser.finish(0.0)]
    return found, parser


EXPECTED = [
    ("start", "1", '{"type":"start"}'),
    ("stdout", "2", '{"type":"stdout","data":"a"}'),
    ("complete", "3", "{}"),
]


def test_lf_crlf_and_cr_line_ends_and_comments() -> None:
    found, parser = parse([STREAM])
    assert found == EXPECTED
    assert parser.comments == ["hello", "keepalive"]
    assert parser.trailing == b""


@given(st.lists(st.integers(min_value=1, max_value=len(STREAM) - 1), max_size=8))
def test_any_chunking_gives_the_same_events(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    chunks = [STREAM[a:b] for a, b in zip([0, *points], [*points, len(STREAM)], strict=True)]
    found, _ = parse(chunks)
    assert found == EXPECTED


def test_an_unfinished_event_stays_pending() -> None:
    found, parser = parse([b'id: 1\nevent: start\ndata: {"type"'])
    assert found == []
    assert parser.trailing == b'data: {"type"'


def test_multi_line_data_is_joined_and_counted() -> None:
    parser = SseParser()
    (event,) = parser.feed(b"event: x\ndata: a\ndata: b\n\n", 1.5)
    assert (event.data, event.data_lines, event.arrived) == ("a\nb", 2, 1.5)
