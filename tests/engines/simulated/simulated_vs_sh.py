"""Run one script through the simulated engine and through the real ``/bin/sh``, side by side.

The real shell runs in ``<tmp>/work`` with ``HOME=<tmp>/home``; the simulated one in the same
paths created in its virtual filesystem, with the same environment, so scripts that touch files
behave alike in both worlds.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mockserver.engines.base import ExecRequest, Exit, Output
from mockserver.engines.simulated import create
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings

CORPUS_DIR = Path(__file__).parent / "corpus"
SEPARATOR = "#---"
PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Result:
    stdout: str
    stderr: str
    code: int


@dataclass(frozen=True)
class Case:
    name: str
    script: str
    stdin: str = ""


def load_corpus(name: str) -> list[Case]:
    """Scripts separated by ``#--- title`` lines; ``#stdin: text`` lines give stdin (``\\n`` ok)."""
    cases: list[Case] = []
    title, lines, stdin = "", [], ""
    text = (CORPUS_DIR / name).read_text()
    for line in text.splitlines(keepends=True):
        if line.startswith(SEPARATOR):
            if lines:
                cases.append(Case(title, "".join(lines).rstrip("\n"), stdin))
            title, lines, stdin = line[len(SEPARATOR) :].strip(), [], ""
        elif line.startswith("#stdin: ") and not lines:
            stdin = line[len("#stdin: ") :].rstrip("\n").encode().decode("unicode_escape")
        else:
            lines.append(line)
    if lines:
        cases.append(Case(title, "".join(lines).rstrip("\n"), stdin))
    return cases


def environment(root: Path) -> dict[str, str]:
    return {"HOME": str(root / "home"), "PATH": PATH, "LC_ALL": "C.UTF-8", "USER": "root"}


def run_real(script: str, root: Path, stdin: str = "", timeout: float = 10) -> Result:
    (root / "work").mkdir()
    (root / "home").mkdir()
    try:
        done = subprocess.run(
            ["sh", "-c", script],
            executable="/bin/sh",
            cwd=root / "work",
            env=environment(root),
            input=stdin.encode(),
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or b""
        return Result(out.decode(errors="replace"), "", 124)
    return Result(
        done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"), done.returncode
    )


async def run_simulated_async(
    script: str, root: Path, stdin: str = "", timeout: float = 10
) -> Result:
    engine = create(Settings())
    env = environment(root)
    sandbox = Sandbox("differential", cwd=str(root / "work"))
    request = ExecRequest(
        sandbox=sandbox,
        command=script,
        stdin=stdin,
        env=env,
        call_env={},
        cwd=str(root / "work"),
        timeout=timeout,
        container="app",
    )
    engine.filesystem(sandbox.id, sandbox.cwd, env["HOME"])
    stdout, stderr, code = [], [], -1
    async for event in engine.execute(request):
        if isinstance(event, Output):
            (stdout if event.stream == "stdout" else stderr).append(event.data)
        elif isinstance(event, Exit):
            code = event.code
    await engine.aclose()
    return Result("".join(stdout), "".join(stderr), code)


def run_simulated(script: str, root: Path, stdin: str = "", timeout: float = 10) -> Result:
    return asyncio.run(run_simulated_async(script, root, stdin, timeout))


def compare(case: Case) -> tuple[bool, Result, Result]:
    """Both runs of one case under the same (real, temporary) root path."""
    with tempfile.TemporaryDirectory(prefix="msdiff") as tmp:
        real = run_real(case.script, Path(tmp), case.stdin)
        simulated = run_simulated(case.script, Path(tmp), case.stdin)
    same = (real.stdout, real.code) == (simulated.stdout, simulated.code)
    return same, real, simulated


if __name__ == "__main__":  # python tests/engines/simulated/simulated_vs_sh.py corpus.txt [-v]
    import sys

    verbose = "-v" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or ["everyday.txt"]
    total = passed = 0
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for corpus in names:
        for case in load_corpus(corpus):
            total += 1
            same, real, simulated = compare(case)
            passed += same
            if not same:
                print(f"FAIL {case.name}: {case.script!r}")
                if verbose:
                    print(f"  real: {real}\n  sim:  {simulated}")
    print(f"{passed}/{total} = {100 * passed / max(total, 1):.1f}%")
