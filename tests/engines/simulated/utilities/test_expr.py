"""expr against the host's GNU expr."""

from __future__ import annotations

import pytest

from .conftest import World


@pytest.mark.parametrize(
    "args",
    [
        ["1", "+", "2"],
        ["10", "/", "3"],
        ["-7", "/", "2"],
        ["-7", "%", "2"],
        ["10", "%", "3"],
        ["5", "*", "4"],
        ["abc", ":", "a\\(.\\)"],
        ["abc", ":", "a."],
        ["abc", ":", "x"],
        ["abc", ":", "\\(x\\)"],
        ["length", "hello"],
        ["substr", "hello", "2", "3"],
        ["substr", "hello", "0", "3"],
        ["index", "hello", "l"],
        ["index", "hello", "z"],
        ["3", "<", "10"],
        ["a", "<", "b"],
        ["10", "<", "9"],
        ["1", "=", "1"],
        ["abc", "!=", "abd"],
        ["", "|", "0"],
        ["x", "|", "y"],
        ["0", "&", "1"],
        ["2", "&", "3"],
        ["1", "/", "0"],
        ["a", "+", "1"],
        ["1", "+"],
        ["(", "1", "+", "2", ")", "*", "3"],
        ["(", "1", "+", "2"],
        ["match", "abc", "a"],
        ["+", "length"],
        ["x"],
        [],
        ["5", "-", "7"],
        ["007", "+", "1"],
        ["1", "2"],
        ["2", "+", "3", "*", "4"],
        ["0"],
        [""],
    ],
)
def test_expr(world: World, args: list[str]) -> None:
    world.check("expr", *args)
