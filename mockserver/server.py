"""Run the mock on uvicorn: in the foreground (``mockserver serve``) or in a background thread
(tests, the pytest plugin). Both bind the socket first, so port 0 picks a free port and the URL
is known before the first request.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

import uvicorn

from mockserver.app import MockServer, build, create_app
from mockserver.http_protocol import HttpProtocol
from mockserver.listening import ThreadedServer, base_url, bind, config
from mockserver.settings import Settings


def _config(server: MockServer) -> uvicorn.Config:
    # httptools, with the methods llhttp does not know still answered by the app (a 405 Error).
    return config(create_app(server.settings, server), server.settings.log_level, HttpProtocol)


def serve_forever(server: MockServer, announce: Callable[[str], None]) -> None:
    """Serve until interrupted; ``announce`` gets the base URL once the socket is bound."""
    sock = bind(server.settings.host, server.settings.port)
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
        sock = bind(self.server.settings.host, 0)
        self._running = ThreadedServer(uvicorn.Server(_config(self.server)), sock, "mockserver")
        self.url = self._running.url

    def start(self) -> BackgroundServer:
        self._running.start()
        return self

    def stop(self) -> None:
        self._running.stop()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
