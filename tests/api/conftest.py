"""Every HTTP test here runs three ways: over a real socket, and through both in-process apps
(``mockserver.asgi_app`` with httpx's ASGITransport, ``mockserver.wsgi_app`` with its
WSGITransport). The behaviour must be the same; only where httpx's ASGITransport itself cannot
show it (it hands over a body once the app has finished) is a test skipped for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

import mockserver
from mockserver.server import BackgroundServer

KINDS = ("socket", "asgi", "wsgi")


class LoopASGITransport(httpx.BaseTransport):
    """httpx's ASGITransport, driven from sync code through an event loop in a thread."""

    def __init__(self, app: object) -> None:
        self._inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> httpx.Response:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=content
            )
            response = await self._inner.handle_async_request(forwarded)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        return asyncio.run_coroutine_threadsafe(call(), self._loop).result(timeout=120)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


@pytest.fixture(params=KINDS)
def client_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def streams_live(client_kind: str) -> None:
    """Skip over httpx's ASGITransport, which returns the body only once the app has finished."""
    if client_kind == "asgi":
        pytest.skip("httpx.ASGITransport buffers the whole body: pacing cannot be seen through it")


@pytest.fixture
def client_for(client_kind: str) -> Iterator[Callable[[BackgroundServer], httpx.Client]]:
    clients: list[httpx.Client] = []
    transports: list[httpx.BaseTransport] = []

    def make(background: BackgroundServer) -> httpx.Client:
        if client_kind == "socket":
            client = httpx.Client(base_url=background.url, timeout=30)
        else:
            transport: httpx.BaseTransport
            if client_kind == "asgi":
                transport = LoopASGITransport(mockserver.asgi_app(server=background.server))
            else:
                transport = httpx.WSGITransport(app=mockserver.wsgi_app(server=background.server))
            transports.append(transport)
            client = httpx.Client(transport=transport, base_url="http://mock", timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    for transport in transports:
        transport.close()
