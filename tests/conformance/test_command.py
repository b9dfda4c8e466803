"""``mockserver check`` on the command line: exit codes and reports."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from harness import ServerFactory
from reference_backend import SANDBOX_ID, RunningServer

from mockserver.conformance.command import check


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(check, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_nothing_listening_is_exit_2() -> None:
    code, output = invoke("--base-url", f"http://127.0.0.1:{free_port()}", "--sandbox-id", "x")
    assert code == 2
    assert "cannot reach" in output


def test_a_malformed_header_is_a_usage_error() -> None:
    code, output = invoke("--base-url", "http://127.0.0.1:1", "--sandbox-id", "x", "--header", "x")
    assert code == 2
    assert "Name: value" in output


def test_an_unknown_sandbox_is_a_usage_error(reference: RunningServer) -> None:
    code, output = invoke("--base-url", reference.base_url, "--sandbox-id", "nope")
    assert code == 2
    assert "--sandbox-id" in output


def test_an_unknown_check_is_a_usage_error(reference: RunningServer) -> None:
    code, output = invoke(
        "--base-url", reference.base_url, "--sandbox-id", SANDBOX_ID, "--check", "no_such_check"
    )
    assert code == 2
    assert "no_such_check" in output


def test_a_conformant_target_exits_0_and_writes_both_reports(
    reference: RunningServer, tmp_path: Path
) -> None:
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    code, output = invoke(
        "--base-url", reference.base_url, "--sandbox-id", SANDBOX_ID, "--profile", "schema",
        "--max-examples", "5", "--seed", "1", "--junit-xml", str(junit),
        "--report-json", str(report),
    )  # fmt: skip
    assert code == 0, output
    assert "conformant" in output
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "3" and suite.get("failures") == "0"
    data = json.loads(report.read_text())
    assert data["conformant"] is True and data["seed"] == 1
    assert [r["status"] for r in data["results"]] == ["passed"] * 3


def test_violations_exit_1_with_the_request_to_replay(serve: ServerFactory, tmp_path: Path) -> None:
    server = serve(defect="stderr_merged")
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    code, output = invoke(
        "--base-url", server.base_url, "--sandbox-id", SANDBOX_ID,
        "--check", "stdout_stderr_apart", "--check", "exit_codes", "--max-examples", "5",
        "--junit-xml", str(junit), "--report-json", str(report),
    )  # fmt: skip
    assert code == 1, output
    assert "stdout_stderr_apart" in output and "replay:" in output
    data = json.loads(report.read_text())
    failed = [r for r in data["results"] if r["status"] == "failed"]
    assert [r["name"] for r in failed] == ["stdout_stderr_apart"]
    violation = failed[0]["violation"]
    assert violation["request"]["curl"].startswith("curl ")
    assert violation["expected"].startswith("stdout ")
    assert "err" in violation["actual"]
    body = json.loads(violation["request"]["body"])
    assert len(body["command"]) < 80
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "1"
    failure = suite.find("testcase[@name='stdout_stderr_apart']/failure")
    assert failure is not None and "replay: curl" in (failure.text or "")


def test_a_spec_without_the_exec_operation_is_a_usage_error(tmp_path: Path) -> None:
    spec = tmp_path / "other.yaml"
    spec.write_text("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n")
    code, output = invoke(
        "--base-url", "http://127.0.0.1:1", "--sandbox-id", "x", "--spec", str(spec)
    )
    assert code == 2
    assert "no POST /api/v1/sandboxes/{id}/exec" in output


def test_the_upstream_spec_with_express_paths_is_normalised(
    reference: RunningServer, tmp_path: Path
) -> None:
    upstream = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
    assert "/:id/" in upstream.read_text()
    code, output = invoke(
        "--base-url", reference.base_url, "--sandbox-id", SANDBOX_ID, "--spec", str(upstream),
        "--profile", "schema", "--max-examples", "3",
    )  # fmt: skip
    assert code == 0, output


def test_the_dialect_and_the_bounds_are_flags(reference: RunningServer) -> None:
    code, output = invoke(
        "--base-url", reference.base_url, "--sandbox-id", SANDBOX_ID, "--check", "sse_equals_json",
        "--sse-dialect", "data-only", "--max-examples", "1", "--stream-time-limit", "5",
        "--max-events", "50", "--max-event-bytes", "4096", "--max-body-bytes", "65536",
        "--request-timeout", "5", "--check-time-limit", "60",
    )  # fmt: skip
    # The reference speaks the default dialect: read as data-only, its events are not framed so.
    assert code == 1, output
    assert "has none of stdout, stderr" in output
