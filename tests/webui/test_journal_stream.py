"""The live journal stream (``GET /__admin/requests/stream``) over real HTTP, read as SSE."""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from mockserver.admin.stream import RETRY, journal_stream
from mockserver.journal import Entry, EntryFilter, Journal
from mockserver.server import BackgroundServer
from mockserver.sse import KEEPALIVE
from tests.conftest import EXEC

#: Generous: the machine is shared; a live entry normally arrives within milliseconds.
WAIT = 10.0


@dataclass
class Event:
    id: str | None
    event: str | None
    data: Any


class StreamReader:
    """Reads the journal stream in a thread of its own; events land in a queue as they come."""

    def __init__(self, url: str, params: dict[str, Any] | None = None, **headers: str) -> None:
        self.events: queue.Queue[Event] = queue.Queue()
        self.status: int | None = None
        self.content_type = ""
        self.first_line = ""
        self._opened = threading.Event()
        self._socket: socket.socket | None = None
        self._stop = threading.Event()
        self._client = httpx.Client(base_url=url, timeout=httpx.Timeout(30, read=None))
        self._thread = threading.Thread(
            target=self._read, args=(params or {}, headers), daemon=True
        )
        self._thread.start()
        assert self._opened.wait(WAIT), "the stream did not open"

    def _read(self, params: dict[str, Any], headers: dict[str, str]) -> None:
        with self._client.stream(
            "GET", "/__admin/requests/stream", params=params, headers=headers
        ) as response:
            self.status = response.status_code
            self.content_type = response.headers.get("content-type", "")
            self._socket = response.extensions["network_stream"].get_extra_info("socket")
            fields: dict[str, str] = {}
            try:
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return
                    if not self._opened.is_set():  # the first line: the server is listening
                        self.first_line = line
                        self._opened.set()
                    if line == "" and "data" in fields:
                        data = json.loads(fields["data"])
                        self.events.put(Event(fields.get("id"), fields.get("event"), data))
                        fields = {}
                    elif line and not line.startswith(":"):
                        name, _, value = line.partition(":")
                        fields[name] = value.removeprefix(" ")
            except httpx.HTTPError:
                return

    def next(self) -> Event:
        return self.events.get(timeout=WAIT)

    def close(self) -> None:
        """Hang up as a browser tab does: the socket closes under the blocked reader."""
        self._stop.set()
        with contextlib.suppress(OSError, AttributeError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._thread.join(WAIT)
        self._client.close()


@pytest.fixture
def stream(mock: BackgroundServer) -> Iterator[type[StreamReader]]:
    readers: list[StreamReader] = []

    class Reader(StreamReader):
        def __init__(self, params: dict[str, Any] | None = None, **headers: str) -> None:
            super().__init__(mock.url, params, **headers)
            readers.append(self)

    yield Reader
    for reader in readers:
        reader.close()


def test_a_request_appears_on_the_stream_as_its_answer_completes(
    client: httpx.Client, stream: type[StreamReader]
) -> None:
    reader = stream()
    assert reader.status == 200 and reader.content_type.startswith("text/event-stream")
    assert reader.first_line == "retry: 1000"
    sent = time.monotonic()
    client.post(EXEC, json={"command": "echo live"})
    event = reader.next()
    assert time.monotonic() - sent < WAIT
    [kept] = client.get("/__admin/requests").json()["requests"]
    assert event.event == "request" and event.id == str(kept["id"])
    assert event.data == kept
    assert event.data["command"] == "echo live"
    assert event.data["response"]["body"]["stdout"] == "live\n"
    assert event.data["answered_by"]["description"] == "engine 'simulated'"


def test_an_sse_answer_arrives_with_its_events_and_their_times(
    client: httpx.Client, stream: type[StreamReader]
) -> None:
    reader = stream()
    body = {"command": "echo one; sleep 0.2; echo two"}
    client.post(EXEC, json=body, headers={"Accept": "text/event-stream"})
    entry = reader.next().data
    events = entry["response"]["events"]
    assert [e["event"] for e in events] == ["start", "stdout", "stdout", "complete"]
    assert [e["data"].get("data") for e in events[1:3]] == ["one\n", "two\n"]
    assert events[2]["at_ms"] - events[1]["at_ms"] >= 150


def test_since_replays_the_kept_entries_before_the_new_ones(
    client: httpx.Client, stream: type[StreamReader]
) -> None:
    for command in ("echo a", "echo b", "echo c"):
        client.post(EXEC, json={"command": command})
    ids = [e["id"] for e in client.get("/__admin/requests").json()["requests"]]
    everything = stream({"since": 0})
    assert [everything.next().data["command"] for _ in ids] == ["echo a", "echo b", "echo c"]
    resumed = stream(**{"Last-Event-ID": str(ids[0])})
    client.post(EXEC, json={"command": "echo d"})
    assert [resumed.next().data["command"] for _ in range(3)] == ["echo b", "echo c", "echo d"]
    assert everything.next().data["command"] == "echo d"


def test_filters_are_those_of_the_journal(client: httpx.Client, stream: type[StreamReader]) -> None:
    only_fails = stream({"command": "exit 3"})
    for command in ("true", "exit 3", "echo x"):
        client.post(EXEC, json={"command": command})
    event = only_fails.next()
    assert event.data["command"] == "exit 3" and event.data["response"]["body"]["exitCode"] == 3
    assert only_fails.events.empty()
    bad = client.get("/__admin/requests/stream", params={"header": "no-colon"})
    assert bad.status_code == 400 and bad.json()["details"]["field"] == "header"


def test_a_client_that_goes_away_leaves_nothing_listening(
    mock: BackgroundServer, client: httpx.Client, stream: type[StreamReader]
) -> None:
    journal = mock.server.control.journal
    before = len(journal._listeners)
    reader = stream()
    assert len(journal._listeners) == before + 1
    reader.close()
    deadline = time.monotonic() + WAIT
    while len(journal._listeners) > before and time.monotonic() < deadline:
        client.post(EXEC, json={"command": "true"})  # a write finds the closed socket at once
        time.sleep(0.05)
    assert len(journal._listeners) == before


def _finished(journal: Journal, command: str) -> Entry:
    entry, generation = journal.begin("POST", EXEC, "", ())
    entry.body = {"command": command}
    entry.status = 200
    journal.finish(entry, generation)
    return entry


def test_subscribing_since_misses_nothing_completed_while_it_starts() -> None:
    class Racing(Journal):
        """Completes an entry after the subscriber listens, before it takes the snapshot."""

        raced = False

        def entries(self) -> list[Entry]:
            if not self.raced:
                self.raced = True
                _finished(self, "racing")
            return super().entries()

    journal = Racing(10)
    _finished(journal, "kept")

    async def scenario() -> list[str | None]:
        seen: list[str | None] = []
        subscription = journal.subscribe(since=0)
        seen.append((await anext(subscription)).command)
        seen.append((await anext(subscription)).command)
        _finished(journal, "new")
        seen.append((await asyncio.wait_for(anext(subscription), WAIT)).command)
        await subscription.aclose()
        return seen

    assert asyncio.run(scenario()) == ["kept", "racing", "new"]
    assert journal._listeners == []


def test_the_stream_keeps_alive_while_nothing_happens() -> None:
    journal = Journal(10)

    async def scenario() -> list[bytes]:
        response = journal_stream(journal, EntryFilter(), keepalive=0.01)
        chunks = aiter(response.body_iterator)
        first = [await anext(chunks), await anext(chunks)]
        _finished(journal, "now")
        while (chunk := await anext(chunks)) == KEEPALIVE:
            pass
        await chunks.aclose()  # type: ignore[attr-defined]
        return [*(bytes(c) for c in first), bytes(chunk)]

    retry, keepalive, framed = asyncio.run(scenario())
    assert (retry, keepalive) == (RETRY, KEEPALIVE)
    assert framed.startswith(b"id: 1\nevent: request\ndata: {")
    assert journal._listeners == []
