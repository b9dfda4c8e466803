"""Reporters render the runner's events: JUnit XML stays valid XML whatever a target answered."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console

from mockserver.conformance.events import CheckFinished, CheckStarted, RunFinished, RunStarted
from mockserver.conformance.exchange import ProbeRequest
from mockserver.conformance.reporters import ConsoleReporter, JsonReporter, JUnitReporter
from mockserver.conformance.violations import Violation

REQUEST = ProbeRequest.json_post("http://h/api/v1/sandboxes/s/exec", {"command": "printf '\x00'"})
VIOLATION = Violation(
    check="stdout_stderr_apart",
    expected="stdout 'a\\x00'",
    actual="stdout '\x00\ud800\x1b[31m'",
    request=REQUEST,
    section="2",
    preceding=(REQUEST,),
)
RESULTS = (
    CheckFinished("exit_codes", "exit N", "2", "behaviour", "passed", 0.1, 5),
    CheckFinished("stdout_stderr_apart", "apart", "2", "behaviour", "failed", 0.2, 5, VIOLATION),
    CheckFinished("files_persist", "files", "3", "behaviour", "skipped", 0.0, 5, reason="ro"),
    CheckFinished("cwd_option", "cwd", "1", "behaviour", "error", 0.0, 5, reason="Traceback"),
)
STARTED = RunStarted("http://h", "s", "full", tuple(r.name for r in RESULTS), 3)
FINISHED = RunFinished(RESULTS, 1.5, 1)


def feed(reporter: object) -> None:
    assert callable(reporter)
    reporter(STARTED)
    for index, result in enumerate(RESULTS):
        reporter(CheckStarted(result.name, result.summary, index, len(RESULTS)))
        reporter(result)
    reporter(FINISHED)


def test_junit_xml_is_valid_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    feed(JUnitReporter(path))
    suite = ET.parse(path).getroot()
    assert (
        suite.get("tests"),
        suite.get("failures"),
        suite.get("skipped"),
        suite.get("errors"),
    ) == (
        "4",
        "1",
        "1",
        "1",
    )
    seed = suite.find("properties/property[@name='seed']")
    assert seed is not None and seed.get("value") == "3"
    failure = suite.find("testcase[@name='stdout_stderr_apart']/failure")
    assert failure is not None
    assert "replay: curl" in (failure.text or "") and "after: curl" in (failure.text or "")


def test_json_report_keeps_the_whole_violation(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    feed(JsonReporter(path))
    data = json.loads(path.read_text())
    assert data["summary"] == {"passed": 1, "failed": 1, "skipped": 1, "error": 1}
    assert data["target"] == {"base_url": "http://h", "sandbox_id": "s"} and data["seed"] == 3
    violation = data["results"][1]["violation"]
    assert violation["request"]["curl"] == REQUEST.curl()
    assert violation["preceding"][0]["method"] == "POST"


def test_console_prints_each_check_and_every_violation_in_full() -> None:
    out = io.StringIO()
    feed(ConsoleReporter(Console(file=out, width=200, highlight=False)))
    text = out.getvalue()
    assert "PASS" in text and "FAIL" in text and "SKIP" in text and "ERROR" in text
    assert "expected:" in text and "replay:" in text and REQUEST.curl() in text
    assert "violations found" in text and "(exit 1)" in text
