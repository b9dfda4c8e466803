"""Shell patterns for case and ${x#p}: *, ?, brackets, classes, escapes."""

from __future__ import annotations

import pytest

from mockserver.engines.simulated.patterns import (
    escape,
    has_magic,
    matches,
    strip_prefix,
    strip_suffix,
)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "dir/a.txt", True),
        ("?", "ab", False),
        ("[a-c]x", "bx", True),
        ("[!a-c]x", "bx", False),
        ("[[:digit:]]*", "7up", True),
        ("\\*", "*", True),
        ("\\*", "a", False),
        ("[", "[", True),
        ("a*b*c", "aXbYc", True),
    ],
)
def test_matches(pattern: str, text: str, expected: bool) -> None:
    assert matches(pattern, text) is expected


def test_escape_makes_text_literal() -> None:
    assert matches(escape("a*[b]?"), "a*[b]?")
    assert not has_magic(escape("*?["))
    assert has_magic("a*")


def test_prefix_and_suffix_removal() -> None:
    value = "path/to/file.tar.gz"
    assert strip_prefix(value, "*/", longest=False) == "to/file.tar.gz"
    assert strip_prefix(value, "*/", longest=True) == "file.tar.gz"
    assert strip_suffix(value, ".*", longest=False) == "path/to/file.tar"
    assert strip_suffix(value, ".*", longest=True) == "path/to/file"
    assert strip_prefix(value, "x*", longest=True) == value
