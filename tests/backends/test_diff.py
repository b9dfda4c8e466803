"""``mockserver diff`` against the reference backend, its broken variants and the mock."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

from backend_servers import SANDBOX_ID, Backend, RunningServer, StartBackend, close_all
from click.testing import CliRunner

from mockserver.backends.diff import DiffConfig, run
from mockserver.cli import main
from mockserver.server import BackgroundServer
from mockserver.settings import Settings

MOCK_SANDBOX = "e7847229c547d8"


def _diff(scratch: Path, *args: str) -> tuple[int, str]:
    """``mockserver diff`` with its scratch directories under ``scratch`` (both sides run on
    this machine, so nothing is left in /tmp)."""
    arguments = ["diff", "--scratch-root", str(scratch), *args]
    result = CliRunner().invoke(main, arguments, catch_exceptions=False)
    return result.exit_code, result.output


def test_finds_a_backend_that_strips_trailing_newlines(
    backend: StartBackend, tmp_path: Path
) -> None:
    a, b = backend(), backend(defect="stdout_trimmed")
    report, junit = tmp_path / "diff.json", tmp_path / "diff.xml"
    code, output = _diff(
        tmp_path,
        *("--a", a.base_url, "--b", b.base_url, "--sandbox-id", SANDBOX_ID),
        *("--seed", "1", "--max-examples", "30"),
        *("--report-json", str(report), "--junit-xml", str(junit)),
    )
    assert code == 1, output
    found = json.loads(report.read_text())
    assert found["exit_code"] == 1 and found["seed"] == 1
    stdout = next(d for d in found["differences"] if d["field"] == "stdout")
    assert stdout["a"]["value"].rstrip() == stdout["b"]["value"] != stdout["a"]["value"]
    # Shrunk: a single short command, not a whole generated script.
    assert len(stdout["body"]["command"]) <= 12, stdout["body"]
    assert "difference in stdout" in output and "replay a (JSON): curl" in output
    assert f"a: {json.dumps(stdout['a']['value'])}" in output
    assert 'name="diff/stdout"' in junit.read_text() and "<failure" in junit.read_text()


def test_two_correct_backends_do_not_differ(backend: StartBackend, tmp_path: Path) -> None:
    a, b = backend(), backend()
    code, output = _diff(
        tmp_path,
        *("--a", a.base_url, "--b", b.base_url, "--sandbox-id", SANDBOX_ID),
        *("--seed", "2", "--max-examples", "40"),
    )
    assert code == 0, output
    assert "no differences (exit 0)" in output


def test_the_mock_and_the_reference_agree_on_everyday_scripts(
    backend: StartBackend, tmp_path: Path
) -> None:
    reference = backend()
    with BackgroundServer(Settings()) as mock:
        code, output = _diff(
            tmp_path,
            *("--a", reference.base_url, "--sandbox-id", SANDBOX_ID),
            *("--b", mock.url, "--sandbox-id-b", MOCK_SANDBOX),
            *("--seed", "10", "--max-examples", "50"),
        )
    assert code == 0, output


class _RandomStdout(Backend):
    """A backend whose JSON stdout ends with a random number: unstable against itself."""

    async def answer(self, send: Any, outcome: Any) -> None:
        outcome.stdout += str(random.randrange(10**9))
        await super().answer(send, outcome)


def test_nondeterminism_of_one_side_is_not_a_difference(
    backend: StartBackend, tmp_path: Path
) -> None:
    a = backend()
    (tmp_path / "random").mkdir()
    scratch = str(tmp_path / "scratch")
    b = RunningServer(_RandomStdout(tmp_path / "random"))
    try:
        result = run(
            DiffConfig(a.base_url, b.base_url, SANDBOX_ID, SANDBOX_ID, 3, 5, scratch_root=scratch)
        )
    finally:
        close_all([b])
    assert result.exit_code == 0, [d.to_dict() for d in result.differences]
    assert "stdout" in result.unstable


def test_a_target_that_refuses_connections_is_a_usage_error(
    backend: StartBackend, tmp_path: Path
) -> None:
    a = backend()
    code, output = _diff(
        tmp_path, "--a", a.base_url, "--b", "http://127.0.0.1:9", "--sandbox-id", SANDBOX_ID
    )
    assert code == 2
    assert "cannot reach http://127.0.0.1:9" in output


def test_a_target_that_hangs_is_bounded_in_time(backend: StartBackend, tmp_path: Path) -> None:
    a, b = backend(), backend(defect="sse_hangs")
    config = DiffConfig(
        a.base_url,
        b.base_url,
        SANDBOX_ID,
        SANDBOX_ID,
        seed=4,
        max_examples=50,
        time_limit=4,
        shrink_seconds=2,
        request_timeout=0.5,
        scratch_root=str(tmp_path),
    )
    started = time.monotonic()
    result = run(config)
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert [d.field for d in result.differences][:1] == ["sse events"]
    notes = " ".join(result.notes)
    assert "shrinking stopped after 2 s" in notes or "the time limit (4 s) ended the run" in notes
