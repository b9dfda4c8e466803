"""Servers for the checker's tests: the reference backend and its variants, on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mockserver.conformance import CheckConfig, CheckFinished, run
from mockserver.conformance.behaviour import PROPERTIES

sys.path.insert(0, str(Path(__file__).parent))

from reference_backend import Backend, RunningServer, close_all

ServerFactory = Callable[..., RunningServer]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that takes several seconds")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start reference backends (``defect=``, ``tolerances=``); all stop at the test's end."""
    running: list[RunningServer] = []

    def start(defect: str | None = None, tolerances: frozenset[str] = frozenset()) -> RunningServer:
        root = tmp_path / f"backend-{len(running)}"
        root.mkdir()
        server = RunningServer(Backend(root, defect, tolerances))
        running.append(server)
        return server

    yield start
    close_all(running)


@pytest.fixture(scope="module")
def defect_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], RunningServer]]:
    """One backend per defect for a whole module (a defect's tests share its server)."""
    running: dict[str, RunningServer] = {}

    def get(defect: str) -> RunningServer:
        if defect not in running:
            running[defect] = RunningServer(Backend(tmp_path_factory.mktemp(defect), defect))
        return running[defect]

    yield get
    close_all(list(running.values()))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One correct reference backend shared by a module's tests."""
    server = RunningServer(Backend(tmp_path_factory.mktemp("reference")))
    yield server
    server.close()


#: Properties that are plain probes (no Hypothesis) spending their time in sleeps.
SLOW_PROBES = frozenset(prop.name for prop in PROPERTIES if prop.slow)


def run_split(config: CheckConfig) -> list[CheckFinished]:
    """Run ``config``'s checks with the sleeping probes in a thread of their own (tests only).

    The probes use no Hypothesis, so only one thread ever runs Hypothesis; each run has its own
    client and scratch directory.
    """
    everything = config.select or _all_names(config)
    slow = tuple(name for name in everything if name in SLOW_PROBES)
    rest = tuple(name for name in everything if name not in SLOW_PROBES)
    with ThreadPoolExecutor(max_workers=1) as pool:
        sleeping = pool.submit(run, dataclasses.replace(config, select=slow)) if slow else None
        results = list(run(dataclasses.replace(config, select=rest)).results) if rest else []
        if sleeping is not None:
            results += sleeping.result().results
    return results


def _all_names(config: CheckConfig) -> tuple[str, ...]:
    from mockserver.conformance.runner import plan
    from mockserver.spec import load_spec

    return tuple(item.prop.name for item in plan(config, load_spec(config.spec)))
