"""Everyday command lines built on the utilities, through the whole simulated engine and
through the real ``/bin/sh`` side by side: the same stdout and exit code, every one."""

from __future__ import annotations

from pathlib import Path

import pytest
import simulated_vs_sh
from simulated_vs_sh import compare, load_corpus

CORPUS = Path(__file__).parent / "corpus"

_PROBLEM = simulated_vs_sh.host_problem()
pytestmark = pytest.mark.skipif(_PROBLEM is not None, reason=_PROBLEM or "")


def test_utilities_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulated_vs_sh, "CORPUS_DIR", CORPUS)
    cases = load_corpus("utilities.txt")
    assert len(cases) >= 250
    failures = []
    for case in cases:
        same, real, simulated = compare(case)
        if not same:
            failures.append(f"{case.name}: sh={real} simulated={simulated}")
    assert not failures, "\n".join(failures)
