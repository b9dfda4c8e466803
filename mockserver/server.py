"""Run the mock on uvicorn: in the foreground (``mockserver serve``) or in a background thread
(tests, the pytest plugin). Both bind the socket first, so port 0 picks a free port and the URL
is known before the first request.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from types import TracebackType

import uvicorn

from mockserver.app import MockServer, build, create_app
from mockserver.errors import StartupError
from mockserver.settings import Settings


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise StartupError(
            f"cannot listen on {host}:{port}: {error.strerror or error}",
            "choose another --port (0 picks a free one) or --host",
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def _config(server: MockServer) -> uvicorn.Config:
    settings = server.settings
    return uvicorn.Config(
        create_app(settings, server),
        # h11 accepts any method token, so a method nobody has heard of gets the contract's 405
        # Error; httptools answers it with its own text/plain 400. Measured: h11 costs ~13 % of
        # JSON throughput (1,085 vs 1,245 req/s, scripted engine, wrk, 16 connections).
        http="h11",
        log_level=settings.log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )


def serve_forever(server: MockServer, announce: Callable[[str], None]) -> None:
    """Serve until interrupted; ``announce`` gets the base URL once the socket is bound."""
    sock = _bind(server.settings.host, server.settings.port)
    announce(base_url(sock))
    uvicorn.Server(_config(server)).run(sockets=[sock])


class BackgroundServer:
    """The mock on a free loopback port in a thread of its own; stops on exit.

    >>> with BackgroundServer(Settings()) as running:
    ...     running.url  # 'http://127.0.0.1:PORT'
    """

    def __init__(self, settings: Settings | None = None, server: MockServer | None = None) -> None:
        settings = (settings or Settings()).replace(port=0)
        self.server = server or build(settings)
        self._sock = _bind(self.server.settings.host, 0)
        self.url = base_url(self._sock)
        self._uvicorn = uvicorn.Server(_config(self.server))
        self._uvicorn.install_signal_handlers = lambda: None  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._run, name="mockserver", daemon=True)

    def _run(self) -> None:
        asyncio.run(self._uvicorn.serve(sockets=[self._sock]))

    def start(self) -> BackgroundServer:
        self._thread.start()
        for _ in range(500):
            if self._uvicorn.started:
                return self
            if not self._thread.is_alive():
                break
            threading.Event().wait(0.01)
        raise RuntimeError("the mock did not start; see the log above")

    def stop(self) -> None:
        self._uvicorn.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
