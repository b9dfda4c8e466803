"""The CLI: serve refuses what it cannot serve safely, names start-up problems, prints a URL."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from mockserver.cli import main


def test_serve_refuses_a_public_host_without_allow_remote_and_token() -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--engine", "scripted"])
    assert result.exit_code == 1
    assert "--allow-remote" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(
        main, ["serve", "--host", "0.0.0.0", "--allow-remote", "--engine", "scripted"]
    )
    assert result.exit_code == 1 and "--access-token" in result.output


def test_serve_names_a_broken_fixture_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("fixtures:\n  - name: x\n    match: {command: 5}\n")
    result = CliRunner().invoke(main, ["serve", "--fixtures", str(tmp_path), "--port", "0"])
    assert result.exit_code != 0
    assert "bad.yaml:3" in result.output
    assert "Traceback" not in result.output


def test_serve_names_an_unknown_engine() -> None:
    result = CliRunner().invoke(main, ["serve", "--engine", "nope"])
    assert result.exit_code == 1
    assert "no engine named 'nope'" in result.output and "Traceback" not in result.output


def test_serve_names_a_spec_that_cannot_be_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--spec", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1 and "missing.yaml" in result.output


def test_a_port_in_use_is_named_without_a_traceback() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--engine", "scripted", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port" in result.output and "Traceback" not in result.output


def test_environment_variables_override_defaults() -> None:
    result = CliRunner().invoke(main, ["serve"], env={"MOCKSERVER_PORT": "not-a-port"})
    assert result.exit_code == 1 and "MOCKSERVER_PORT" in result.output


def test_serve_prints_the_url_and_a_curl_line_that_works() -> None:
    env = {**os.environ, "MOCKSERVER_PORT": "0", "MOCKSERVER_RELOAD": "false"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from mockserver.cli import main; main()", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "curl" in line:
                break
        text = "".join(lines)
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", text)
        curl = re.search(r"try: (curl .*)", text)
        assert url and curl, text
        for _ in range(100):
            try:
                httpx.get(url.group(1), timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        answer = subprocess.run(
            curl.group(1), shell=True, capture_output=True, text=True, timeout=10
        )
        assert '"exitCode": 0' in answer.stdout and '"stdout": "hello\\n"' in answer.stdout
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def test_serve_writes_its_url_file_and_prints_a_line_per_request(tmp_path: Path) -> None:
    url_file = tmp_path / "url"
    env = {**os.environ, "MOCKSERVER_RELOAD": "false"}
    command = [sys.executable, "-c", "from mockserver.cli import main; main()", "serve"]
    process = subprocess.Popen(
        [*command, "--port", "0", "--url-file", str(url_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not url_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        url = url_file.read_text().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        for _ in range(100):
            try:
                assert httpx.get(f"{url}/__admin/health", timeout=1).json()["status"] == "ok"
                break
            except httpx.TransportError:
                time.sleep(0.1)
        exec_url = f"{url}/api/v1/sandboxes/e7847229c547d8/exec"
        httpx.post(exec_url, json={"command": "npm install"}, timeout=10)
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("POST "):
                break
        assert re.match(
            r"POST /api/v1/sandboxes/e7847229c547d8/exec 200 \d+ms 'npm install' "
            r"<- fixture 'npm-install' \(.*default\.yaml:\d+:\d+\)",
            line,
        ), line
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def test_serve_quiet_prints_no_request_lines(tmp_path: Path) -> None:
    url_file = tmp_path / "url"
    env = {**os.environ, "MOCKSERVER_RELOAD": "false"}
    command = [sys.executable, "-c", "from mockserver.cli import main; main()", "serve"]
    process = subprocess.Popen(
        [*command, "--port", "0", "--quiet", "--url-file", str(url_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not url_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        url = url_file.read_text().strip()
        exec_url = f"{url}/api/v1/sandboxes/e7847229c547d8/exec"
        assert httpx.post(exec_url, json={"command": "true"}, timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert "POST /api" not in output and "serving the Sandbox API" in output
