"""Serve a proxy on uvicorn, in the foreground until Ctrl-C or SIGTERM, or in a thread (tests)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

import uvicorn

from mockserver.errors import StartupError


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; a port in use is a start-up error that says what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise StartupError(
            f"cannot listen on {host}:{port}: {error.strerror or error}",
            "choose another --port (0 picks a free one)",
        ) from None
    sock.listen(1024)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


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
    """Serve ``app`` on ``sock`` until SIGINT or SIGTERM; ``announce`` gets the URL first."""
    announce(url_of(sock))
    _server(app).run(sockets=[sock])


class BackgroundProxy:
    """``app`` on a free loopback port in a thread of its own; stops when the block ends."""

    def __init__(self, app: Any) -> None:
        self._sock = bind("127.0.0.1", 0)
        self.url = url_of(self._sock)
        self._server = _server(app)
        self._server.install_signal_handlers = lambda: None  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._run, name="proxy", daemon=True)

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._sock]))

    def __enter__(self) -> BackgroundProxy:
        self._thread.start()
        for _ in range(1000):
            if self._server.started:
                return self
            if not self._thread.is_alive():
                break
            threading.Event().wait(0.01)
        raise RuntimeError("the proxy did not start")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
