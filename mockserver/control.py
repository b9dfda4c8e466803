"""What a test (or the admin API) controls on a running mock: the journal, fixtures and sandboxes
added while it serves, and resets.

Fixtures added at run time are tried before those of the fixture files, in the order they were
added; a fixture added with the name of a file's fixture hides it. Sandboxes added at run time
replace a file's sandbox with the same id. A reset forgets the journal, every call count,
every sandbox's state (files, background commands) and everything added at run time; the fixture
files stay loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mockserver.engines.base import Engine
from mockserver.engines.scripted import ScriptedEngine
from mockserver.fixtures import FixtureError, FixtureSet, Location, Problem, fixtures_from_data
from mockserver.fixtures.limits import data_budget_problem
from mockserver.fixtures.loader import check_document
from mockserver.fixtures.model import Fixture
from mockserver.fixtures.problems import errors_of
from mockserver.fixtures.reachability import unreachable
from mockserver.fixtures.schema import fixture_schema
from mockserver.fixtures.templating import TemplateCompiler
from mockserver.fixtures.yaml_source import Document
from mockserver.journal import Journal
from mockserver.sandboxes import Sandbox, SandboxRegistry


class ControlError(Exception):
    """An operation this server cannot do (``status`` as the admin API answers it)."""

    def __init__(self, status: int, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class AddedFixture:
    fixture: Fixture
    #: The entry as it was given (the YAML entry format, as JSON).
    entry: dict[str, Any]


class Control:
    """The run-time state of one mock, beside what its fixture files say."""

    def __init__(
        self,
        sandboxes: SandboxRegistry,
        engine: Engine,
        journal: Journal,
        scripted: ScriptedEngine | None = None,
        files: FixtureSet | None = None,
    ) -> None:
        self.sandboxes = sandboxes
        self.engine = engine
        self.journal = journal
        self.scripted = scripted
        self._files = files if files is not None else FixtureSet(sandboxes=tuple(sandboxes))
        self._fixtures: list[AddedFixture] = []
        self._sandboxes: dict[str, Sandbox] = {}

    # -- fixture files ---------------------------------------------------------------------------

    def apply_files(self, fixture_set: FixtureSet) -> None:
        """The fixture files were (re)loaded: serve them, with what was added still in front."""
        self._files = fixture_set
        self._apply()

    def _apply(self) -> None:
        self.sandboxes.replace_all([*self._files.sandboxes, *self._sandboxes.values()])
        if self.scripted is None:
            return
        added = [a.fixture for a in self._fixtures]
        names = {fixture.name for fixture in added}
        fixtures = (*added, *(f for f in self._files.fixtures if f.name not in names))
        self.scripted.replace(replace(self._files, fixtures=fixtures))

    # -- fixtures --------------------------------------------------------------------------------

    def fixtures(self) -> list[tuple[Fixture, dict[str, Any] | None]]:
        """Every fixture in the order they are tried, with its entry when it was added."""
        added = [(a.fixture, a.entry) for a in self._fixtures]
        names = {fixture.name for fixture, _ in added}
        from_files = [(f, None) for f in self._files.fixtures if f.name not in names]
        return [*added, *from_files]

    def calls(self, name: str) -> int:
        """How many calls the fixture has answered since the last reset."""
        return self.scripted.calls(name) if self.scripted is not None else 0

    def add_fixtures(self, data: Any, source: str) -> list[Fixture]:
        """Add one fixture entry (a mapping) or a list of them; all or none are added.

        Raises FixtureError naming each problem, as for a fixture file.
        """
        if self.scripted is None:
            raise ControlError(
                409,
                "This server answers from no fixtures",
                "it was built without the scripted engine",
            )
        entries = data if isinstance(data, list) else [data]
        fixtures = fixtures_from_data(entries, sandboxes=self.sandboxes, source=source)
        problems: list[Problem] = []
        taken = {a.fixture.name: a.fixture for a in self._fixtures}
        for fixture in fixtures:
            earlier = taken.get(fixture.name)
            if earlier is not None:
                problems.append(
                    Problem(
                        fixture.location or Location(Path(source), 0, 0),
                        f"a fixture named {fixture.name!r} was added already ({earlier.location})",
                        "give it another name, or remove the earlier one first",
                    )
                )
            taken[fixture.name] = fixture
        problems.extend(unreachable([*(a.fixture for a in self._fixtures), *fixtures]))
        if errors_of(problems):
            raise FixtureError(problems)
        self._fixtures.extend(
            AddedFixture(f, entry) for f, entry in zip(fixtures, entries, strict=True)
        )
        self._apply()
        return list(fixtures)

    def remove_fixtures(self, name: str | None = None) -> int:
        """Remove the added fixture ``name`` (every added one when None); how many went."""
        before = len(self._fixtures)
        self._fixtures = [a for a in self._fixtures if name is not None and a.fixture.name != name]
        self._apply()
        return before - len(self._fixtures)

    # -- sandboxes -------------------------------------------------------------------------------

    def sandbox_list(self) -> list[tuple[Sandbox, bool]]:
        """Every sandbox served, and whether it was added at run time."""
        return [(sandbox, sandbox.id in self._sandboxes) for sandbox in self.sandboxes]

    def add_sandboxes(self, data: Any, source: str) -> list[Sandbox]:
        """Add one sandbox entry (the fixture files' format) or a list; all or none are added."""
        sandboxes = _sandboxes_from_data(data, source)
        for sandbox in sandboxes:
            self._sandboxes[sandbox.id] = sandbox
            self.engine.forget(sandbox.id)
        self._apply()
        return sandboxes

    def remove_sandboxes(self, sandbox_id: str | None = None) -> int:
        """Remove the sandbox added as ``sandbox_id`` (every added one when None)."""
        gone = [sid for sid in self._sandboxes if sandbox_id is None or sid == sandbox_id]
        if sandbox_id is not None and not gone:
            if self.sandboxes.find(sandbox_id, None) is not None:
                raise ControlError(
                    409,
                    "This sandbox is defined in a fixture file",
                    f"sandbox {sandbox_id!r} comes from the fixture files: edit them instead",
                )
            raise ControlError(404, "Sandbox not found", f"no sandbox {sandbox_id!r}")
        for sid in gone:
            del self._sandboxes[sid]
            self.engine.forget(sid)
        self._apply()
        return len(gone)

    def forget(self, sandbox_id: str | None = None) -> None:
        """Forget the sandbox's state (every sandbox's when None): files, background commands."""
        self.engine.forget(sandbox_id)

    # -- everything ------------------------------------------------------------------------------

    def reset(self) -> None:
        """As freshly started: empty journal, fresh call counts and sandboxes, nothing added."""
        self.journal.clear()
        self._fixtures.clear()
        self._sandboxes.clear()
        self._apply()
        if self.scripted is not None:
            self.scripted.reset()
        self.engine.forget()


def _sandboxes_from_data(data: Any, source: str) -> list[Sandbox]:
    """Sandbox entries checked as a file's ``sandboxes:`` are, with the same limits."""
    origin = Path(source)
    entries = data if isinstance(data, list) else [data]
    over_budget = data_budget_problem(entries, origin)
    if over_budget is not None:
        raise FixtureError([over_budget])
    document = Document(origin, {"sandboxes": entries}, from_file=False)
    problems: list[Problem] = []
    built = check_document(document, fixture_schema(), TemplateCompiler(), problems)
    if errors_of(problems):
        raise FixtureError(problems)
    return [sandbox for sandbox, _ in built.sandboxes]
