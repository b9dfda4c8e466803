"""The proxies on uvicorn: in the foreground until Ctrl-C or SIGTERM, or in a thread (tests)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import uvicorn

from mockserver.listening import ThreadedServer, base_url, bind, config, run_until_signalled


def _server(app: Any) -> uvicorn.Server:
    return uvicorn.Server(config(app, "warning"))


def serve_until_stopped(app: Any, sock: socket.socket, announce: Callable[[str], None]) -> None:
    """Serve ``app`` on ``sock`` until SIGINT or SIGTERM, then return; ``announce`` gets the URL
    first."""
    announce(base_url(sock))
    run_until_signalled(_server(app), sock)


def background_proxy(app: Any) -> ThreadedServer:
    """``app`` on a free loopback port in a thread of its own, for the length of a ``with``."""
    return ThreadedServer(_server(app), bind("127.0.0.1", 0), "proxy")
