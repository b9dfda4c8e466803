"""A hostile Sandbox API target on 127.0.0.1: answers the checker's set-up calls correctly and
misbehaves on every other call, in one chosen way, at the level of raw bytes on the socket."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable

#: Commands the checker uses to set up (preflight, scratch directory, its checks of it).
BENIGN_PREFIXES = ("true", "mkdir ", "test -d ", "rm -rf ")
OK = json.dumps({"stdout": "", "stderr": "", "exitCode": 0, "success": True}).encode()


def _json_head(length: int | None, version: str = "1.1") -> bytes:
    lines = [f"HTTP/{version} 200 OK", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


SSE_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"


class Stop(Exception):
    pass


def silent(sock: socket.socket, alive: Callable[[], bool]) -> None:
    while alive():
        time.sleep(0.05)


def trickled_headers(sock: socket.socket, alive: Callable[[], bool]) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    while alive():
        sock.sendall(b"a")
        time.sleep(0.2)


def huge_body(sock: socket.socket, alive: Callable[[], bool]) -> None:
    sock.sendall(_json_head(5 * 1024**3))
    block = b"0" * 65536
    while alive():
        sock.sendall(block)


def endless_stream(sock: socket.socket, alive: Callable[[], bool]) -> None:
    sock.sendall(SSE_HEAD + b'id: 1\nevent: start\ndata: {"type":"start","command":"x"}\n\n')
    number = 1
    while alive():
        number += 1
        data = json.dumps({"type": "stdout", "data": "more\n"})
        sock.sendall(f"id: {number}\nevent: stdout\ndata: {data}\n\n".encode())
        time.sleep(0.05)


def event_flood(sock: socket.socket, alive: Callable[[], bool]) -> None:
    sock.sendall(SSE_HEAD)
    frame = b'event: stdout\ndata: {"type":"stdout","data":"x"}\n\n' * 500
    while alive():
        sock.sendall(frame)


def giant_event(sock: socket.socket, alive: Callable[[], bool]) -> None:
    sock.sendall(SSE_HEAD + b'id: 1\nevent: stdout\ndata: {"type":"stdout","data":"')
    block = b"x" * 65536
    while alive():
        sock.sendall(block)


def invalid_utf8(sock: socket.socket, alive: Callable[[], bool]) -> None:
    body = b'{"stdout": "\xff\xfe", "stderr": "", "exitCode": 0, "success": true}'
    sock.sendall(_json_head(len(body)) + body)


def http10_never_closes(sock: socket.socket, alive: Callable[[], bool]) -> None:
    sock.sendall(_json_head(None, "1.0") + OK)
    silent(sock, alive)


def closes_mid_chunk(sock: socket.socket, alive: Callable[[], bool]) -> None:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    sock.sendall(head + b"400\r\n" + OK[:20])


BEHAVIOURS: dict[str, Callable[[socket.socket, Callable[[], bool]], None]] = {
    "silent": silent,
    "trickled_headers": trickled_headers,
    "huge_body": huge_body,
    "endless_stream": endless_stream,
    "event_flood": event_flood,
    "giant_event": giant_event,
    "invalid_utf8": invalid_utf8,
    "http10_never_closes": http10_never_closes,
    "closes_mid_chunk": closes_mid_chunk,
}


class HostileServer:
    """Serves until closed; every connection is handled on a thread of its own."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = BEHAVIOURS[behaviour]
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _alive(self) -> bool:
        return self._open

    def _accept(self) -> None:
        while self._open:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        with sock:
            try:
                while self._open:
                    body = _read_request(sock)
                    if body is None:
                        return
                    command = _command(body)
                    if command is not None and command.startswith(BENIGN_PREFIXES):
                        sock.sendall(_json_head(len(OK)) + OK)
                        continue
                    self.behaviour(sock, self._alive)
                    return
            except OSError:
                return

    def close(self) -> None:
        self._open = False
        self._listener.close()


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return body


def _command(body: bytes) -> str | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    command = value.get("command") if isinstance(value, dict) else None
    return command if isinstance(command, str) else None
