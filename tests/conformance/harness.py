"""Helpers the checker's tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from reference_backend import RunningServer

from mockserver.conformance import CheckConfig, CheckFinished, run
from mockserver.conformance.behaviour import PROPERTIES

ServerFactory = Callable[..., RunningServer]


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
