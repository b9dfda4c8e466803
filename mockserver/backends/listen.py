"""The proxies on uvicorn: in the foreground until Ctrl-C or SIGTERM, or in a thread (tests)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from types import TracebackType
from typing import Any

import uvicorn

from mockserver.listening import ThreadedServer, base_url, bind, run_until_signalled


def _server(app: Any) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        http="h11",
        log_level="warning",
        access_log=False,
        lifespan="on",
        # Streams still open at Ctrl-C get this long to end before they are cut.
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def serve_until_stopped(app: Any, sock: socket.socket, announce: Callable[[str], None]) -> None:
    """Serve ``app`` on ``sock`` until SIGINT or SIGTERM, then return; ``announce`` gets the URL
    first."""
    announce(base_url(sock))
    run_until_signalled(_server(app), sock)


class BackgroundProxy:
    """``app`` on a free loopback port in a thread of its own; stops when the block ends."""

    def __init__(self, app: Any) -> None:
        self._running = ThreadedServer(_server(app), bind("127.0.0.1", 0), "proxy")
        self.url = self._running.url

    def __enter__(self) -> BackgroundProxy:
        self._running.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._running.stop()
