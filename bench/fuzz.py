"""``python -m bench.fuzz [--examples N] [--seed S]`` (``make fuzz``): Schemathesis, every check,
against a running mock: the Sandbox API, then the admin API.

Starts ``mockserver serve`` (default engine, commands stopped after 5 s) on a free 127.0.0.1 port
and runs ``schemathesis run --checks all`` with ``--max-examples N`` (default 1,000) on the Sandbox
API's exec operation, then on the admin API's own document (``/__admin/openapi.json``; its live
journal stream, which never ends by design, is left out). Exit 0 when both find no failure; the
Schemathesis reports are printed as they come. Loopback only; bounded by ``--timeout`` per run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from bench.servers import SANDBOX, RunningServer, Target, mockserver_executable
from mockserver.spec import load_spec

#: Admin paths Schemathesis cannot judge: the live journal is an SSE stream that never ends.
ADMIN_EXCLUDED = ("/requests/stream",)
#: The admin document gives fixture and sandbox entries as open objects: their real schema is the
#: fixture files' JSON Schema (richer than OpenAPI 3.0 states), which the server applies itself,
#: answering 400 with each problem. So a body the document allows may be refused, and only the
#: check that every such body is accepted is left out, for these two operations (every check
#: runs on everything else: a ``--checks all`` on the command line would override this).
ADMIN_CONFIG = """
checks.enabled = true

[[operations]]
include-path = "/fixtures"
include-method = "POST"
checks.positive_data_acceptance.enabled = false

[[operations]]
include-path = "/sandboxes"
include-method = "POST"
checks.positive_data_acceptance.enabled = false
"""


def schemathesis() -> str:
    found = Path(sys.executable).with_name("schemathesis")
    if not found.exists():
        raise SystemExit("schemathesis is not installed beside this Python: make .venv/.installed")
    return str(found)


def run(argv: list[str], timeout: float, cwd: Path) -> int:
    print("$", " ".join(argv), flush=True)
    try:
        return subprocess.run(argv, timeout=timeout, cwd=cwd).returncode
    except subprocess.TimeoutExpired:
        print(f"Schemathesis did not finish in {timeout:.0f} s", flush=True)
        return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fuzz", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--examples", type=int, default=1000, help="examples per operation")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per Schemathesis run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mockserver-fuzz-") as tmp:
        workdir = Path(tmp)
        spec = workdir / "openapi.yaml"
        spec.write_text(yaml.safe_dump(load_spec(None)))
        (workdir / "sandbox-api.toml").write_text(
            "[[operations]]\n"
            'include-path = "/api/v1/sandboxes/{id}/exec"\n'
            f'parameters = {{ id = "{SANDBOX}" }}\n'
        )
        serve = (mockserver_executable(), "serve", "--host", "127.0.0.1", "--port", "{port}")
        target = Target(
            "mockserver",
            "mockserver (simulated engine)",
            (*serve, "--quiet", "--default-timeout", "5"),
            {"command": "echo hello"},
        )
        with RunningServer(target, workdir / "server.log") as server:
            server.wait_ready(60)
            base = f"http://127.0.0.1:{server.port}"
            common = ["--max-examples", str(args.examples), "--seed", str(args.seed), "--no-color"]
            config = ["--config-file", str(workdir / "sandbox-api.toml")]
            sandbox_api = run(
                [
                    schemathesis(),
                    *config,
                    "run",
                    str(spec),
                    "--url",
                    base,
                    "--checks",
                    "all",
                    *common,
                ],
                args.timeout,
                workdir,
            )
            excluded = [option for path in ADMIN_EXCLUDED for option in ("--exclude-path", path)]
            (workdir / "admin-api.toml").write_text(ADMIN_CONFIG)
            admin_config = ["--config-file", str(workdir / "admin-api.toml")]
            admin_url = f"{base}/__admin/openapi.json"
            admin_api = run(
                [schemathesis(), *admin_config, "run", admin_url, *excluded, *common],
                args.timeout,
                workdir,
            )
            if sandbox_api or admin_api:
                print(server.log_tail(40))
    print(f"Sandbox API: exit {sandbox_api}; admin API: exit {admin_api}")
    return 1 if sandbox_api or admin_api else 0


if __name__ == "__main__":
    sys.exit(main())
