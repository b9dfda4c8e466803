"""Every default in one place. CLI flags and ``MOCKSERVER_*`` variables only override it."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any


class SettingsError(ValueError):
    """A setting has a value it cannot take; the message names it and says what it takes."""


#: The SSE dialects the server can speak (CONTRACT section 4 is "default").
SSE_DIALECTS = ("default", "data-only")


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    #: The OpenAPI document to serve; None is the embedded upstream document.
    spec: Path | None = None
    #: Fixture directories loaded after the embedded defaults (later files win for sandboxes).
    fixtures: tuple[Path, ...] = ()
    #: Whether the embedded default fixtures and sandboxes are loaded.
    embedded_fixtures: bool = True
    #: The engine that answers what no scripted fixture matches.
    engine: str = "simulated"
    #: Seconds a command may run when the call gives no ``options.timeout``.
    default_timeout: float = 60.0
    #: Largest request body accepted, in bytes; larger ones are refused unread with a 413.
    max_body_bytes: int = 8 * 1024 * 1024
    #: Seconds of silence between SSE ``: keepalive`` comments.
    keepalive_interval: float = 15.0
    #: SSE dialect: "default" (CONTRACT section 4) or "data-only".
    sse_dialect: str = "default"
    #: Require ``Authorization: Bearer`` tokens that map to an organization.
    enforce_organizations: bool = False
    #: Bearer token to organization.
    tokens: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Largest output one command may produce per stream, in bytes; the rest is dropped.
    max_output_bytes: int = 16 * 1024 * 1024
    #: Where engines keep per-sandbox state on disk (the local engine's trees); None = a temp dir.
    data_dir: Path | None = None
    #: Watch fixture files and apply edits without a restart.
    reload: bool = True
    #: Serve on a non-loopback address (the local engine runs real commands: needs ``token``).
    allow_remote: bool = False
    #: Token every request must carry when ``allow_remote`` is on.
    token: str | None = None
    log_level: str = "info"
    #: Requests the journal keeps (the oldest are dropped first).
    journal_size: int = 1000

    def __post_init__(self) -> None:
        """Refuse values no server can run with, naming the setting and what it takes."""
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port {self.port} is not a port: use 0-65535 (0 picks a free one)")
        if self.sse_dialect not in SSE_DIALECTS:
            raise SettingsError(
                f"SSE dialect {self.sse_dialect!r} is unknown: use one of {', '.join(SSE_DIALECTS)}"
            )
        positive = {
            "default timeout": self.default_timeout,
            "keepalive interval": self.keepalive_interval,
            "max body bytes": self.max_body_bytes,
            "max output bytes": self.max_output_bytes,
            "journal size": self.journal_size,
        }
        for name, value in positive.items():
            if value <= 0:
                raise SettingsError(f"{name} must be greater than 0, got {value}")

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; None values are ignored (an unset CLI flag)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by ``MOCKSERVER_<FIELD>`` variables (``MOCKSERVER_PORT=9000``)."""
        environ = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(f"MOCKSERVER_{f.name.upper()}")
            if raw is not None:
                changes[f.name] = _parse(f.name, str(f.type), raw)
        return cls().replace(**changes)


def _parse(name: str, kind: str, raw: str) -> Any:
    variable = f"MOCKSERVER_{name.upper()}"
    try:
        if kind == "bool":
            lowered = raw.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind.startswith("Path"):
            return Path(raw)
        if kind.startswith("tuple[Path"):
            return tuple(Path(p) for p in raw.split(os.pathsep) if p)
        if kind.startswith("Mapping"):
            return MappingProxyType(parse_pairs(raw.split(","), what=variable))
    except SettingsError:
        raise
    except ValueError as error:
        raise SettingsError(f"{variable}={raw!r} is not a valid {kind}") from error
    return raw


def parse_pairs(items: list[str] | tuple[str, ...], *, what: str) -> dict[str, str]:
    """``["tok=org", ...]`` as a dict; an item without ``=`` is a SettingsError naming ``what``."""
    pairs: dict[str, str] = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SettingsError(f"{what}: {item!r} is not of the form TOKEN=ORGANIZATION")
        pairs[key] = value
    return pairs
