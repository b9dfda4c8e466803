"""The conformance run: preflight, then each check in turn, every step reported as an event."""

from __future__ import annotations

import dataclasses
import secrets
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from hypothesis.errors import HypothesisException

from mockserver.conformance.behaviour import PROPERTIES, Property, PropertyContext, Skip
from mockserver.conformance.config import (
    EXIT_CONFORMANT,
    EXIT_USAGE,
    EXIT_VIOLATIONS,
    CheckConfig,
)
from mockserver.conformance.events import (
    CheckFinished,
    CheckStarted,
    Event,
    RunFinished,
    RunStarted,
)
from mockserver.conformance.schema_level import schema_properties
from mockserver.conformance.target import EXEC_TEMPLATE, CheckTimeUp, Target, TargetUnreachable
from mockserver.conformance.violations import ContractViolation, NoAnswer, Refused

Reporter = Callable[[Event], None]


class UsageError(Exception):
    """The run cannot start: the target, the sandbox or the options are wrong (exit 2)."""


@dataclass(frozen=True, slots=True)
class PlannedCheck:
    prop: Property
    level: Literal["schema", "behaviour"]


def plan(config: CheckConfig, spec: dict[str, Any]) -> list[PlannedCheck]:
    """The checks a run performs, in order (the quick profile reports its slow ones skipped)."""
    planned = [PlannedCheck(prop, "schema") for prop in schema_properties(spec)]
    if config.profile in ("full", "quick"):
        planned += [PlannedCheck(prop, "behaviour") for prop in PROPERTIES]
    if config.select:
        known = {item.prop.name for item in planned}
        unknown = sorted(set(config.select) - known)
        if unknown:
            raise UsageError(
                f"unknown check(s) {', '.join(unknown)} for profile {config.profile}; "
                f"known: {', '.join(sorted(known))}"
            )
        planned = [item for item in planned if item.prop.name in config.select]
    return planned


def load_spec(config: CheckConfig) -> dict[str, Any]:
    from mockserver.errors import StartupError
    from mockserver.spec import load_spec as load

    try:
        spec = load(config.spec)
    except StartupError as error:
        raise UsageError(str(error)) from error
    operation = (spec.get("paths") or {}).get(EXEC_TEMPLATE) or {}
    body = (operation.get("post") or {}).get("requestBody", {}).get("content", {})
    if "application/json" not in body:
        raise UsageError(
            f"the spec {config.spec or '(embedded)'} has no POST {EXEC_TEMPLATE} with a JSON body:"
            " pass --spec with the Sandbox API document"
        )
    return spec


class Runner:
    """Runs the checks of one configuration against one target."""

    def __init__(self, config: CheckConfig, reporters: Iterable[Reporter] = ()) -> None:
        self.config = config
        self.reporters = list(reporters)

    def emit(self, event: Event) -> None:
        for reporter in self.reporters:
            reporter(event)

    def run(self) -> RunFinished:
        started = time.monotonic()
        # Every run has a seed, so any run can be replayed with --seed.
        seed = self.config.seed if self.config.seed is not None else secrets.randbelow(2**31)
        self.config = dataclasses.replace(self.config, seed=seed)
        try:
            spec = load_spec(self.config)
            planned = plan(self.config, spec)
        except UsageError as error:
            return self._finish((), started, EXIT_USAGE, str(error))
        self.emit(
            RunStarted(
                self.config.base_url,
                self.config.sandbox_id,
                self.config.profile,
                tuple(item.prop.name for item in planned),
                self.config.seed,
            )
        )
        target = Target(
            self.config.base_url,
            self.config.sandbox_id,
            dict(self.config.headers),
            request_timeout=self.config.request_timeout,
            stream_time_limit=self.config.stream_time_limit,
            stream_event_limit=self.config.stream_event_limit,
            max_body_bytes=self.config.max_body_bytes,
            max_event_bytes=self.config.max_event_bytes,
            sse_dialect=self.config.sse_dialect,
        )
        with target:
            try:
                target.ensure_reachable()
                preflight(target)
            except (TargetUnreachable, UsageError) as error:
                return self._finish((), started, EXIT_USAGE, str(error))
            scratch = make_scratch(target)
            try:
                results, aborted = self._run_checks(target, planned, scratch)
            finally:
                if scratch is not None:
                    _quietly(lambda: target.exec({"command": f"rm -rf '{scratch}'"}))
        if any(result.status == "failed" for result in results):
            code = EXIT_VIOLATIONS
        elif aborted or any(result.status == "error" for result in results):
            code = EXIT_USAGE
        else:
            code = EXIT_CONFORMANT
        return self._finish(tuple(results), started, code, aborted)

    def _finish(
        self, results: tuple[CheckFinished, ...], started: float, code: int, aborted: str | None
    ) -> RunFinished:
        finished = RunFinished(results, time.monotonic() - started, code, aborted)
        self.emit(finished)
        return finished

    def _run_checks(
        self, target: Target, planned: list[PlannedCheck], scratch: str | None
    ) -> tuple[list[CheckFinished], str | None]:
        results: list[CheckFinished] = []
        lost: str | None = None
        for index, item in enumerate(planned):
            prop = item.prop
            self.emit(CheckStarted(prop.name, prop.summary, index, len(planned)))
            if self.config.profile == "quick" and prop.slow:
                result = self._skipped(item, "slow: not run by --profile quick")
            else:
                result = self._run_one(target, item, scratch, lost)
            results.append(result)
            self.emit(result)
            if result.status in ("failed", "error") and _unreachable(target):
                left = len(planned) - index - 1
                return results, f"the target stopped answering during {prop.name}; {left} not run"
            if result.status in ("failed", "error") and _silent(target):
                left = len(planned) - index - 1
                return results, (
                    f"the target stopped answering (even 'true' got no answer within"
                    f" {SILENCE_PROBE_SECONDS:g} s) during {prop.name}; {left} not run"
                )
            if scratch is not None and lost is None and not _scratch_exists(target, scratch):
                lost = (
                    f"not judged: the scratch directory {scratch}, made when the run started,"
                    f" was gone after {prop.name} (its commands, or the sandbox, removed it):"
                    " what broke the sandbox is to blame there, so this check is not judged"
                )
                if result.status in ("failed", "error"):
                    note = (
                        f"the scratch directory {scratch} was gone after this check: it may have"
                        " failed for that reason"
                    )
                    result = dataclasses.replace(result, notes=(*result.notes, note))
                    results[-1] = result
        return results, None

    def _skipped(self, item: PlannedCheck, reason: str) -> CheckFinished:
        prop = item.prop
        return CheckFinished(
            prop.name, prop.summary, prop.section, item.level, "skipped", 0.0, 0, reason=reason
        )

    def _run_one(
        self, target: Target, item: PlannedCheck, scratch: str | None, lost: str | None
    ) -> CheckFinished:
        prop = item.prop
        budget = prop.budget(self.config.max_examples)
        ctx = PropertyContext(
            target, budget, self.config.seed, None if lost else scratch, scratch_lost=lost
        )
        started = time.monotonic()
        level = item.level

        def finished(status: Any, **kwargs: Any) -> CheckFinished:
            return CheckFinished(
                prop.name,
                prop.summary,
                prop.section,
                level,
                status,
                time.monotonic() - started,
                budget,
                notes=tuple(ctx.notes),
                **kwargs,
            )

        target.check_time_limit = self.config.check_time_limit
        target.check_deadline = started + self.config.check_time_limit
        try:
            prop.run(ctx)
        except CheckTimeUp as error:
            return finished("error", reason=f"{error}; what was judged so far passed")
        except Refused as refused:
            return finished("error", reason=f"target unreachable: {refused.actual}")
        except ContractViolation as violation:
            return finished("failed", violation=violation.to_violation(prop.name))
        except Skip as skip:
            return finished("skipped", reason=str(skip))
        except BaseExceptionGroup as group:
            inner = _first_violation(group)
            late = _first_of(group, CheckTimeUp)
            if inner is None and late is not None:
                return finished("error", reason=f"{late}; what was judged so far passed")
            if inner is None:
                return finished("error", reason=_trace(group))
            if isinstance(inner, Refused):
                return finished("error", reason=f"target unreachable: {inner.actual}")
            return finished("failed", violation=inner.to_violation(prop.name, flaky=True))
        except HypothesisException as error:
            return finished("error", reason=f"{type(error).__name__}: {error}")
        except Exception as error:  # a defect of the checker itself: say so, do not blame
            return finished("error", reason=_trace(error))
        finally:
            target.check_deadline = None
        return finished("passed")


def preflight(target: Target) -> None:
    """The sandbox answers at all; a 404 or 400 here is a wrong --sandbox-id or --header."""
    try:
        answer = target.exec({"command": "true"})
    except NoAnswer as error:
        raise UsageError(f"the exec operation does not answer: {error.actual}") from error
    if answer.status == 404:
        raise UsageError(
            f"sandbox {target.sandbox_id!r} is not found at {target.base_url} (check --sandbox-id"
            f" and --base-url): {answer.summary(200)}"
        )
    if answer.status in (401, 403) or (
        answer.status == 400 and b"organization" in answer.body.lower()
    ):
        raise UsageError(
            "the target refuses the checker's credentials: pass --header 'Authorization: Bearer"
            f" <token>': {answer.summary(200)}"
        )


def make_scratch(target: Target) -> str | None:
    """A fresh directory on the target (under /tmp, else the default cwd), or None."""
    name = f"mockserver-check-{secrets.token_hex(6)}"
    for directory in (f"/tmp/{name}", f".{name}"):
        command = f"mkdir -p '{directory}' && cd '{directory}' && pwd -P"
        try:
            answer = target.exec({"command": command})
            value = answer.json() if answer.status == 200 else None
        except (NoAnswer, ValueError):
            return None
        if isinstance(value, dict) and value.get("exitCode") == 0:
            path = str(value.get("stdout", "")).strip()
            if path.startswith("/") and "\n" not in path:
                return path
    return None


def _unreachable(target: Target) -> bool:
    try:
        target.ensure_reachable()
    except TargetUnreachable:
        return True
    return False


#: Seconds 'true' may take after a check failed, before the target counts as silent.
SILENCE_PROBE_SECONDS = 10.0


def _silent(target: Target) -> bool:
    """Whether the target answers nothing at all now (not even ``true``), so the run stops."""
    try:
        target.exec({"command": "true"}, timeout=SILENCE_PROBE_SECONDS)
    except NoAnswer as error:
        return error.timed_out
    return False


def _scratch_exists(target: Target, scratch: str) -> bool:
    try:
        answer = target.exec({"command": f"test -d '{scratch}' && printf yes"})
        value = answer.json() if answer.status == 200 else None
    except (NoAnswer, ValueError):
        return True  # not known: the next check will tell
    return not isinstance(value, dict) or value.get("stdout") == "yes"


def _first_of(group: BaseExceptionGroup[Any], kind: type[BaseException]) -> BaseException | None:
    for error in group.exceptions:
        if isinstance(error, kind):
            return error
        if isinstance(error, BaseExceptionGroup):
            found = _first_of(error, kind)
            if found is not None:
                return found
    return None


def _first_violation(group: BaseExceptionGroup[Any]) -> ContractViolation | None:
    for error in group.exceptions:
        if isinstance(error, ContractViolation):
            return error
        if isinstance(error, BaseExceptionGroup):
            found = _first_violation(error)
            if found is not None:
                return found
    return None


def _trace(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)).strip()


def _quietly(action: Callable[[], object]) -> None:
    try:
        action()
    except Exception:  # cleanup on a target that may be gone
        return


def run(config: CheckConfig, reporters: Iterable[Reporter] = ()) -> RunFinished:
    """Check one target; the returned event holds every result and the exit code."""
    return Runner(config, reporters).run()
