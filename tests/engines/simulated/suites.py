"""Public shell test suites as harness cases, each case named ``suite/path``.

* ``busybox-ash``: BusyBox ash's ``shell/ash_test`` scripts, read from ``shared/shell-suites``
  beside the repository when it exists (never copied into it). Scripts that need BusyBox's test
  runner (``$THIS_SH``, ``printenv``, ``recho``, ``zecho``) are skipped, as are the few listed in
  ``known_differences.toml`` under ``skip``.
* ``corpus/everyday``, ``corpus/scripts``: the project's own corpora of everyday commands.
* ``oils``: cases of the Oils project's spec tests run against dash, vendored under
  ``suites/oils/`` (Apache-2.0; see the README there), with their ``argv.py`` helper on PATH.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from simulated_vs_sh import Case, load_corpus

HERE = Path(__file__).parent
REPO = HERE.parents[2]
SHARED_SUITES = REPO.parent / "shared" / "shell-suites"
BUSYBOX = SHARED_SUITES / "busybox-ash"
OILS = HERE / "suites" / "oils"
KNOWN = HERE / "known_differences.toml"

#: Helpers of BusyBox's own test runner, which neither dash nor the sandbox has.
_BUSYBOX_RUNNER = re.compile(r"\$\{?THIS_SH\b|\bprintenv\b|\brecho\b|\bzecho\b")


@dataclass(frozen=True)
class Suite:
    name: str
    cases: list[Case]
    #: Case name -> why it is not compared.
    skipped: dict[str, str]


@dataclass(frozen=True)
class Known:
    #: Case name -> why the simulation differs from dash there.
    differences: dict[str, str]
    #: Case name -> why it is not compared at all.
    skips: dict[str, str]


def known() -> Known:
    data = tomllib.loads(KNOWN.read_text())
    return Known(data.get("differences", {}), data.get("skip", {}))


def busybox_suite(skips: dict[str, str]) -> Suite:
    cases: list[Case] = []
    skipped: dict[str, str] = {}
    for script in sorted(BUSYBOX.glob("*/*.tests")):
        name = f"busybox-ash/{script.parent.name}/{script.stem}"
        text = script.read_text(errors="surrogateescape")
        if _BUSYBOX_RUNNER.search(text):
            skipped[name] = "calls BusyBox's test runner ($THIS_SH, printenv, recho or zecho)"
            continue
        if name in skips:
            skipped[name] = skips[name]
            continue
        helpers = {
            path.name: path.read_bytes()
            for path in script.parent.iterdir()
            if path.suffix not in {".tests", ".right"} and path.is_file()
        }
        cases.append(Case(name, text, files=helpers))
    return Suite("busybox-ash", cases, skipped)


def corpus_suite(name: str) -> Suite:
    """One of the project's own corpora (``corpus/NAME.txt``)."""
    cases = [
        Case(f"corpus/{name}/{case.name}", case.script, case.stdin)
        for case in load_corpus(f"{name}.txt")
    ]
    return Suite(f"corpus/{name}", cases, {})


#: What the Oils spec runner provides: the shell under test, a scratch directory, and the
#: ``_tmp`` directories of its checkout that older cases write into.
_OILS_ENV = {"SH": "dash", "TMP": "/tmp"}
_OILS_DIRS = ("_tmp/spec-tmp",)
_OILS_CASE = re.compile(r"^#{3,4} (.*)$", re.MULTILINE)
_EXPECTATION_BLOCK = re.compile(r"^## .*\b(STDOUT|STDERR):\s*$")


def oils_cases(path: Path) -> list[Case]:
    """The ``####`` (or older ``###``) cases of one Oils spec file, without the expectation
    blocks (``## STDOUT:`` ... ``## END``; the other ``##`` lines are shell comments)."""
    parts = _OILS_CASE.split(path.read_text())
    # Stored as NAME.sh (they are sh, whatever their installed name says).
    programs = {p.stem: p.read_bytes() for p in sorted((OILS / "bin").glob("*.sh"))}
    cases: list[Case] = []
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        lines: list[str] = []
        skipping = False
        for line in body.splitlines(keepends=True):
            if _EXPECTATION_BLOCK.match(line):
                skipping = True
            elif skipping and line.startswith("## END"):
                skipping = False
            elif not skipping:
                lines.append(line)
        name = f"oils/{path.name.removesuffix('.test.sh')}/{title.strip()}"
        repeats = sum(case.name == name or case.name.startswith(f"{name} (") for case in cases)
        name = f"{name} ({repeats + 1})" if repeats else name  # a title used twice in a file
        script = "".join(lines).strip("\n") + "\n"
        cases.append(Case(name, script, env=_OILS_ENV, programs=programs, dirs=_OILS_DIRS))
    return cases


def oils_suite(skips: dict[str, str]) -> Suite:
    cases: list[Case] = []
    skipped: dict[str, str] = {}
    for path in sorted(OILS.glob("*.test.sh")):
        for case in oils_cases(path):
            if case.name in skips:
                skipped[case.name] = skips[case.name]
            else:
                cases.append(case)
    return Suite("oils", cases, skipped)
