"""Methods the HTTP parser does not know still get the contract's answers, over a raw socket."""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.conftest import EXEC


def _exchange(url: str, pieces: list[bytes]) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        for piece in pieces:
            sock.sendall(piece)
            time.sleep(0.05)
        received = b""
        while chunk := sock.recv(65536):  # the server closes the connection after its answer
            received += chunk
    return received


def _parse(raw: bytes) -> tuple[int, dict[str, str], dict]:  # type: ignore[type-arg]
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split(" ")[1]), headers, json.loads(body)


@pytest.mark.parametrize(
    "pieces",
    [
        [f"FROB {EXEC} HTTP/1.1\r\nHost: x\r\n\r\n".encode()],
        [b"FR", f"OB {EXEC} HTTP/1.1\r\nHo".encode(), b"st: x\r\n\r\n"],
        [f"FROB {EXEC} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{{}}".encode()],
    ],
    ids=["whole", "in-pieces", "with-a-body"],
)
def test_an_unknown_method_is_a_405_error_with_allow(serve_programmed, pieces):
    background, engine = serve_programmed()
    status, headers, body = _parse(_exchange(background.url, pieces))
    assert status == 405
    assert headers["allow"] == "POST"
    assert headers["content-type"] == "application/json"
    assert body["code"] == 405 and "FROB" in body["message"]
    assert engine.started == []


def test_an_unknown_method_on_an_unknown_path_is_a_404_error(serve_programmed):
    background, _ = serve_programmed()
    status, _, body = _parse(_exchange(background.url, [b"FROB /nowhere HTTP/1.1\r\n\r\n"]))
    assert status == 404 and body["code"] == 404


def test_known_methods_keep_the_connection(serve_programmed, client_for):
    background, _ = serve_programmed()
    client = client_for(background)
    for _ in range(3):
        assert client.post(EXEC, json={"command": "x"}).status_code == 200
        assert client.request("QUERY", EXEC).status_code == 405
    assert client.request("FROB", EXEC).status_code == 405
    assert client.post(EXEC, json={"command": "x"}).status_code == 200


def test_garbage_is_still_a_400(serve_programmed):
    background, _ = serve_programmed()
    raw = _exchange(background.url, [b"\x00\x01 not http\r\n\r\n"])
    assert raw.startswith(b"HTTP/1.1 400 ")
