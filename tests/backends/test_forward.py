"""The forwarding proxy under record and proxy: traffic passes unchanged, streams are not held."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from backend_servers import RunningServer, close_all

from mockserver.backends.forward import Forwarder, Passed
from mockserver.backends.headers import REDACTED
from mockserver.backends.listen import background_proxy

STREAM_PATH = "/api/v1/sandboxes/s/exec"


class Scripted:
    """A backend that echoes the request's headers, or streams a first event and then waits for
    the test to let it finish."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.left = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        if scope["path"] == STREAM_PATH:
            await self._stream(send, receive)
            return
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        body = json.dumps({"headers": headers, "query": scope["query_string"].decode()})
        await send(
            {
                "type": "http.response.start",
                "status": 201,
                "headers": [(b"content-type", b"application/json"), (b"x-backend", b"yes")],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})

    async def _stream(self, send: Any, receive: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream")],
            }
        )
        first = b'id: 1\nevent: start\ndata: {"type":"start","command":"x"}\n\n'
        await send({"type": "http.response.body", "body": first, "more_body": True})
        while not self.release.is_set():
            await asyncio.sleep(0.01)
            try:
                message = await asyncio.wait_for(receive(), 0.01)
            except TimeoutError:
                continue
            if message["type"] == "http.disconnect":
                self.left.set()
                return
        done = b'id: 2\nevent: complete\ndata: {"type":"complete","exitCode":0,"success":true,"timedOut":false}\n\n'
        await send({"type": "http.response.body", "body": done})


@pytest.fixture
def scripted() -> Iterator[tuple[Scripted, RunningServer]]:
    app = Scripted()
    server = RunningServer(app)
    yield app, server
    app.release.set()
    close_all([server])


def test_requests_and_answers_pass_unchanged(scripted: tuple[Scripted, RunningServer]) -> None:
    _, server = scripted
    seen: list[Passed] = []
    with (
        background_proxy(Forwarder(server.base_url, seen.append)) as proxy,
        httpx.Client(base_url=proxy.url) as client,
    ):
        answer = client.post(
            "/anything?x=1",
            content=b"{}",
            headers={"Authorization": "Bearer t0k", "X-Api-Key": "k3y", "X-Other": "o"},
        )
    assert answer.status_code == 201
    assert answer.headers["x-backend"] == "yes"
    echoed = answer.json()
    # Credentials are forwarded...
    assert echoed["headers"]["authorization"] == "Bearer t0k"
    assert echoed["headers"]["x-api-key"] == "k3y"
    assert echoed["headers"]["x-other"] == "o"
    assert echoed["query"] == "x=1"
    # ...and redacted in what the proxy keeps.
    (passed,) = seen
    assert passed.request.header("authorization") == REDACTED
    assert passed.request.header("x-api-key") == REDACTED
    assert passed.request.header("x-other") == "o"
    assert passed.status == 201 and passed.ending == "finished"


def test_an_event_reaches_the_client_before_the_stream_ends(
    scripted: tuple[Scripted, RunningServer],
) -> None:
    app, server = scripted
    seen: list[Passed] = []
    with (
        background_proxy(Forwarder(server.base_url, seen.append)) as proxy,
        httpx.Client(base_url=proxy.url, timeout=10) as client,
        client.stream("POST", STREAM_PATH, json={"command": "x"}) as response,
    ):
        chunks = response.iter_raw()
        first = next(chunks)
        # The backend has not finished: the first event came through on its own.
        assert b"event: start" in first and not app.release.is_set()
        app.release.set()
        rest = b"".join(chunks)
    assert b"event: complete" in rest
    (passed,) = seen
    assert [event.event for event in passed.events] == ["start", "complete"]
    assert passed.ending == "finished"


def test_a_client_that_leaves_is_passed_on_to_the_backend(
    scripted: tuple[Scripted, RunningServer],
) -> None:
    app, server = scripted
    seen: list[Passed] = []
    with background_proxy(Forwarder(server.base_url, seen.append)) as proxy:
        with (
            httpx.Client(base_url=proxy.url, timeout=10) as client,
            client.stream("POST", STREAM_PATH, json={"command": "x"}) as response,
        ):
            next(response.iter_raw())
        assert app.left.wait(5), "the backend never saw the client leave"
        for _ in range(100):
            if seen:
                break
            threading.Event().wait(0.05)
    assert seen[0].ending == "client left"


def test_a_backend_that_does_not_answer_is_a_502_error() -> None:
    seen: list[Passed] = []
    with (
        background_proxy(Forwarder("http://127.0.0.1:9", seen.append)) as proxy,
        httpx.Client(base_url=proxy.url) as client,
    ):
        answer = client.post(STREAM_PATH, json={"command": "x"})
    assert answer.status_code == 502
    assert answer.json()["code"] == 502
    assert answer.json()["message"].startswith("mockserver proxy: the backend at")
    assert seen[0].status is None and seen[0].failure
