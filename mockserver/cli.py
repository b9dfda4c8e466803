"""The command line: parse, build settings, call the library. Nothing else lives here."""

from __future__ import annotations

import importlib
import ipaddress
import shlex
import sys
import warnings
from pathlib import Path
from typing import Any, ClassVar

import click

from mockserver import __version__
from mockserver.errors import StartupError
from mockserver.settings import SSE_DIALECTS, Settings, SettingsError, parse_pairs

EXAMPLE_SANDBOX = "e7847229c547d8"

# Connexion imports Starlette's test client at start-up, which warns about httpx; not ours to fix.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")


class _Commands(click.Group):
    """Commands kept in other modules are imported when they run (or ``--help`` lists them), so
    ``serve`` does not load the checker, the fixture tools or the proxies."""

    #: name -> "module:attribute" of the click command
    elsewhere: ClassVar[dict[str, str]] = {
        "check": "mockserver.conformance.command:check",
        "fixtures": "mockserver.fixtures.command:fixtures",
        "record": "mockserver.backends.command:record",
        "proxy": "mockserver.backends.command:proxy",
        "diff": "mockserver.backends.command:diff",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.elsewhere})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.elsewhere and name not in self.commands:
            module, _, attribute = self.elsewhere[name].partition(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, name)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mockserver")
def main() -> None:
    """Mock and contract-testing server for the Sandbox API."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def curl_example(base_url: str, sandbox_id: str = EXAMPLE_SANDBOX) -> str:
    url = f"{base_url}/api/v1/sandboxes/{sandbox_id}/exec"
    body = '{"command": "echo hello"}'
    return f"curl -s {url} -H 'Content-Type: application/json' -d {shlex.quote(body)}"


@main.command()
@click.option("--host", help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to bind (default 8080; 0 picks a free one).")
@click.option("--spec", type=click.Path(path_type=Path), help="OpenAPI document to serve.")
@click.option(
    "--fixtures",
    "fixtures",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Directory of fixture YAML files (repeatable).",
)
@click.option("--engine", help="Engine for what no fixture matches: simulated, local, scripted.")
@click.option("--default-timeout", type=float, help="Seconds a command may run by default (60).")
@click.option(
    "--keepalive", "keepalive_interval", type=float, help="Seconds between SSE keepalives."
)
@click.option("--sse-dialect", type=click.Choice(SSE_DIALECTS), help="SSE dialect.")
@click.option("--max-body-bytes", type=int, help="Largest request body accepted.")
@click.option(
    "--enforce-organizations/--no-enforce-organizations",
    default=None,
    help="Require a bearer token mapped to an organization.",
)
@click.option("--token", "tokens", multiple=True, help="TOKEN=ORGANIZATION (repeatable).")
@click.option("--reload/--no-reload", default=None, help="Apply fixture edits without a restart.")
@click.option("--allow-remote", is_flag=True, default=None, help="Allow a non-loopback --host.")
@click.option(
    "--access-token", "token", help="Token every request must carry (with --allow-remote)."
)
@click.option("--journal-size", type=int, help="Requests the journal keeps (default 1000).")
@click.option("--quiet", "-q", is_flag=True, help="Print no line per request.")
@click.option(
    "--url-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the base URL to this file once listening (for scripts and CI).",
)
def serve(quiet: bool, url_file: Path | None, **options: Any) -> None:
    """Serve the Sandbox API mock (and its admin API under /__admin)."""
    try:
        settings = _settings(options)
        _check_binding(settings)
        # httpx imports its command line (rich, pygments) when it can, and a stub when it cannot;
        # the server never runs it, and start-up is faster without (about 7 % of its imports).
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
        from mockserver.app import build
        from mockserver.server import serve_forever

        server = build(settings)
    except (StartupError, SettingsError) as error:
        raise click.ClickException(str(error)) from None

    def announce(base_url: str) -> None:
        click.echo(f"mockserver {__version__} serving the Sandbox API at {base_url}")
        click.echo(
            f"  engine: {settings.engine}; sandboxes: {', '.join(s.id for s in server.sandboxes)}"
        )
        click.echo(f"  try: {curl_example(base_url)}")
        click.echo(f"  admin: {base_url}/__admin/health (see README, 'Admin API')")
        click.echo(f"  watch: {base_url}/__admin/ui (the requests, live, in a browser)")
        sys.stdout.flush()
        if url_file is not None:
            write_atomically(url_file, base_url + "\n")

    if not quiet:
        server.control.journal.listen(lambda entry: click.echo(entry.summary()))

    try:
        serve_forever(server, announce)
    except StartupError as error:
        raise click.ClickException(str(error)) from None


def write_atomically(path: Path, text: str) -> None:
    """Readers see the whole text or no file at all, never half of it."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        raise StartupError(
            f"cannot write the URL file {path}: {error.strerror or error}",
            "pass a --url-file in a directory that exists and is writable",
        ) from None


def _settings(options: dict[str, Any]) -> Settings:
    tokens: tuple[str, ...] = options.pop("tokens")
    fixtures: tuple[Path, ...] = options.pop("fixtures")
    settings = Settings.from_env().replace(**options)
    if fixtures:
        settings = settings.replace(fixtures=fixtures)
    if tokens:
        pairs = parse_pairs(tokens, what="--token")
        settings = settings.replace(tokens={**settings.tokens, **pairs})
    return settings


def _check_binding(settings: Settings) -> None:
    if _is_loopback(settings.host):
        return
    if not settings.allow_remote:
        raise SettingsError(
            f"--host {settings.host} is not a loopback address; this mock runs commands for anyone "
            "who can reach it. Pass --allow-remote and --access-token TOKEN to serve it anyway."
        )
    if not settings.token:
        raise SettingsError(
            "--allow-remote needs --access-token TOKEN so strangers cannot run commands"
        )
