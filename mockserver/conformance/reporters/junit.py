"""JUnit XML: one test case per check, a failure element per violation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from mockserver.conformance.events import CheckFinished, Event, RunFinished, RunStarted

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def render(finished: RunFinished, started: RunStarted | None = None) -> bytes:
    suite = ET.Element(
        "testsuite",
        name="mockserver-check",
        tests=str(len(finished.results)),
        failures=str(finished.count("failed")),
        errors=str(finished.count("error")),
        skipped=str(finished.count("skipped")),
        time=f"{finished.elapsed:.3f}",
    )
    if started is not None:
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("base_url", started.base_url),
            ("sandbox_id", started.sandbox_id),
            ("profile", started.profile),
            ("seed", "" if started.seed is None else str(started.seed)),
        ):
            ET.SubElement(properties, "property", name=name, value=_clean(value))
    for result in finished.results:
        suite.append(_case(result))
    if finished.aborted:
        ET.SubElement(suite, "system-err").text = _clean(finished.aborted)
    rendered: bytes = ET.tostring(suite, encoding="utf-8", xml_declaration=True)
    return rendered


def _case(result: CheckFinished) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=f"mockserver.check.{result.level}",
        name=result.name,
        time=f"{result.elapsed:.3f}",
    )
    if result.status == "failed" and result.violation is not None:
        violation = result.violation
        failure = ET.SubElement(
            case, "failure", message=_clean(f"{violation.check}: expected {violation.expected}")
        )
        lines = [
            f"check: {violation.check}",
            f"contract section: {violation.section}",
            f"expected: {violation.expected}",
            f"got: {violation.actual}",
            *(f"also: {other}" for other in violation.also),
            *(f"after: {step.curl()}" for step in violation.preceding),
        ]
        if violation.request is not None:
            lines.append(f"replay: {violation.request.curl()}")
        failure.text = _clean("\n".join(lines))
    elif result.status == "skipped":
        ET.SubElement(case, "skipped", message=_clean(result.reason or ""))
    elif result.status == "error":
        error = ET.SubElement(case, "error", message="the check could not run")
        error.text = _clean(result.reason or "")
    if result.notes:
        ET.SubElement(case, "system-out").text = _clean("\n".join(result.notes))
    return case


class JUnitReporter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._started: RunStarted | None = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self._started = event
        elif isinstance(event, RunFinished):
            self.path.write_bytes(render(event, self._started))
