"""Curl lines replay exactly the request the checker sent."""

from __future__ import annotations

import shlex
import subprocess

from mockserver.conformance.exchange import CURL_BODY_LIMIT, ProbeRequest


def test_a_json_request_replays_with_its_headers_and_body() -> None:
    request = ProbeRequest.json_post("http://h/x", {"command": "printf 'it''s'"}, {"Accept": "*/*"})
    words = shlex.split(request.curl())
    assert words[:6] == ["curl", "-sS", "-i", "-X", "POST", "http://h/x"]
    assert "Content-Type: application/json" in words and "Accept: */*" in words
    assert words[-1] == request.body_text()


def test_a_request_without_accept_removes_curls_default() -> None:
    assert "-H Accept:" in ProbeRequest("GET", "http://h/").curl()


def test_binary_bodies_are_piped_byte_for_byte() -> None:
    body = b"\x00\xff{"
    line = ProbeRequest("POST", "http://h/", (), body).curl()
    printf = line.split(" | ")[0]
    assert subprocess.run(["sh", "-c", printf], capture_output=True, check=True).stdout == body


def test_huge_bodies_are_elided() -> None:
    line = ProbeRequest("POST", "http://h/", (), b"a" * (CURL_BODY_LIMIT + 1)).curl()
    assert "@body.json" in line and len(line) < 300
