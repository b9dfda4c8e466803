"""What ``mockserver diff`` found, for people (side by side), for CI (JUnit) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mockserver.backends.diff import DiffConfig, Difference, DiffResult
from mockserver.backends.observe import FIELDS
from mockserver.conformance.events import CheckFinished, RunFinished, RunStarted
from mockserver.conformance.reporters import junit
from mockserver.conformance.violations import Violation

_SHOWN = 70


def _shown(value: object) -> str:
    text = "(absent)" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def announce(config: DiffConfig, seed: int) -> str:
    return (
        f"mockserver diff: a {config.a} (sandbox {config.sandbox_a}) vs "
        f"b {config.b} (sandbox {config.sandbox_b}): up to {config.max_examples} calls, "
        f"each as JSON and as SSE; seed {seed} (replay: --seed {seed})"
    )


def console(result: DiffResult, echo: Callable[[str], None]) -> None:
    """Each differing call once, its differing fields side by side, then the verdict."""
    by_call: dict[str, list[Difference]] = {}
    for difference in result.differences:
        by_call.setdefault(json.dumps(difference.body, ensure_ascii=False), []).append(difference)
    width = max((len(d.field) for d in result.differences), default=0)
    for body, differences in by_call.items():
        first = differences[0]
        echo("")
        echo(f"difference in {', '.join(d.field for d in differences)}")
        echo(f"  call:   {body}")
        echo(f"  {'field':{width}}  a: {first.a.url}")
        echo(f"  {'':{width}}  b: {first.b.url}")
        for difference in differences:
            echo(
                f"  {difference.field:{width}}  a: {_shown(first.a.observed.get(difference.field))}"
            )
            echo(f"  {'':{width}}  b: {_shown(first.b.observed.get(difference.field))}")
        forms = {d.form for d in differences}
        for form in sorted(forms):
            request_of = first.a.stream_request if form == "SSE" else first.a.json_request
            other = first.b.stream_request if form == "SSE" else first.b.json_request
            echo(f"  replay a ({form}): {request_of.curl()}")
            echo(f"  replay b ({form}): {other.curl()}")
    if result.unstable:
        echo("")
        echo("unstable on one side from one run to the next, so not compared for those calls:")
        for name, command in result.unstable.items():
            echo(f"  {name}, e.g. for {command!r}")
    for note in result.notes:
        echo(f"note: {note}")
    if result.aborted is not None:
        echo(f"not compared: {result.aborted} (exit 2)")
        return
    calls = len(by_call)
    count = len(result.differences)
    verdict = (
        f"{count} difference{'s' if count != 1 else ''} in {calls} call{'s' if calls != 1 else ''}"
        " (exit 1)"
        if result.differences
        else "no differences (exit 0)"
    )
    echo(f"compared {result.examples} calls in {result.elapsed:.1f} s: {verdict}")


def to_json(result: DiffResult) -> dict[str, Any]:
    config = result.config
    return {
        "a": {"url": config.a, "sandbox_id": config.sandbox_a},
        "b": {"url": config.b, "sandbox_id": config.sandbox_b},
        "seed": result.seed,
        "max_examples": config.max_examples,
        "calls": result.examples,
        "elapsed": round(result.elapsed, 3),
        "exit_code": result.exit_code,
        "aborted": result.aborted,
        "differences": [difference.to_dict() for difference in result.differences],
        "unstable": [{"field": k, "command": v} for k, v in result.unstable.items()],
        "notes": result.notes,
    }


def write_json(result: DiffResult, path: Path) -> None:
    text = json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", errors="backslashreplace")


def write_junit(result: DiffResult, path: Path) -> None:
    """One test case per compared field, failed where the sides differ (check's JUnit format)."""
    config = result.config
    found = {difference.field: difference for difference in result.differences}
    cases = []
    for name in FIELDS:
        difference = found.get(name)
        violation = None
        if difference is not None:
            violation = Violation(
                check=f"diff/{name}",
                expected=f"a {config.a}: {_shown(difference.a.observed.get(name))}",
                actual=f"b {config.b}: {_shown(difference.b.observed.get(name))}",
                request=difference.request(difference.a),
                also=(f"replay on b: {difference.request(difference.b).curl()}",),
            )
        cases.append(
            CheckFinished(
                name=f"diff/{name}",
                summary=f"both sides answer the same {name}",
                section="",
                level="behaviour",
                status="error"
                if result.aborted
                else ("failed" if violation is not None else "passed"),
                elapsed=0.0,
                examples=result.examples,
                violation=violation,
                reason=result.aborted,
            )
        )
    started = RunStarted(f"{config.a} vs {config.b}", config.sandbox_a, "diff", FIELDS, result.seed)
    finished = RunFinished(tuple(cases), result.elapsed, result.exit_code, result.aborted)
    path.write_bytes(junit.render(finished, started))
