"""The conformance checker: does an implementation of the Sandbox API keep the contract?

    from mockserver.conformance import CheckConfig, run
    finished = run(CheckConfig(base_url="http://127.0.0.1:8080", sandbox_id="e7847229c547d8"))
    assert finished.exit_code == 0, finished.violations

Two levels, both against the live target. *Schema level*: Schemathesis generates schema-valid
and schema-invalid requests from the spec and every answer goes through its built-in checks and
ours (``schema_checks``, registered with ``@schemathesis.check``). *Behaviour level* (profile
``full``): Hypothesis properties of CONTRACT.md (``behaviour``). Each check is tolerant exactly
where the contract says so. A failure is a :class:`Violation`: what the contract expects, what
came back, the shrunk request and a curl line.

One exchange (a request and the answer it got) is judged alone by :func:`judge_exchange`, the
function ``mockserver proxy`` uses too: every answer the schema suites get goes through it.

Layers (each imports only those above it): ``exchange``/``sse``/``violations``/``config``/
``events`` (plain values), ``dialects`` and ``contract`` (pure predicates), ``judge`` (one
exchange against the contract), ``target`` (HTTP, bounded reads),
``strategies``, ``schema_checks`` and ``behaviour`` (the checks), ``schema_level``, ``runner``
(emits ``events``), ``reporters`` (consume them), ``command`` (the CLI). Of the rest of
mockserver only ``spec`` (the loader) and ``errors`` are used: the checker is a client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mockserver.conformance.config import EXIT_CONFORMANT, EXIT_USAGE, EXIT_VIOLATIONS, CheckConfig
from mockserver.conformance.events import (
    CheckFinished,
    CheckStarted,
    Event,
    RunFinished,
    RunStarted,
)
from mockserver.conformance.exchange import ProbeRequest, SseEvent
from mockserver.conformance.judge import judge_exchange
from mockserver.conformance.violations import Violation


def run(config: CheckConfig, reporters: Iterable[Callable[[Event], None]] = ()) -> RunFinished:
    """Check one target; the returned event holds every result and the exit code.

    Imported on first use: Schemathesis and Hypothesis load only when a check runs.
    """
    from mockserver.conformance.runner import run as run_checks

    return run_checks(config, reporters)


__all__ = [
    "EXIT_CONFORMANT",
    "EXIT_USAGE",
    "EXIT_VIOLATIONS",
    "CheckConfig",
    "CheckFinished",
    "CheckStarted",
    "Event",
    "ProbeRequest",
    "RunFinished",
    "RunStarted",
    "SseEvent",
    "Violation",
    "judge_exchange",
    "run",
]
