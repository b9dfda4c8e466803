"""Run the mock on uvicorn: in the foreground (``mockserver serve``) or in a background thread
(tests, the pytest plugin). Both bind the socket first, so port 0 picks a free port and the URL
is known before the first request.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import socket
import time
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


#: Allocations between two collections of the youngest generation, and how many collections of
#: one generation before the next is collected (Python's defaults: 700, 10, 10). A request makes
#: a few thousand short-lived objects, nearly all freed by reference counting; measured in
#: bench/RESULTS.md.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Garbage collection for a long-running server, once start-up is done.

    Everything start-up built (modules, the spec, validators, fixtures, the shell's tables) is
    frozen out of every later collection, and the youngest generation is collected less often.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class MemoryReturn:
    """Gives memory back to the system after a burst (glibc only; elsewhere it does nothing).

    Python frees a burst's objects, but the C allocator keeps the pages they used, so resident
    memory would stay at the burst's high-water mark. Once no request has been served for a
    second and resident memory is ``threshold`` above where start-up left it, cyclic garbage is
    collected and ``malloc_trim`` hands the free pages back. A trim that gives little back (the memory is
    in use: running commands, sandbox files) waits twice as long before the next, up to
    ``MAX_INTERVAL_S``.
    """

    MAX_INTERVAL_S = 16.0

    def __init__(self, threshold: int = 8 * 1024 * 1024) -> None:
        self.threshold = threshold
        self.floor = 0
        self.interval = 1.0
        self.next_at = 0.0
        name = ctypes.util.find_library("c")
        self._trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None

    def settled(self) -> None:
        """Start-up is done: what is resident now is the floor to come back to."""
        self.floor = resident_bytes()

    def idle(self, now: float) -> None:
        """Called while no request is being served."""
        if self._trim is None or now < self.next_at:
            return
        before = resident_bytes()
        if before - self.floor < self.threshold:
            return
        gc.collect()
        self._trim(0)
        returned = before - resident_bytes()
        self.interval = (
            1.0 if returned >= self.threshold / 2 else min(self.interval * 2, self.MAX_INTERVAL_S)
        )
        self.next_at = now + self.interval


def resident_bytes() -> int:
    """This process's resident memory (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


class _Server(uvicorn.Server):
    """uvicorn's server, tuning garbage collection once it has started and giving memory back
    to the system when a burst is over."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.memory = MemoryReturn()
        self.quiet_ticks = 0

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        tune_gc()
        self.memory.settled()

    async def on_tick(self, counter: int) -> bool:
        # uvicorn ticks every 0.1 s: idle means no request in flight at ten ticks in a row, so
        # memory is never handed back between two requests of a steady load.
        self.quiet_ticks = 0 if self.server_state.tasks else self.quiet_ticks + 1
        if self.quiet_ticks >= 10:
            self.memory.idle(time.monotonic())
        return await super().on_tick(counter)


def serve_forever(server: MockServer, announce: Callable[[str], None]) -> None:
    """Serve until interrupted; ``announce`` gets the base URL once the socket is bound."""
    sock = bind(server.settings.host, server.settings.port)
    announce(base_url(sock))
    _Server(_config(server)).run(sockets=[sock])


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
