"""Serving an ASGI app on uvicorn: a bound socket first (so port 0 picks a free port and the URL is
known before the first request), then uvicorn in the foreground or in a thread of its own.

Used by the mock (``server``) and by the proxies of ``mockserver record`` and ``proxy``.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
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
            "choose another --port (0 picks a free one) or --host",
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def config(app: Any, log_level: str, http: type[asyncio.Protocol] | str = "h11") -> uvicorn.Config:
    """uvicorn's settings for ``app``. The default HTTP parser, h11, passes any method token and
    its body on to the app (a proxy forwards them); the mock passes its own protocol."""
    return uvicorn.Config(
        app,
        http=http,
        log_level=log_level,
        access_log=False,
        lifespan="on",
        # Answers still open when asked to stop (a stream, say) get this long to end.
        timeout_graceful_shutdown=2,
    )


def run_until_signalled(server: uvicorn.Server, sock: socket.socket) -> None:
    """Serve in the foreground until SIGINT or SIGTERM, then return to the caller (which may
    write reports and choose its exit status).

    uvicorn raises the signal that stopped it again once it has shut down; with these handlers
    in place that second delivery is only noted, instead of ending the process there.
    """
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {stop: signal.signal(stop, lambda *_: None) for stop in stops}
    try:
        server.run(sockets=[sock])
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


class ThreadedServer:
    """A uvicorn server on a bound socket in a daemon thread: ``start`` returns once it serves.

    As a context manager it serves for the length of the block.
    """

    def __init__(self, server: uvicorn.Server, sock: socket.socket, name: str) -> None:
        self.server = server
        self.sock = sock
        self.url = base_url(sock)
        self.server.install_signal_handlers = lambda: None  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        asyncio.run(self.server.serve(sockets=[self.sock]))

    def start(self) -> None:
        self._thread.start()
        for _ in range(1000):
            if self.server.started:
                return
            if not self._thread.is_alive():
                break
            threading.Event().wait(0.01)
        raise RuntimeError(f"the {self._thread.name} server did not start; see the log above")

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self.sock.close()

    def __enter__(self) -> ThreadedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
