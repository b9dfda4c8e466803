"""``mockserver record``, ``proxy`` and ``diff``: parse the flags, call the library, exit."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import httpx

from mockserver.conformance.dialects import DIALECTS
from mockserver.errors import StartupError

EXIT_USAGE = 2


def _target(value: str, hint: str = "--target") -> str:
    if not value.startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint=hint)
    return value.rstrip("/")


def _ensure_reachable(url: str) -> None:
    """Refuse to start in front of nothing: any HTTP answer will do, a connection error will not."""
    try:
        httpx.request("GET", url + "/", timeout=10.0)
    except httpx.HTTPError as error:
        click.echo(f"Error: cannot reach {url}: {type(error).__name__}: {error}", err=True)
        raise SystemExit(EXIT_USAGE) from None


def _echo(line: str) -> None:
    click.echo(line)
    sys.stdout.flush()


port_option = click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
    help="Port to listen on, on 127.0.0.1 (0 picks a free one).",
)  # fmt: skip


sse_dialect_option = click.option(
    "--sse-dialect", type=click.Choice(DIALECTS), default="default", show_default=True,
    help="The SSE dialect the backends speak.",
)  # fmt: skip


@click.command("record")
@click.option("--target", required=True, help="The backend to forward to (its base URL).")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the fixtures to (recorded.yaml).",
)
@port_option
def record(target: str, out: Path, port: int) -> None:
    """Forward exec calls to TARGET and write what it answers as fixtures.

    Point a client at the printed URL; every exec call (JSON or SSE) goes to TARGET and comes
    back unchanged, and OUT/recorded.yaml is rewritten after each one. Replay it with
    `mockserver serve --fixtures OUT --engine scripted`. Credentials are forwarded, never written.
    """
    from mockserver.backends.forward import Forwarder
    from mockserver.backends.listen import serve_until_stopped
    from mockserver.backends.record import Recorder
    from mockserver.listening import bind

    base = _target(target)
    _ensure_reachable(base)
    try:
        recorder = Recorder(out, base, _echo)
        sock = bind("127.0.0.1", port)
    except StartupError as error:
        raise click.ClickException(str(error)) from None

    def announce(url: str) -> None:
        _echo(f"mockserver record: {url} forwards to {base}; writing {recorder.file}")

    serve_until_stopped(Forwarder(base, recorder), sock, announce)
    fixtures = len(recorder.book)
    _echo(
        f"recorded {recorder.recorded} calls as {fixtures} fixtures in {recorder.file}"
        + (f" ({recorder.skipped} not recorded)" if recorder.skipped else "")
    )
    if fixtures:
        _echo(f"replay: mockserver serve --fixtures {out} --engine scripted")


def _header(value: str) -> tuple[str, str]:
    name, sep, content = value.partition(":")
    if not sep or not name.strip():
        raise click.BadParameter(f"{value!r} is not 'Name: value'", param_hint="--header")
    return name.strip(), content.strip()


@click.command("diff")
@click.option("--a", "a", required=True, help="Base URL of one implementation.")
@click.option("--b", "b", required=True, help="Base URL of the other.")
@click.option("--sandbox-id", required=True, help="Sandbox to run commands in (on a, and b).")
@click.option("--sandbox-id-b", help="Sandbox on b, when it differs from --sandbox-id.")
@click.option(
    "--seed", type=int, help="Hypothesis seed, to replay a run (each run prints its own)."
)
@click.option(
    "--max-examples", type=click.IntRange(min=1), default=100, show_default=True,
    help="Generated calls (each sent as JSON and as SSE to both sides).",
)  # fmt: skip
@click.option("--header", "headers", multiple=True, help="'Name: value' sent to both (repeatable).")
@click.option(
    "--time-limit", type=click.FloatRange(min=1), default=600, show_default=True,
    help="Seconds after which no new call is generated.",
)  # fmt: skip
@sse_dialect_option
@click.option(
    "--scratch-root", default="/tmp", show_default=True,
    help="Absolute directory, writable on both sides, to make the run's scratch directory in.",
)  # fmt: skip
@click.option("--junit-xml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--report-json", type=click.Path(dir_okay=False, path_type=Path))
def diff(
    a: str,
    b: str,
    sandbox_id: str,
    sandbox_id_b: str | None,
    seed: int | None,
    max_examples: int,
    headers: tuple[str, ...],
    time_limit: float,
    sse_dialect: str,
    scratch_root: str,
    junit_xml: Path | None,
    report_json: Path | None,
) -> None:
    """Run the same generated shell workload against A and B and show how they differ.

    Every difference in status, stdout, stderr emptiness, exit code or SSE events is shrunk to
    a minimal call and shown side by side. Exit status: 0 no differences, 1 differences, 2 usage
    or connection error.
    """
    from mockserver.backends import diff_report
    from mockserver.backends.diff import DiffConfig, DiffRun

    if not scratch_root.startswith("/"):
        raise click.BadParameter("must be an absolute path", param_hint="--scratch-root")
    config = DiffConfig(
        a=_target(a, "--a"),
        b=_target(b, "--b"),
        sandbox_a=sandbox_id,
        sandbox_b=sandbox_id_b or sandbox_id,
        seed=seed,
        max_examples=max_examples,
        headers=tuple(_header(value) for value in headers),
        time_limit=time_limit,
        sse_dialect=sse_dialect,
        scratch_root=scratch_root,
    )
    runner = DiffRun(config, _echo)
    _echo(diff_report.announce(config, runner.result.seed))
    result = runner.run()
    diff_report.console(result, _echo)
    if junit_xml is not None:
        diff_report.write_junit(result, junit_xml)
    if report_json is not None:
        diff_report.write_json(result, report_json)
    raise SystemExit(result.exit_code)


@click.command("proxy")
@click.option("--target", required=True, help="The backend to forward to (its base URL).")
@port_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON report here on exit.",
)
@click.option("--junit-xml", type=click.Path(dir_okay=False, path_type=Path))
@sse_dialect_option
def proxy(
    target: str, port: int, report: Path | None, junit_xml: Path | None, sse_dialect: str
) -> None:
    """Forward live traffic to TARGET unchanged and judge every exchange against the contract.

    Each violation is printed as it happens (what the contract expects, what came back, a curl
    line). On Ctrl-C or SIGTERM the reports are written; exit status 1 when any exchange
    violated the contract, 0 otherwise.
    """
    import time

    from mockserver.backends.forward import Forwarder
    from mockserver.backends.listen import serve_until_stopped
    from mockserver.backends.proxy import Judge
    from mockserver.listening import bind

    base = _target(target)
    _ensure_reachable(base)
    try:
        sock = bind("127.0.0.1", port)
    except StartupError as error:
        raise click.ClickException(str(error)) from None
    judge = Judge(base, _echo, sse_dialect=sse_dialect)

    def announce(url: str) -> None:
        _echo(f"mockserver proxy: {url} forwards to {base}, judging every exchange")

    started = time.monotonic()
    serve_until_stopped(Forwarder(base, judge), sock, announce)
    raise SystemExit(judge.finish(time.monotonic() - started, report, junit_xml))
