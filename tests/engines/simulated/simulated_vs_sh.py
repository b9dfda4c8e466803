"""The differential harness: one script through real dash and through the simulated engine.

Real dash runs confined by bubblewrap, in a fresh directory each time: an empty root made
read-only, the host's system directories bound read-only, a fresh ``/proc`` and ``/dev``, no
network, and two writable directories of its own, the working directory ``/tmp/work`` and
``HOME=/root``. The simulated engine runs the same script with the same paths, the same
environment and the same files in a fresh virtual filesystem. A case is identical when stdout and
the exit status are equal and stderr is empty in both or non-empty in both (dash's messages name
its script line, which the simulation does not promise).

The host's dash is pinned (:data:`DASH_VERSION`): :func:`host_problem` says why the comparison
cannot be trusted on this machine, and the tests skip with that reason.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mockserver.engines.base import ExecRequest, Exit, Output
from mockserver.engines.simulated import create
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings

CORPUS_DIR = Path(__file__).parent / "corpus"
SEPARATOR = "#---"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
WORK = "/tmp/work"
HOME = "/root"
PROGRAMS = "/tmp/bin"
#: The Debian package version of dash the recorded differences were measured against.
DASH_VERSION = "0.5.12"
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc")


@dataclass(frozen=True)
class Result:
    stdout: str
    stderr: str
    code: int

    def same_as(self, other: Result) -> bool:
        return (self.stdout, self.code, bool(self.stderr)) == (
            other.stdout,
            other.code,
            bool(other.stderr),
        )


@dataclass(frozen=True)
class Case:
    name: str
    script: str
    stdin: str = ""
    #: Files placed in the working directory first (helpers a suite's script sources).
    files: Mapping[str, bytes] = field(default_factory=dict)
    #: Executables placed in :data:`PROGRAMS`, which then leads PATH (a suite's helpers).
    programs: Mapping[str, bytes] = field(default_factory=dict)
    #: Variables added to the environment.
    env: Mapping[str, str] = field(default_factory=dict)
    #: Directories made in the working directory first (relative paths).
    dirs: tuple[str, ...] = ()


def load_corpus(name: str, directory: Path | None = None) -> list[Case]:
    """Scripts separated by ``#--- title`` lines; ``#stdin: text`` lines give stdin (``\\n`` ok)."""
    cases: list[Case] = []
    title, lines, stdin = "", [], ""
    text = ((directory or CORPUS_DIR) / name).read_text()
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


def environment(case: Case | None = None) -> dict[str, str]:
    env = {"HOME": HOME, "PATH": PATH, "LC_ALL": "C.UTF-8", "USER": "root", "PWD": WORK}
    if case is not None:
        env.update(case.env)
        if case.programs:
            env["PATH"] = f"{PROGRAMS}:{PATH}"
    return env


def dash_version() -> str | None:
    """dash's Debian version (``0.5.12`` of ``0.5.12-2``), or None where it cannot be told."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return None
    done = subprocess.run(
        [dpkg, "-W", "-f", "${Version}", "dash"], capture_output=True, text=True, check=False
    )
    return done.stdout.split("-")[0] or None if done.returncode == 0 else None


def host_problem() -> str | None:
    """Why real dash cannot be the reference here, or None when it can."""
    if shutil.which("bwrap") is None:
        return "needs bubblewrap (apt-get install bubblewrap) to confine the real dash"
    if not os.path.realpath("/bin/sh").endswith("dash"):
        return "/bin/sh is not dash"
    version = dash_version()
    if version != DASH_VERSION:
        return f"the differences are recorded against dash {DASH_VERSION}, this host has {version}"
    return None


def _bwrap_argv(root: Path, case: Case) -> list[str]:
    argv = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--tmpfs", "/"]
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    argv += ["--bind", str(root / "work"), WORK, "--bind", str(root / "home"), HOME]
    if case.programs:
        argv += ["--ro-bind", str(root / "bin"), PROGRAMS]
    argv += ["--remount-ro", "/", "--chdir", WORK, "--clearenv"]
    for name, value in environment(case).items():
        argv += ["--setenv", name, value]
    return [*argv, "--", "sh", "-c", case.script]


def run_real(case: Case, timeout: float = 10) -> Result:
    """The case in real dash, confined, in a fresh directory."""
    with tempfile.TemporaryDirectory(prefix="msdiff") as tmp:
        root = Path(tmp)
        (root / "work").mkdir()
        (root / "home").mkdir()
        (root / "bin").mkdir()
        for directory in case.dirs:
            (root / "work" / directory).mkdir(parents=True)
        for name, data in case.files.items():
            (root / "work" / name).write_bytes(data)
        for name, data in case.programs.items():
            (root / "bin" / name).write_bytes(data)
            (root / "bin" / name).chmod(0o755)
        try:
            done = subprocess.run(
                _bwrap_argv(root, case),
                input=case.stdin.encode(),
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as expired:
            out = expired.stdout or b""
            return Result(out.decode(errors="replace"), "", 124)
    return Result(
        done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"), done.returncode
    )


async def run_simulated_async(case: Case, timeout: float = 10) -> Result:
    engine = create(Settings())
    env = environment(case)
    sandbox = Sandbox("differential", cwd=WORK)
    request = ExecRequest(
        sandbox=sandbox,
        command=case.script,
        stdin=case.stdin,
        env=env,
        call_env={},
        cwd=WORK,
        timeout=timeout,
        container="app",
    )
    fs = engine.filesystem(sandbox.id, sandbox.cwd, env["HOME"])
    for directory in case.dirs:
        fs.mkdir(f"{WORK}/{directory}", parents=True)
    for name, data in case.files.items():
        fs.write_bytes(f"{WORK}/{name}", data)
    if case.programs:
        fs.mkdir(PROGRAMS, parents=True)
    for name, data in case.programs.items():
        fs.write_bytes(f"{PROGRAMS}/{name}", data)
        fs.chmod(f"{PROGRAMS}/{name}", 0o755)
    stdout, stderr, code = [], [], -1
    async for event in engine.execute(request):
        if isinstance(event, Output):
            (stdout if event.stream == "stdout" else stderr).append(event.data)
        elif isinstance(event, Exit):
            code = event.code
    await engine.aclose()
    return Result("".join(stdout), "".join(stderr), code)


def run_simulated(case: Case, timeout: float = 10) -> Result:
    return asyncio.run(run_simulated_async(case, timeout))


def compare(case: Case) -> tuple[bool, Result, Result]:
    """Both runs of one case: (identical?, dash's result, the simulation's)."""
    real = run_real(case)
    simulated = run_simulated(case)
    return real.same_as(simulated), real, simulated


if __name__ == "__main__":  # python tests/engines/simulated/simulated_vs_sh.py corpus.txt [-v]
    import sys

    verbose = "-v" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or ["everyday.txt"]
    total = passed = 0
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
