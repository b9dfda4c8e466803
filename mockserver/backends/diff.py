"""``mockserver diff``: the same generated workload against two implementations, and every way
their answers differ, each shrunk by Hypothesis to a minimal request.

Each generated call is sent to both sides, as JSON and as an event stream, and the answers are
reduced to the fields two correct implementations must agree on (``observe``). When the sides
disagree, the call is made once more on each side: a field that changed from one run to the next
on the same side (a PID, the time, a random number, a file the first run appended to) is
unstable there and is not a difference. What is left is raised as a failure of a kind named by
its first field, so Hypothesis shrinks each kind of difference separately.

Bounds against a target that misbehaves: every answer is read within a time and size limit, a
run stops generating at its time limit and stops shrinking after ``shrink_seconds``, and every
call is made at most twice per side per example (results are remembered, so Hypothesis' replays
cost nothing).
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity

from mockserver.backends import observe, workload
from mockserver.backends.observe import Observation
from mockserver.conformance.exchange import ProbeRequest
from mockserver.conformance.runner import UsageError, preflight
from mockserver.conformance.target import Target, TargetUnreachable
from mockserver.conformance.violations import NoAnswer, Refused

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_USAGE = 2

JSON = "application/json"
SSE = "text/event-stream"

F = TypeVar("F", bound=Callable[..., None])


@dataclass(frozen=True, slots=True)
class DiffConfig:
    a: str
    b: str
    sandbox_a: str
    sandbox_b: str
    seed: int | None = None
    max_examples: int = 100
    #: Sent with every request to both sides (``Authorization: Bearer ...``).
    headers: tuple[tuple[str, str], ...] = ()
    #: The SSE dialect both sides speak ("default" or "data-only").
    sse_dialect: str = "default"
    #: Where each side gets the run's scratch directory (it must be writable on both).
    scratch_root: str = "/tmp"
    #: Seconds after which no new call is generated (the run then reports what it found).
    time_limit: float = 600.0
    #: Seconds spent shrinking once the first difference is found.
    shrink_seconds: float = 60.0
    #: Seconds and bytes one answer may take.
    request_timeout: float = 20.0
    max_body_bytes: int = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Side:
    """One side's view of a call: the request sent and the observation of its answers."""

    url: str
    json_request: ProbeRequest
    stream_request: ProbeRequest
    observed: Observation


@dataclass(frozen=True, slots=True)
class Difference:
    """One field in which the sides disagree on the (shrunk) call ``body``."""

    field: str
    body: dict[str, Any]
    a: Side
    b: Side

    @property
    def form(self) -> str:
        return "SSE" if self.field.startswith("sse ") else "JSON"

    def request(self, side: Side) -> ProbeRequest:
        return side.stream_request if self.form == "SSE" else side.json_request

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "form": self.form,
            "body": self.body,
            "a": {"url": self.a.url, "value": self.a.observed.get(self.field)},
            "b": {"url": self.b.url, "value": self.b.observed.get(self.field)},
            "replay_a": self.request(self.a).curl(),
            "replay_b": self.request(self.b).curl(),
        }


@dataclass(slots=True)
class DiffResult:
    config: DiffConfig
    seed: int
    differences: list[Difference] = field(default_factory=list)
    #: Fields found unstable on a side, with a call that showed it (not differences).
    unstable: dict[str, str] = field(default_factory=dict)
    examples: int = 0
    elapsed: float = 0.0
    #: Why the run could not compare (exit 2).
    aborted: str | None = None
    #: Notes: a time limit reached, a flaky difference.
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.aborted is not None:
            return EXIT_USAGE
        return EXIT_DIFFERENT if self.differences else EXIT_SAME


class _Differ(AssertionError):
    """The sides disagree on a call: raised so Hypothesis shrinks it. One subclass per field."""

    def __init__(self, fields: list[str], body: dict[str, Any], a: Side, b: Side) -> None:
        super().__init__(f"the sides differ in {', '.join(fields)} for {json.dumps(body)}")
        self.fields = fields
        self.body = body
        self.a = a
        self.b = b


@functools.cache
def _kind(field_name: str) -> type[_Differ]:
    """The failure class of differences first seen in ``field_name`` (Hypothesis tells failures
    apart by their type, and shrinks each one on its own)."""
    name = "Differ_" + field_name.replace(" ", "_")
    return cast(type[_Differ], type(name, (_Differ,), {}))


class _Stop(Exception):
    """A side stopped answering connections: the run cannot go on."""


class _Memo:
    """Every call's outcome remembered, and nothing new tried past the deadlines.

    Hypothesis replays a call to shrink it and once more to report it; a sandbox keeps state, so
    a second run could answer otherwise. Each call therefore runs once; a replay gets the first
    outcome. Past the run's time limit, or ``shrink_seconds`` after the first difference, calls
    not seen before pass without a request (Hypothesis keeps the smallest difference so far).
    """

    def __init__(self, deadline: float, shrink_seconds: float) -> None:
        self.deadline = deadline
        self.shrink_seconds = shrink_seconds
        self.first_failure: float | None = None
        self.outcomes: dict[str, _Differ | None] = {}
        self.out_of_time = False
        self.shrinking_cut = False

    def spent(self) -> bool:
        now = time.monotonic()
        if now > self.deadline:
            self.out_of_time = True
        elif self.first_failure is not None and now - self.first_failure > self.shrink_seconds:
            self.shrinking_cut = True
        return self.out_of_time or self.shrinking_cut

    def guard(self, test: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        @functools.wraps(test)
        def remembered(body: dict[str, Any]) -> None:
            key = json.dumps(body, sort_keys=True)
            if key in self.outcomes:
                outcome = self.outcomes[key]
                if outcome is not None:
                    raise outcome
                return
            if self.spent():
                return
            try:
                test(body)
            except _Differ as difference:
                self.first_failure = self.first_failure or time.monotonic()
                self.outcomes[key] = difference
                raise
            self.outcomes[key] = None

        return remembered


class DiffRun:
    def __init__(self, config: DiffConfig, echo: Callable[[str], None] = lambda _: None) -> None:
        self.config = config
        self.echo = echo
        seed = config.seed if config.seed is not None else secrets.randbelow(2**31)
        self.result = DiffResult(config, seed)
        self._pool = ThreadPoolExecutor(max_workers=2)

    def _target(self, url: str, sandbox: str) -> Target:
        return Target(
            url,
            sandbox,
            dict(self.config.headers),
            request_timeout=self.config.request_timeout,
            stream_time_limit=self.config.request_timeout,
            max_body_bytes=self.config.max_body_bytes,
        )

    def run(self) -> DiffResult:
        started = time.monotonic()
        config = self.config
        with (
            self._pool,
            self._target(config.a, config.sandbox_a) as a,
            self._target(config.b, config.sandbox_b) as b,
        ):
            try:
                for side in (a, b):
                    side.ensure_reachable()
                    preflight(side)
                root = config.scratch_root.rstrip("/")
                scratch = f"{root}/mockserver-diff-{secrets.token_hex(6)}"
                for side in (a, b):
                    _make_scratch(side, scratch)
            except (TargetUnreachable, UsageError, NoAnswer) as error:
                self.result.aborted = (
                    str(error) if not isinstance(error, NoAnswer) else error.actual
                )
                return self._finish(started)
            try:
                self._explore(a, b, scratch, started)
            finally:
                if self.result.differences:
                    self.result.notes.append(
                        f"{scratch} is kept on both sides, so the replay lines run as they did"
                    )
                else:
                    for side in (a, b):
                        _remove(side, scratch)
        return self._finish(started)

    def _finish(self, started: float) -> DiffResult:
        self.result.elapsed = time.monotonic() - started
        return self.result

    def _explore(self, a: Target, b: Target, scratch: str, started: float) -> None:
        memo = _Memo(started + self.config.time_limit, self.config.shrink_seconds)

        def compare(body: dict[str, Any]) -> None:
            if self.result.aborted is not None:
                return
            self.result.examples += 1
            try:
                first = self._both(a, b, body)
            except _Stop as stop:
                self.result.aborted = str(stop)
                return
            fields = observe.differing(first[0].observed, first[1].observed)
            if not fields:
                return
            try:
                again = self._both(a, b, body)
            except _Stop as stop:
                self.result.aborted = str(stop)
                return
            unstable = {
                name
                for name in fields
                for before, after in zip(first, again, strict=True)
                if before.observed.get(name) != after.observed.get(name)
            }
            for name in unstable:
                self.result.unstable.setdefault(name, body["command"])
            fields = [name for name in fields if name not in unstable]
            if fields:
                raise _kind(fields[0])(fields, body, *first)

        test: Any = hypothesis.given(workload.calls(scratch))(memo.guard(compare))
        test = hypothesis.settings(
            max_examples=self.config.max_examples,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=True,
            verbosity=Verbosity.quiet,
            phases=(Phase.generate, Phase.shrink),
        )(test)
        test = hypothesis.seed(self.result.seed)(test)
        try:
            test()
        except Exception as error:  # one difference, several, or Hypothesis' own complaint
            found = list(_differences(error))
            if not found:
                self.result.aborted = f"the run failed: {type(error).__name__}: {error}"
                return
            seen: set[str] = set()
            for difference in found:
                for name in difference.fields:
                    if name not in seen:
                        seen.add(name)
                        self.result.differences.append(
                            Difference(name, difference.body, difference.a, difference.b)
                        )
            self.result.differences.sort(key=lambda d: observe.FIELDS.index(d.field))
        if memo.shrinking_cut:
            self.result.notes.append(
                f"shrinking stopped after {self.config.shrink_seconds:g} s: a difference may be"
                " shown on a call larger than needed"
            )
        if memo.out_of_time:
            self.result.notes.append(
                f"the time limit ({self.config.time_limit:g} s) ended the run after "
                f"{self.result.examples} calls"
            )

    def _both(self, a: Target, b: Target, body: dict[str, Any]) -> tuple[Side, Side]:
        futures = [self._pool.submit(self._side, target, body) for target in (a, b)]
        sides = [future.result() for future in futures]
        return sides[0], sides[1]

    def _side(self, target: Target, body: dict[str, Any]) -> Side:
        json_request = target.exec_request(body, accept=JSON)
        stream_request = target.exec_request(body, accept=SSE)
        plain = _observed(target, lambda: observe.of_json(target.send(json_request)), "status")
        streamed = _observed(
            target,
            lambda: observe.of_stream(target.stream(stream_request), self.config.sse_dialect),
            "sse status",
        )
        return Side(target.base_url, json_request, stream_request, {**plain, **streamed})


def _observed(target: Target, read: Callable[[], Observation], status: str) -> Observation:
    """What ``read`` observes; a call without an answer is observed as such (``status``), a
    target that refuses connections stops the run."""
    try:
        return read()
    except Refused as refused:
        raise _Stop(f"{target.base_url} stopped answering: {refused.actual}") from None
    except NoAnswer as silent:
        return {status: f"no answer ({silent.actual})"}


def _differences(error: BaseException) -> Iterator[_Differ]:
    if isinstance(error, _Differ):
        yield error
    elif isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _differences(inner)


def _make_scratch(target: Target, scratch: str) -> None:
    answer = target.exec({"command": f"mkdir -p '{scratch}/sub'"})
    try:
        value = answer.json()
    except ValueError:
        value = None
    if not isinstance(value, dict) or value.get("exitCode") != 0:
        raise UsageError(
            f"cannot make the scratch directory {scratch} on {target.base_url}: "
            f"{answer.summary(200)}"
        )


def _remove(target: Target, scratch: str) -> None:
    try:
        target.exec({"command": f"rm -rf '{scratch}'"})
    except NoAnswer:  # cleanup on a target that may be gone
        return


def run(config: DiffConfig, echo: Callable[[str], None] = lambda _: None) -> DiffResult:
    return DiffRun(config, echo).run()
