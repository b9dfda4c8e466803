"""Fixtures indexed by exact command answer exactly as a scan of every fixture in order would."""

from __future__ import annotations

import asyncio
import re
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.engines.base import ExecRequest, Output
from mockserver.engines.scripted import ScriptedEngine
from mockserver.fixtures import Answer, Chunk, Fixture, FixtureSet, Match
from mockserver.fixtures.matcher import match_request
from mockserver.sandboxes import Sandbox

SANDBOX = Sandbox(id="box", env=MappingProxyType({}), cwd="/", containers=("app",))
COMMANDS = ["ls", "ls -la", "make", "echo hi"]
PATTERNS = ["^ls", "a", "^make$", "hi$"]


def request(command: str, stdin: str) -> ExecRequest:
    return ExecRequest(
        sandbox=SANDBOX,
        command=command,
        stdin=stdin,
        env=MappingProxyType({}),
        call_env=MappingProxyType({}),
        cwd="/",
        timeout=None,
        container="app",
    )


@st.composite
def fixtures(draw: st.DrawFn) -> tuple[Fixture, ...]:
    made = []
    for index in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["command", "regex", "any"]))
        match = Match(
            command=draw(st.sampled_from(COMMANDS)) if kind == "command" else None,
            command_regex=re.compile(draw(st.sampled_from(PATTERNS))) if kind == "regex" else None,
            stdin=draw(st.sampled_from([None, "", "x"])),
        )
        answers = tuple(
            Answer(chunks=(Chunk(0, "stdout", f"{index}.{n}"),))
            for n in range(draw(st.integers(1, 3)))
        )
        made.append(
            Fixture(
                name=f"f{index}",
                match=match,
                answers=answers,
                times=draw(st.none() | st.integers(1, 3)),
                cycle=draw(st.booleans()),
            )
        )
    return tuple(made)


def scanned(fixtures: tuple[Fixture, ...], calls: dict[str, int], req: ExecRequest) -> str | None:
    """The reference: every fixture in order, the first matching one with times left answers."""
    for fixture in fixtures:
        if not match_request(fixture.match, req).matched:
            continue
        answered = calls.get(fixture.name, 0)
        if fixture.times is not None and answered >= fixture.times:
            continue
        calls[fixture.name] = answered + 1
        answers = fixture.answers
        if answered < len(answers):
            answer = answers[answered]
        else:
            answer = answers[answered % len(answers)] if fixture.cycle else answers[-1]
        text = answer.chunks[0].text
        assert isinstance(text, str)
        return text
    return None


def answered(engine: ScriptedEngine, req: ExecRequest) -> str | None:
    execution = engine.execute(req)
    if execution is None:
        return None

    async def first_output() -> str | None:
        async for event in execution:
            if isinstance(event, Output):
                return event.data
        return None

    return asyncio.run(first_output())


@settings(max_examples=60, deadline=None)
@given(
    fixtures(),
    st.lists(
        st.tuples(st.sampled_from([*COMMANDS, "other"]), st.sampled_from(["", "x"])), max_size=12
    ),
)
def test_the_index_answers_as_a_scan_in_order_would(
    fixtures: tuple[Fixture, ...], calls: list[tuple[str, str]]
) -> None:
    engine = ScriptedEngine(FixtureSet(fixtures=fixtures), terminal=False)
    counts: dict[str, int] = {}
    for command, stdin in calls:
        req = request(command, stdin)
        assert answered(engine, req) == scanned(fixtures, counts, req)


def test_an_earlier_regex_still_wins_over_a_later_exact_command() -> None:
    regex = Fixture(
        "regex",
        Match(command_regex=re.compile("^ls")),
        (Answer((Chunk(0, "stdout", "r"),)),),
        times=1,
    )
    exact = Fixture("exact", Match(command="ls"), (Answer((Chunk(0, "stdout", "e"),)),))
    catch_all = Fixture("any", Match(), (Answer((Chunk(0, "stdout", "a"),)),))
    engine = ScriptedEngine(FixtureSet(fixtures=(regex, exact, catch_all)), terminal=False)
    assert [answered(engine, request("ls", "")) for _ in range(3)] == ["r", "e", "e"]
    assert answered(engine, request("pwd", "")) == "a"
