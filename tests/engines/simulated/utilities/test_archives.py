"""tar and gzip on the virtual filesystem, compared with the host's where output is stable."""

from __future__ import annotations

import pytest

from .conftest import World


@pytest.fixture
def w(world: World) -> World:
    world.file("d/f", "x\n").file("d/e/g", "y\n").file("solo", "solo\n")
    return world


def _lines(text: str) -> list[str]:
    return sorted(text.splitlines())


@pytest.mark.parametrize(
    "create",
    [
        ["tar", "czf", "a.tgz", "d"],
        ["tar", "-czf", "a.tgz", "d", "solo"],
        ["tar", "cf", "a.tgz", "d"],
        ["tar", "--create", "--gzip", "--file=a.tgz", "d"],
    ],
)
def test_round_trip(w: World, create: list[str]) -> None:
    w.check(*create)
    # The archives differ in bytes (timestamps); what they hold must not.
    simulated, real = w.sim("tar", "tf", "a.tgz"), w.real("tar", "tf", "a.tgz")
    assert _lines(simulated.out) == _lines(real.out) and simulated.rc == real.rc == 0
    simulated, real = w.sim("tar", "tzf", "a.tgz"), w.real("tar", "tzf", "a.tgz")
    assert (_lines(simulated.out), simulated.rc) == (_lines(real.out), real.rc)
    w.check("mkdir", "out")
    w.check("tar", "xf", "a.tgz", "-C", "out")
    w.same_tree(ignore=("a.tgz",))


def test_errors(w: World) -> None:
    w.check("tar", "cf", "c.tar", "nope")
    w.check("tar", "xf", "missing.tar")
    w.check("tar", "cf", "b.tar", "solo")
    w.check("tar", "tf", "b.tar", "solo", "nothere")
    w.check("tar", "tf", "b.tar")
    w.check("tar", "-xvf", "b.tar")
    w.check("tar", "-cvf", "v.tar", "solo")
    w.check("tar", "-xOf", "b.tar")
    w.check("tar", "-f", "b.tar")
    w.check("tar", "cf", "empty.tar")


def test_gzip(w: World) -> None:
    w.check("gzip", "solo")
    w.same_tree(ignore=("solo.gz",))
    w.check("gunzip", "solo.gz")
    w.same_tree()
    w.check("gzip", "-k", "solo")
    assert w.sim("zcat", "solo.gz").out == "solo\n"
    w.check("gzip", "nope")
    w.check("gunzip", "solo")
    w.check("gzip", "solo")
    w.check("gzip", "-d", "solo.gz")
    w.same_tree(ignore=("solo.gz",))


def test_gzip_pipes(w: World) -> None:
    packed = w.sim("gzip", "-c", "solo")
    w.file("p.gz", "")
    w.fs.write_bytes("/w/p.gz", packed.out.encode("utf-8", "surrogateescape"))
    assert w.sim("gunzip", "-c", "p.gz").out == "solo\n"
    assert w.sim("tar", "cf", "-", "solo").out.encode("utf-8", "surrogateescape")[:4] == b"solo"
