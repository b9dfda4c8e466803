"""The local engine's parts that need no sandbox: trees, decoding, the backlog, start-up errors."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import MappingProxyType

import pytest

from mockserver.engines.base import Event, Exit, Output
from mockserver.engines.local import create
from mockserver.engines.local.backlog import Backlog
from mockserver.engines.local.output import CappedDecoder
from mockserver.engines.local.trees import (
    SandboxTrees,
    nested_directories,
    safe_name,
    writable_targets,
)
from mockserver.engines.registry import EngineError
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings


def sandbox(cwd: str, home: str | None = None) -> Sandbox:
    env = MappingProxyType({"HOME": home} if home is not None else {})
    return Sandbox("box", env=env, cwd=cwd)


@pytest.mark.parametrize(
    ("cwd", "home", "targets", "nested"),
    [
        ("/app", "/home/user", ("/app", "/home/user", "/tmp"), ()),
        ("/app", "/app/home", ("/app", "/tmp"), ("/app/home",)),  # writable through /app
        ("/", "/root", ("/root", "/tmp"), ()),  # the root itself stays read-only
        ("/usr/src", None, ("/tmp",), ()),  # system directories stay read-only
        ("/tmp/work", "relative", ("/tmp",), ("/tmp/work",)),
        ("/srv//data/", None, ("/srv/data", "/tmp"), ()),
    ],
)
def test_writable_targets(
    cwd: str, home: str | None, targets: tuple[str, ...], nested: tuple[str, ...]
) -> None:
    assert writable_targets(sandbox(cwd, home)) == targets
    assert nested_directories(sandbox(cwd, home)) == nested


@pytest.mark.parametrize("name", ["..", ".", "a/b", "../etc", "", "x" * 300, "日本"])
def test_safe_names_stay_one_directory_level(name: str) -> None:
    safe = safe_name(name)
    assert "/" not in safe and safe not in {"", ".", ".."} and len(safe) <= 200
    assert safe_name(name) == safe


def test_trees_are_flat_and_kept_under_data_dir(tmp_path: Path) -> None:
    trees = SandboxTrees(tmp_path)
    mounts = trees.layout(sandbox("/app", "/home/user")).mounts
    assert {m.target for m in mounts} == {"/app", "/home/user", "/tmp"}
    assert all(m.source.parent == trees.tree("box") and m.source.is_dir() for m in mounts)
    trees.remove()
    assert all(m.source.is_dir() for m in mounts)


def test_a_temporary_root_is_removed() -> None:
    trees = SandboxTrees(None)
    trees.layout(sandbox("/app"))
    assert trees.root.is_dir()
    trees.remove()
    assert not trees.root.exists()


def test_decoder_joins_a_split_character_and_replaces_bad_bytes() -> None:
    decoder = CappedDecoder(100)
    text = [decoder.feed(part).text for part in (b"\xc3", b"\xa9\xff", b"\xe2\x82")]
    assert "".join(text) + decoder.finish() == "é\ufffd\ufffd"


def test_decoder_caps_bytes_and_says_so_once() -> None:
    decoder = CappedDecoder(5)
    fed = [decoder.feed(part) for part in (b"abc", b"def", b"ghi")]
    assert [d.text for d in fed] == ["abc", "de", ""]
    assert [d.truncated_now for d in fed] == [False, True, False]
    assert decoder.seen == 9


def test_decoder_cut_inside_a_character_ends_with_a_replacement() -> None:
    decoder = CappedDecoder(2)
    assert decoder.feed("aé".encode()).text == "a\ufffd"


def test_backlog_merges_waiting_chunks_of_one_stream_in_order() -> None:
    async def main() -> list[Event]:
        backlog = Backlog()
        for stream, text in [("stdout", "a"), ("stdout", "b"), ("stderr", "c"), ("stdout", "d")]:
            backlog.output(stream, text)  # type: ignore[arg-type]
        backlog.finish(Exit(0))
        backlog.output("stdout", "after the end")
        return [event async for event in backlog.events()]

    assert asyncio.run(main()) == [
        Output("stdout", "ab"),
        Output("stderr", "c"),
        Output("stdout", "d"),
        Exit(0),
    ]


def test_backlog_hands_out_chunks_as_they_come() -> None:
    async def main() -> list[Event]:
        backlog = Backlog()
        seen: list[Event] = []

        async def consume() -> None:
            async for event in backlog.events():
                seen.append(event)

        consumer = asyncio.create_task(consume())
        backlog.output("stdout", "one")
        await asyncio.sleep(0.01)
        assert seen == [Output("stdout", "one")]
        backlog.output("stdout", "two")
        backlog.finish(Exit(1))
        await consumer
        return seen

    assert asyncio.run(main())[1:] == [Output("stdout", "two"), Exit(1)]


def test_a_detached_backlog_keeps_nothing() -> None:
    backlog = Backlog()
    backlog.output("stdout", "x")
    backlog.detach()
    backlog.output("stdout", "y")
    backlog.finish(Exit(0))
    assert backlog.finished

    async def main() -> list[Event]:
        return [event async for event in backlog.events()]

    assert asyncio.run(main()) == []


def test_missing_bubblewrap_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineError, match="apt-get install bubblewrap"):
        create(Settings())


def test_a_bubblewrap_that_cannot_start_sandboxes_fails_at_start_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineError, match="No permissions to create new namespace"):
        create(Settings())


def test_a_bubblewrap_too_old_for_the_flags_says_which_version_is_needed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: Unknown option --clearenv' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineError, match=r"bubblewrap 0\.5 or later"):
        create(Settings())
