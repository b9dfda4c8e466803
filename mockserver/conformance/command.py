"""``mockserver check``: parse the flags, run the checker, exit 0, 1 or 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from mockserver.conformance.config import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_EVENT_BYTES,
    DEFAULT_STREAM_EVENT_LIMIT,
    PROFILES,
    CheckConfig,
)
from mockserver.conformance.dialects import DIALECTS
from mockserver.conformance.events import Event
from mockserver.conformance.reporters import ConsoleReporter, JsonReporter, JUnitReporter


def _header(value: str) -> tuple[str, str]:
    name, sep, content = value.partition(":")
    if not sep or not name.strip():
        raise click.BadParameter(
            f"{value!r} is not of the form 'Name: value'", param_hint="--header"
        )
    return name.strip(), content.strip()


@click.command("check")
@click.option("--base-url", required=True, help="Where the implementation under test listens.")
@click.option("--sandbox-id", required=True, help="A sandbox the checker may run commands in.")
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="full",
    show_default=True,
    help="schema: Schemathesis checks only; full: also the behaviour properties; quick: full"
    " without the slow checks (listed as skipped), for CI smoke runs.",
)
@click.option(
    "--sse-dialect",
    type=click.Choice(DIALECTS),
    default="default",
    show_default=True,
    help='The SSE dialect the target speaks (data-only: {"stdout": ...} / {"exit_code": N,'
    ' "finished": true}).',
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds one whole JSON answer may take.",
)
@click.option(
    "--stream-time-limit",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds a stream is read before it is judged as it stands.",
)
@click.option(
    "--max-events",
    type=click.IntRange(min=1),
    default=DEFAULT_STREAM_EVENT_LIMIT,
    show_default=True,
    help="Events read from one stream.",
)
@click.option(
    "--max-event-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_EVENT_BYTES,
    show_default=True,
    help="Bytes of one event.",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
    help="Bytes of one answer's body.",
)
@click.option(
    "--check-time-limit",
    type=click.FloatRange(min=1.0),
    default=180.0,
    show_default=True,
    help="Seconds one check may take in all.",
)
@click.option(
    "--spec",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="OpenAPI document (default: the upstream one shipped with mockserver).",
)
@click.option("--header", "headers", multiple=True, help="'Name: value' sent with every request.")
@click.option(
    "--max-examples",
    type=click.IntRange(min=1),
    help="Examples per property (default: each property's own budget, 50 per schema suite).",
)
@click.option(
    "--seed", type=int, help="Hypothesis seed, to replay a run (each run prints its own)."
)
@click.option("--check", "select", multiple=True, help="Run only this check (repeatable).")
@click.option("--junit-xml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--report-json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Announce each check as it starts.")
def check(
    base_url: str,
    sandbox_id: str,
    profile: str,
    sse_dialect: str,
    request_timeout: float,
    stream_time_limit: float,
    max_events: int,
    max_event_bytes: int,
    max_body_bytes: int,
    check_time_limit: float,
    spec: Path | None,
    headers: tuple[str, ...],
    max_examples: int | None,
    seed: int | None,
    select: tuple[str, ...],
    junit_xml: Path | None,
    report_json: Path | None,
    verbose: bool,
) -> None:
    """Check that the Sandbox API at BASE-URL keeps the contract.

    Exit status: 0 conformant, 1 violations found, 2 usage or connection error.
    """
    if not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint="--base-url")
    config = CheckConfig(
        base_url=base_url,
        sandbox_id=sandbox_id,
        profile=next(known for known in PROFILES if known == profile),
        sse_dialect=sse_dialect,
        request_timeout=request_timeout,
        stream_time_limit=stream_time_limit,
        stream_event_limit=max_events,
        max_event_bytes=max_event_bytes,
        max_body_bytes=max_body_bytes,
        check_time_limit=check_time_limit,
        spec=spec,
        headers=tuple(_header(value) for value in headers),
        max_examples=max_examples,
        seed=seed,
        select=select,
    )
    from mockserver.conformance.runner import run

    reporters: list[Callable[[Event], None]] = [ConsoleReporter(verbose=verbose)]
    if junit_xml is not None:
        reporters.append(JUnitReporter(junit_xml))
    if report_json is not None:
        reporters.append(JsonReporter(report_json))
    finished = run(config, reporters)
    raise SystemExit(finished.exit_code)
