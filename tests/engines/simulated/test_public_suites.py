"""Public shell test suites and the project's corpora, each case run in real dash and in the
simulated engine.

Every kept case must be identical (stdout, exit status, stderr empty-or-not), except the ones
``known_differences.toml`` lists with a reason: a new difference fails, and so does a listed one
that now matches (it must leave the list). Real dash runs for a whole suite at once, several
cases concurrently, the first time a case of that suite needs its answer.
"""

from __future__ import annotations

import concurrent.futures
import difflib
from functools import cache

import pytest
from simulated_vs_sh import Case, Result, host_problem, run_real, run_simulated
from suites import BUSYBOX, OILS, Suite, busybox_suite, corpus_suite, known, oils_suite

#: Seconds a case may run, in dash and in the simulation alike.
TIMEOUT = 5

KNOWN = known()
_PROBLEM = host_problem()
_SUITES: dict[str, Suite | None] = {
    # Read from beside the repository; absent there, its cases are skipped with the reason.
    "busybox-ash": busybox_suite(KNOWN.skips) if BUSYBOX.is_dir() else None,
    "corpus/everyday": corpus_suite("everyday"),
    "corpus/scripts": corpus_suite("scripts"),
}
if OILS.is_dir():
    _SUITES["oils"] = oils_suite(KNOWN.skips)

pytestmark = pytest.mark.skipif(_PROBLEM is not None, reason=_PROBLEM or "")


@cache
def dash_results(suite: str) -> dict[str, Result]:
    found = _SUITES[suite]
    assert found is not None
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(lambda case: run_real(case, TIMEOUT), found.cases)
        return {case.name: result for case, result in zip(found.cases, results, strict=True)}


def _params() -> list[object]:
    params: list[object] = []
    for name, suite in _SUITES.items():
        if suite is None:
            reason = f"{name}: the suite is not present beside the repository ({BUSYBOX.parent})"
            params.append(pytest.param(name, None, marks=pytest.mark.skip(reason=reason)))
            continue
        params += [pytest.param(name, case, id=case.name) for case in suite.cases]
    return params


def _report(case: Case, real: Result, simulated: Result) -> str:
    lines = [f"{case.name} differs from dash", "--- script", case.script.rstrip()]
    lines.append(f"--- exit status: dash {real.code}, simulated {simulated.code}")
    diff = difflib.unified_diff(
        real.stdout.splitlines(), simulated.stdout.splitlines(), "dash", "simulated", lineterm=""
    )
    lines += ["--- stdout", *diff]
    lines += [f"--- stderr: dash {real.stderr!r}", f"--- stderr: simulated {simulated.stderr!r}"]
    return "\n".join(lines)


@pytest.mark.parametrize(("suite", "case"), _params())
def test_case_matches_dash(suite: str, case: Case) -> None:
    real = dash_results(suite)[case.name]
    simulated = run_simulated(case, TIMEOUT)
    same = real.same_as(simulated)
    reason = KNOWN.differences.get(case.name)
    if reason is None:
        assert same, _report(case, real, simulated)
        return
    assert not same, f"{case.name} now matches dash: remove it from known_differences.toml"
    pytest.xfail(reason)


def test_known_differences_name_existing_cases() -> None:
    """A listed case that no suite has any more is a stale entry."""
    present = [suite for suite in _SUITES.values() if suite is not None]
    names = {case.name for suite in present for case in suite.cases}
    names |= {name for suite in present for name in suite.skipped}
    prefixes = tuple(f"{suite.name}/" for suite in present)
    listed = [*KNOWN.differences, *KNOWN.skips]
    stale = [name for name in listed if name.startswith(prefixes) and name not in names]
    assert not stale, f"known_differences.toml lists cases that do not exist: {stale}"
    assert all(KNOWN.differences.values()) and all(KNOWN.skips.values()), (
        "every entry needs a reason"
    )


def test_suites_keep_most_cases() -> None:
    """Skipping is for cases that cannot run here, not a way to hide differences."""
    for suite in _SUITES.values():
        if isinstance(suite, Suite):
            assert len(suite.cases) >= 4 * len(suite.skipped), (suite.name, suite.skipped)
