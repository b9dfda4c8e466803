"""Sandboxes and the organizations that own them: a registry per app instance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DEFAULT_ORGANIZATION = "default"


@dataclass(frozen=True, slots=True)
class Sandbox:
    """One sandbox: what every engine may know of it."""

    id: str
    organization: str = DEFAULT_ORGANIZATION
    env: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    cwd: str = "/"
    containers: tuple[str, ...] = ("app",)

    @property
    def default_container(self) -> str:
        return self.containers[0]


class SandboxRegistry:
    """Sandboxes by id. Lookups honour organizations: another organization's sandbox is absent."""

    def __init__(self, sandboxes: Iterable[Sandbox] = ()) -> None:
        self._by_id: dict[str, Sandbox] = {}
        for sandbox in sandboxes:
            self.add(sandbox)

    def add(self, sandbox: Sandbox) -> None:
        self._by_id[sandbox.id] = sandbox

    def replace_all(self, sandboxes: Iterable[Sandbox]) -> None:
        self._by_id = {sandbox.id: sandbox for sandbox in sandboxes}

    def find(self, sandbox_id: str, organization: str | None) -> Sandbox | None:
        """The sandbox, or None when unknown or owned by another organization.

        ``organization`` None means enforcement is off: every sandbox is visible.
        """
        sandbox = self._by_id.get(sandbox_id)
        if sandbox is None:
            return None
        if organization is not None and sandbox.organization != organization:
            return None
        return sandbox

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
