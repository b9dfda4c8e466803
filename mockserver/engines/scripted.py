"""The scripted engine: answers calls from fixture files, exactly as written.

The first fixture (in load order) whose ``match`` holds and whose ``times`` are not used up
answers. Its answer is a timeline: an optional delay (before anything is sent: a :class:`Held`
execution), output chunks paced by ``after_ms``, then the exit code; faults cut the stream, make
the command unrunnable, or refuse the call with an HTTP status, headers and body (raised as
:class:`Rejected` before any event). The call's timeout is
honoured: a timeline that outlasts it ends with ``Exit(124, timed_out=True)``.

Non-terminal (in front of another engine) a call no fixture answers is declined (None); terminal,
it is a failed command (exit 127) whose stderr says which fixture came closest, what differed,
and how to add a fixture for it.
"""

from __future__ import annotations

import asyncio
import difflib
import heapq
import json
import re
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from pathlib import Path

from mockserver.engines.base import (
    NOT_FOUND_EXIT_CODE,
    TIMEOUT_EXIT_CODE,
    Cut,
    Event,
    ExecRequest,
    Execution,
    Exit,
    Failure,
    Held,
    Output,
    Rejected,
)
from mockserver.fixtures import (
    Answer,
    Fixture,
    FixtureSet,
    embedded_fixtures_dir,
    load_fixture_set,
)
from mockserver.fixtures.matcher import Difference, MatchResult, match_request
from mockserver.fixtures.templating import Template, TemplateRenderError
from mockserver.settings import Settings


class ScriptedEngine:
    """Answers from a :class:`FixtureSet`; all call counts belong to this instance."""

    name = "scripted"

    def __init__(self, fixture_set: FixtureSet, *, terminal: bool) -> None:
        self.terminal = terminal
        self._set = fixture_set
        self._index = _CommandIndex(fixture_set.fixtures)
        #: Calls answered so far, by fixture name (for ``times`` and sequences).
        self._calls: dict[str, int] = {}

    @property
    def fixture_set(self) -> FixtureSet:
        return self._set

    def replace(self, fixture_set: FixtureSet) -> None:
        """Answer from ``fixture_set`` from now on (a reload).

        A fixture that is unchanged (same name, same definition) keeps its call count, so a
        ``times: 1`` fixture that has answered stays used up when another file is edited; a new
        or edited fixture starts afresh.
        """
        old = {fixture.name: fixture for fixture in self._set.fixtures}
        self._calls = {
            fixture.name: self._calls[fixture.name]
            for fixture in fixture_set.fixtures
            if fixture.name in self._calls and old.get(fixture.name) == fixture
        }
        self._set = fixture_set
        self._index = _CommandIndex(fixture_set.fixtures)

    def calls(self, name: str) -> int:
        """How many calls the fixture ``name`` has answered (since it was loaded or reset)."""
        return self._calls.get(name, 0)

    def reset(self) -> None:
        """Forget every call count: ``times`` and sequences start over."""
        self._calls.clear()

    def execute(self, request: ExecRequest) -> Execution | None:
        for fixture in self._index.candidates(request.command):
            result = match_request(fixture.match, request)
            if not result.matched:
                continue
            answered = self._calls.get(fixture.name, 0)
            if fixture.times is not None and answered >= fixture.times:
                continue
            self._calls[fixture.name] = answered + 1
            request.answered_by.engine = self.name
            request.answered_by.fixture = fixture.name
            request.answered_by.location = str(fixture.location) if fixture.location else None
            answer = _pick(fixture, answered)
            if answer.refusal is not None:
                refusal = answer.refusal
                raise Rejected(
                    refusal.status,
                    refusal.message,
                    refusal.details,
                    headers=refusal.headers,
                    body=refusal.body,
                    delay=answer.delay_ms / 1000,
                )
            played = _play(fixture, answer, request, result)
            return Held(answer.delay_ms / 1000, played) if answer.delay_ms else played
        if not self.terminal:
            return None
        return _replay([Output("stderr", self._miss_report(request)), Exit(NOT_FOUND_EXIT_CODE)])

    def forget(self, sandbox_id: str | None = None) -> None:
        """Fixtures keep no sandbox state (their call counts are reset by :meth:`reset`)."""

    async def aclose(self) -> None:
        """Nothing runs in the background: every answer is played by its consumer."""

    def _miss_report(self, request: ExecRequest) -> str:
        lines = [f"mockserver: no fixture matched the command {request.command!r}"]
        closest = self._closest(request)
        if closest is None:
            lines.append("no fixtures are loaded.")
        else:
            fixture, differences = closest
            lines.append(
                f"closest: fixture {fixture.name!r} ({fixture.location}), which differs in"
            )
            lines.extend(f"  {difference}" for difference in differences)
        lines.append(f"to script this command, add a fixture to {self._where_to_add()}:")
        lines.append(_snippet(request.command).rstrip("\n"))
        return "\n".join(lines) + "\n"

    def _closest(self, request: ExecRequest) -> tuple[Fixture, tuple[Difference, ...]] | None:
        """The fixture with the fewest differences; ties go to the most similar command."""
        best: tuple[Fixture, tuple[Difference, ...]] | None = None
        best_score: tuple[int, float] | None = None
        for fixture in self._set.fixtures:
            differences = match_request(fixture.match, request).differences
            answered = self._calls.get(fixture.name, 0)
            if fixture.times is not None and answered >= fixture.times:
                used_up = Difference("times", str(fixture.times), f"{answered} answered already")
                differences = (*differences, used_up)
            score = (len(differences), -_similarity(fixture, request.command))
            if best_score is None or score < best_score:
                best, best_score = (fixture, differences), score
        return best

    def _where_to_add(self) -> str:
        embedded = embedded_fixtures_dir().resolve()
        own = [d for d in self._set.dirs if d.resolve() != embedded]
        if own:
            place = own[0] if own[0].is_file() else own[0] / "*.yaml"
            return f"{place}"
        return "a *.yaml file in a directory passed with --fixtures DIR"


class _CommandIndex:
    """The fixtures that may match a command, in load order, without scanning the others.

    A fixture with an exact ``command`` can only match that command, so it is filed under it;
    the rest (``command_regex``, or no command condition) may match any command. The candidates
    for a command are both lists merged back into load order, so the first match, ``times``
    and sequences behave exactly as a scan of every fixture would.
    """

    def __init__(self, fixtures: Sequence[Fixture]) -> None:
        self._by_command: dict[str, list[tuple[int, Fixture]]] = {}
        self._general: list[tuple[int, Fixture]] = []
        for position, fixture in enumerate(fixtures):
            if fixture.match.command is not None:
                self._by_command.setdefault(fixture.match.command, []).append((position, fixture))
            else:
                self._general.append((position, fixture))
        self._general_only = tuple(fixture for _, fixture in self._general)

    def candidates(self, command: str) -> Iterable[Fixture]:
        exact = self._by_command.get(command)
        if exact is None:
            return self._general_only
        if not self._general:
            return (fixture for _, fixture in exact)
        return (fixture for _, fixture in heapq.merge(exact, self._general))  # unique positions


def create(settings: Settings) -> ScriptedEngine:
    """The terminal scripted engine over the embedded fixtures and ``settings.fixtures``.

    Raises :class:`mockserver.fixtures.FixtureError` naming every problem in the files.
    """
    dirs: list[Path] = [embedded_fixtures_dir()] if settings.embedded_fixtures else []
    dirs.extend(settings.fixtures)
    return ScriptedEngine(load_fixture_set(dirs), terminal=True)


def _similarity(fixture: Fixture, command: str) -> float:
    match = fixture.match
    wanted = match.command or (match.command_regex.pattern if match.command_regex else "")
    return difflib.SequenceMatcher(None, wanted, command).ratio() if wanted else 0.0


def _pick(fixture: Fixture, answered: int) -> Answer:
    """The answer to the call after ``answered`` earlier ones: in turn, then the last or a cycle."""
    answers = fixture.answers
    if answered < len(answers):
        return answers[answered]
    return answers[answered % len(answers)] if fixture.cycle else answers[-1]


def _context(request: ExecRequest, result: MatchResult) -> Mapping[str, object]:
    sandbox = request.sandbox
    return {
        "command": request.command,
        "stdin": request.stdin,
        "cwd": request.cwd,
        "env": dict(request.env),
        "call_env": dict(request.call_env),
        "container": request.container,
        "background": request.background,
        "sandbox": {
            "id": sandbox.id,
            "organization": sandbox.organization,
            "cwd": sandbox.cwd,
            "env": dict(sandbox.env),
            "containers": list(sandbox.containers),
        },
        "groups": list(result.groups),
        "named": dict(result.named),
    }


class _Deadline:
    """The call's timeout, as a point in loop time."""

    def __init__(self, timeout: float | None) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._at = None if timeout is None else loop.time() + timeout

    async def sleep(self, seconds: float) -> bool:
        """Wait ``seconds``; False (after waiting out the rest) when the timeout comes first."""
        if self._at is not None and self._loop.time() + seconds > self._at:
            await asyncio.sleep(max(self._at - self._loop.time(), 0.0))
            return False
        await asyncio.sleep(seconds)
        return True


async def _play(
    fixture: Fixture, answer: Answer, request: ExecRequest, result: MatchResult
) -> AsyncIterator[Event]:
    deadline = _Deadline(request.timeout)
    try:
        texts = _render(answer, request, result)
    except TemplateRenderError as error:
        yield Failure(f"fixture {fixture.name!r} ({answer.location}): its template failed: {error}")
        return
    if answer.delay_ms and not await deadline.sleep(answer.delay_ms / 1000):
        yield Exit(TIMEOUT_EXIT_CODE, timed_out=True)
        return
    if answer.failure is not None:
        yield Failure(answer.failure)
        return
    written = 0
    if answer.cut_after == 0:
        yield Cut()
        return
    for chunk, text in zip(answer.chunks, texts, strict=True):
        if chunk.after_ms and not await deadline.sleep(chunk.after_ms / 1000):
            yield Exit(TIMEOUT_EXIT_CODE, timed_out=True)
            return
        if chunk.stream is None or text is None:
            continue
        yield Output(chunk.stream, text)
        written += 1
        if written == answer.cut_after:
            yield Cut()
            return
    yield Exit(answer.exit_code)


def _render(answer: Answer, request: ExecRequest, result: MatchResult) -> list[str | None]:
    """Every chunk's text, templates rendered (all before the first event)."""
    if not answer.templated:
        return [chunk.text if isinstance(chunk.text, str) else None for chunk in answer.chunks]
    context = _context(request, result)
    return [
        chunk.text.render(context) if isinstance(chunk.text, Template) else chunk.text
        for chunk in answer.chunks
    ]


async def _replay(events: list[Event]) -> AsyncIterator[Event]:
    for event in events:
        yield event


def _snippet(command: str) -> str:
    """A fixture for ``command`` to paste (JSON strings are valid YAML double-quoted scalars)."""
    name = re.sub(r"[^a-z0-9]+", "-", command.lower()).strip("-")[:40].strip("-") or "my-command"
    return (
        "fixtures:\n"
        f"  - name: {name}\n"
        f"    match: {{command: {json.dumps(command, ensure_ascii=False)}}}\n"
        '    respond: {stdout: "what it prints\\n", exitCode: 0}\n'
    )
