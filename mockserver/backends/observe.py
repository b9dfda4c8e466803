"""What one implementation answered to one call, as the fields ``mockserver diff`` compares.

Only what must agree between two correct implementations is kept: the status, stdout exactly,
whether stderr is empty (its wording is each shell's own), the exit code and ``success``, and for
the event stream the order of its non-output events, the concatenated output and the terminal
event. Chunk boundaries, ids, timing and extra fields may differ and are not compared.
"""

from __future__ import annotations

from collections.abc import Mapping

from mockserver.conformance.contract import stream_output
from mockserver.conformance.dialects import dialect
from mockserver.conformance.exchange import Answer, StreamAnswer

Observation = dict[str, object]

#: Every field, in the order differences are reported.
FIELDS = (
    "status",
    "body",
    "stdout",
    "stderr empty",
    "exit code",
    "success",
    "sse status",
    "sse body",
    "sse events",
    "sse stdout",
    "sse stderr empty",
    "sse exit code",
    "sse success",
    "sse timed out",
    "sse error",
)


def of_json(answer: Answer) -> Observation:
    """The JSON form's fields."""
    fields: Observation = {"status": answer.status}
    if answer.truncated:
        fields["body"] = f"over {len(answer.body)} bytes, not read to its end"
        return fields
    if answer.status != 200:
        return fields
    try:
        value = answer.json() if answer.media_type == "application/json" else None
    except ValueError:
        value = None
    if not isinstance(value, dict):
        fields["body"] = f"not an exec result: {answer.summary(120)}"
        return fields
    fields["stdout"] = value.get("stdout")
    fields["stderr empty"] = value.get("stderr") == ""
    fields["exit code"] = value.get("exitCode")
    fields["success"] = value.get("success")
    return fields


def of_stream(answer: StreamAnswer, sse_dialect: str = "default") -> Observation:
    """The SSE form's fields, its events read in ``sse_dialect`` (as the contract's form)."""
    fields: Observation = {"sse status": answer.status}
    if answer.status != 200:
        return fields
    if answer.media_type != "text/event-stream":
        fields["sse body"] = f"not an event stream: {answer.summary(120)}"
        return fields
    events = dialect(sse_dialect).canonical(answer.events)
    stdout, stderr, terminal = stream_output(events)
    names = [event.event or "(unnamed)" for event in events]
    shown = [name for name in names if name not in ("stdout", "stderr")]
    if not answer.closed_by_server:
        shown.append(f"(not ended: {answer.cut})")
    fields["sse events"] = " ".join(shown)
    fields["sse stdout"] = stdout
    fields["sse stderr empty"] = stderr == ""
    if terminal is not None and terminal.get("event") == "complete":
        fields["sse exit code"] = terminal.get("exitCode")
        fields["sse success"] = terminal.get("success")
        fields["sse timed out"] = terminal.get("timedOut")
    elif terminal is not None:
        fields["sse error"] = "an error event"
    return fields


def differing(a: Mapping[str, object], b: Mapping[str, object]) -> list[str]:
    """The fields in which two observations differ, in report order."""
    return [name for name in FIELDS if a.get(name) != b.get(name)]
