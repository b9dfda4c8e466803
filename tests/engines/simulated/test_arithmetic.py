"""``$(( ))`` evaluation: dash's integers, precedence, assignments and errors."""

from __future__ import annotations

import pytest

from mockserver.engines.simulated.arithmetic import ArithmeticFailure, evaluate, parse_integer


def run(expression: str, variables: dict[str, str] | None = None) -> int:
    store = dict(variables or {})
    return evaluate(expression, store.get, store.__setitem__)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("-7 / 2", -3),
        ("-7 % 3", -1),
        ("7 % -3", 1),
        ("1 << 4 | 1", 17),
        ("5 & 3 ^ 1", 0),
        ("!0 + !5", 1),
        ("~0", -1),
        ("3 > 2 && 2 > 3 || 1", 1),
        ("0 ? 1 : 2 ? 3 : 4", 3),
        ("0x1f + 010", 39),
        ("9223372036854775807 + 1", -9223372036854775808),
        ("", 0),
    ],
)
def test_values(expression: str, value: int) -> None:
    assert run(expression) == value


def test_variables_are_read_and_assigned() -> None:
    store = {"x": "5", "empty": ""}
    assert evaluate("x += 2", store.get, store.__setitem__) == 7
    assert store["x"] == "7"
    assert evaluate("y = x * 2", store.get, store.__setitem__) == 14
    assert store["y"] == "14"
    assert evaluate("unset + empty + 1", store.get, store.__setitem__) == 1


def test_short_circuit_does_not_assign() -> None:
    store: dict[str, str] = {}
    evaluate("0 && (x = 1)", store.get, store.__setitem__)
    assert "x" not in store


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("1 / 0", 'division by zero: "1 / 0"'),
        ("1 +", 'expecting primary: "1 +"'),
        ("x++", 'expecting primary: "x++"'),
        ("2 ** 3", 'expecting primary: "2 ** 3"'),
        ("a b", 'expecting EOF: "a b"'),
    ],
)
def test_errors_read_as_dash(expression: str, message: str) -> None:
    with pytest.raises(
        ArithmeticFailure, match="^" + message.replace("*", r"\*").replace("+", r"\+") + "$"
    ):
        run(expression, {"a": "1", "b": "2", "x": "1"})


def test_a_non_numeric_variable_is_an_illegal_number() -> None:
    with pytest.raises(ArithmeticFailure, match="Illegal number: abc"):
        run("x + 1", {"x": "abc"})


def test_parse_integer() -> None:
    assert [parse_integer(t) for t in ["42", " 7 ", "-3", "0x10", "017", "08", "x"]] == [
        42,
        7,
        -3,
        16,
        15,
        None,
        None,
    ]
