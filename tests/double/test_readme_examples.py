"""The README's examples run as written: the admin curl script, the pytest suite, in-process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_block(name: str) -> str:
    """The fenced block right after ``<!-- readme-test: NAME -->`` in the README."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- readme-test: {name} -->\n```\w*\n(.*?)```", text, re.DOTALL)
    assert match, f"no block marked {name!r} in README.md"
    return match.group(1)


@pytest.mark.skipif(shutil.which("curl") is None, reason="the script drives the mock with curl")
def test_the_admin_curl_script_runs(tmp_path: Path) -> None:
    script = readme_block("admin-curl")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["MOCKSERVER_RELOAD"] = "false"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = [line for line in result.stdout.splitlines() if line.strip()]
    expected = [
        line[2:]
        for line in script.splitlines()
        if line.startswith("# {") or line.startswith("# 2 ")
    ]
    assert [o.replace(" ", "") for o in outputs] == [e.replace(" ", "") for e in expected]


def test_the_pytest_example_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_readme=readme_block("pytest-suite"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", "-W", "error")
    result.assert_outcomes(passed=5)


def test_the_in_process_example_runs(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(readme_block("in-process"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
