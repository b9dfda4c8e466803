"""HTTP/1.1 parsing with httptools (llhttp), the fast parser, keeping the contract's 405 Error.

llhttp knows a fixed list of methods; for any other token (``FROB``) it stops with an error, and
uvicorn would answer its own ``text/plain`` 400. :class:`HttpProtocol` reads such a request's head
itself and hands it to the application like any other request, so the app answers it (a 405
Error with ``Allow``, or a 404 for a path the spec lacks). The connection closes after that
answer: where the request's body ends is not known once llhttp has given up on it.
"""

from __future__ import annotations

import asyncio
import urllib.parse

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

#: The most bytes of a request head read for a method llhttp does not know.
MAX_HEAD_BYTES = 64 * 1024
_TOKEN = frozenset(b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; a method llhttp does not know still reaches the app."""

    _unknown_head: bytearray | None = None
    _answering_unknown = False

    def data_received(self, data: bytes) -> None:
        if self._answering_unknown:
            return  # the rest of a request answered without its body; the connection closes
        if self._unknown_head is not None:
            self._read_unknown_head(data)
            return
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserInvalidMethodError:
            if _starts_with_unknown_method(data):
                self._unknown_head = bytearray()
                self._read_unknown_head(data)
            else:
                self._refuse("Invalid HTTP request received.")
        except httptools.HttpParserError:
            self._refuse("Invalid HTTP request received.")
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()

    def _refuse(self, message: str) -> None:
        self.logger.warning(message)
        self.send_400_response(message)

    def _read_unknown_head(self, data: bytes) -> None:
        assert self._unknown_head is not None
        self._unknown_head += data
        end = self._unknown_head.find(b"\r\n\r\n")
        if end < 0:
            if len(self._unknown_head) > MAX_HEAD_BYTES:
                self._refuse("Request head too large.")
            return
        head = bytes(self._unknown_head[:end])
        self._unknown_head = None
        self._answering_unknown = True
        try:
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, version = request_line.split(" ")
            headers = [_header(line) for line in header_lines]
        except ValueError:
            self._refuse("Invalid HTTP request received.")
            return
        self._dispatch(method, target, version, headers)

    def _dispatch(
        self, method: str, target: str, version: str, headers: list[tuple[bytes, bytes]]
    ) -> None:
        """Start the app on a request whose head was read here (no body, then close)."""
        self.on_message_begin()
        self.scope["method"] = method
        self.scope["http_version"] = version.removeprefix("HTTP/") or "1.1"
        self.headers.extend(headers)
        path, _, query = target.partition("?")
        self.scope["path"] = self.root_path + urllib.parse.unquote(path)
        self.scope["raw_path"] = (self.root_path + path).encode("latin-1")
        self.scope["query_string"] = query.encode("latin-1")
        self.cycle = RequestResponseCycle(
            scope=self.scope,
            transport=self.transport,
            flow=self.flow,
            logger=self.logger,
            access_logger=self.access_logger,
            access_log=self.access_log,
            default_headers=self.server_state.default_headers,
            message_event=asyncio.Event(),
            expect_100_continue=False,
            keep_alive=False,
            on_response=self.on_response_complete,
        )
        self.cycle.more_body = False
        self.cycle.message_event.set()
        self._start_asgi_task(self.cycle, self.app)


def _starts_with_unknown_method(data: bytes) -> bool:
    """Whether ``data`` begins with a method token llhttp refuses (not a pipelined request)."""
    method, space, _ = data.partition(b" ")
    if not method or any(byte not in _TOKEN for byte in method):
        return False
    if not space:
        return True  # the method arrives in pieces: its head is read to the end, then answered
    try:
        httptools.HttpRequestParser(_Ignore()).feed_data(method + b" / HTTP/1.1\r\n\r\n")
    except httptools.HttpParserInvalidMethodError:
        return True
    except httptools.HttpParserError:
        return False
    return False


class _Ignore:
    """Parser callbacks for a parser only asked whether it knows a method."""


def _header(line: str) -> tuple[bytes, bytes]:
    name, colon, value = line.partition(":")
    if not colon or not name or name != name.strip():
        raise ValueError(line)
    return name.lower().encode("latin-1"), value.strip(" \t").encode("latin-1")
