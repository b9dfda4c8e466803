"""An independent Schemathesis run, all checks, over the spec against the mock on a real port."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from mockserver.spec import load_spec

SANDBOX = "e7847229c547d8"


def _schemathesis() -> list[str]:
    found = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(found).exists():
        pytest.skip("the schemathesis command is not installed")
    return [found]


@pytest.mark.parametrize("engine", ["scripted", "simulated"])
def test_schemathesis_finds_no_failure(tmp_path: Path, engine: str) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(load_spec(None)))
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        "[[operations]]\n"
        'include-path = "/api/v1/sandboxes/{id}/exec"\n'
        f'parameters = {{ id = "{SANDBOX}" }}\n'
    )
    settings = Settings(engine=engine, reload=False, log_level="warning", default_timeout=5)
    with BackgroundServer(settings) as running:
        result = subprocess.run(
            [
                *_schemathesis(),
                "--config-file",
                str(config),
                "run",
                str(spec),
                "--url",
                running.url,
                "--checks",
                "all",
                "--max-examples",
                "60",
                "--seed",
                "7",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
