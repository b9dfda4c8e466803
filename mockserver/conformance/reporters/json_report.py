"""A JSON report: the run, every check's result, each violation with its request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mockserver.conformance.events import Event, RunFinished, RunStarted


def render(started: RunStarted | None, finished: RunFinished) -> dict[str, Any]:
    return {
        "target": None
        if started is None
        else {"base_url": started.base_url, "sandbox_id": started.sandbox_id},
        "profile": None if started is None else started.profile,
        "seed": None if started is None else started.seed,
        "exit_code": finished.exit_code,
        "conformant": finished.exit_code == 0,
        "aborted": finished.aborted,
        "elapsed": round(finished.elapsed, 3),
        "summary": {
            status: finished.count(status) for status in ("passed", "failed", "skipped", "error")
        },
        "results": [result.to_dict() for result in finished.results],
    }


class JsonReporter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._started: RunStarted | None = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self._started = event
        elif isinstance(event, RunFinished):
            report = render(self._started, event)
            text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
            # A lone surrogate a target sent back stays a JSON escape, never an encoding error.
            self.path.write_text(text, encoding="utf-8", errors="backslashreplace")
