"""Associative arrays, and the order in which mawk's ``for (k in a)`` visits their keys.

Values live in a dict keyed by the subscript's string. Beside it, :class:`_Order` replays what
mawk's hash tables do with the same accesses (split arrays, integer and string lists, FNV-1
hashing, move-to-front on every lookup, doubling at twelve entries a list on average), because
the loop walks those tables: replaying them is how the simulation lists keys as mawk does.
"""

from __future__ import annotations

from mockserver.engines.simulated.utilities.awk.values import (
    MAX_INT,
    UNINIT,
    StrNum,
    Value,
    num_to_str,
)

#: A subscript as mawk sees it: a number (an integral one takes the integer lists) or a string.
Raw = float | str

_STARTING_HMASK = 63
_MAX_AVE_LIST_LENGTH = 12
_AY_NULL, _AY_INT, _AY_STR, _AY_SPLIT = 0, 1, 2, 4


def _limit(hmask: int) -> int:
    return (hmask + 1) * _MAX_AVE_LIST_LENGTH


def _fnv1(text: str) -> int:
    h = 2166136261
    for byte in text.encode("latin-1", "replace"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


class _Node:
    __slots__ = ("hval", "ival", "sval")

    def __init__(self, sval: str | None, ival: int | None, hval: int) -> None:
        self.sval = sval
        self.ival = ival
        self.hval = hval


class _Order:
    """mawk's ``array.c`` reduced to the keys' places (front of a list = index 0)."""

    def __init__(self) -> None:
        self.reset()
        self._hashes: dict[str, int] = {}

    def reset(self) -> None:
        self.type = _AY_NULL
        self.size = 0
        self.hmask = 0
        self.limit = 0
        self.slists: list[list[_Node]] = []
        self.ilists: list[list[_Node]] = []

    def _hash(self, text: str) -> int:
        h = self._hashes.get(text)
        if h is None:
            if len(self._hashes) > 100_000:
                self._hashes.clear()
            h = self._hashes[text] = _fnv1(text)
        return h

    def _empty_table(self, kind: int) -> None:
        self.type = kind
        self.hmask = _STARTING_HMASK
        self.limit = _limit(self.hmask)
        self.slists = [[] for _ in range(self.hmask + 1)]
        self.ilists = [[] for _ in range(self.hmask + 1)]

    def load(self, count: int) -> None:
        self.reset()
        self.type = _AY_SPLIT
        self.size = count

    def _convert_split(self) -> None:
        size = self.size
        self.hmask = _STARTING_HMASK
        self.limit = _limit(self.hmask)
        while size > self.limit:
            self.hmask = self.hmask * 2 + 1
            self.limit = _limit(self.hmask)
        self.slists = [[] for _ in range(self.hmask + 1)]
        self.ilists = [[] for _ in range(self.hmask + 1)]
        j = 1
        for i in range(size):
            self.ilists[j].insert(0, _Node(None, i + 1, 0))
            j = (j + 1) & self.hmask
        self.type = _AY_INT

    def _double(self) -> None:
        old, new = self.hmask, self.hmask * 2 + 1
        self.slists.extend([] for _ in range(old + 1))
        self.ilists.extend([] for _ in range(old + 1))
        if self.type & _AY_STR:
            for i in range(old + 1):
                nodes = self.slists[i]
                self.slists[i] = [p for p in nodes if p.hval & new == i]
                self.slists[i + old + 1] = [p for p in nodes if p.hval & new != i]
        if self.type & _AY_INT:
            for i in range(old + 1):
                nodes = self.ilists[i]
                self.ilists[i] = [p for p in nodes if _ival(p) & new == i]
                self.ilists[i + old + 1] = [p for p in nodes if _ival(p) & new != i]
        self.hmask = new
        self.limit = _limit(new)

    def _add_string_associations(self) -> None:
        if self.type == _AY_NULL:
            self._empty_table(_AY_STR)
            return
        if self.type == _AY_SPLIT:
            self._convert_split()
        for i in range(self.hmask + 1):
            for p in list(self.ilists[i]):
                p.sval = str(p.ival)
                p.hval = self._hash(p.sval)
                self.slists[p.hval & self.hmask].insert(0, p)
        self.type |= _AY_STR

    def _grow(self) -> None:
        self.size += 1
        if self.size > self.limit:
            self._double()

    def _by_ival(self, ival: int, create: bool) -> _Node | None:
        nodes = self.ilists[ival & self.hmask]
        for k, p in enumerate(nodes):
            if p.ival == ival:
                if k:
                    nodes.insert(0, nodes.pop(k))
                return p
        found: _Node | None
        index = ival & self.hmask
        if self.type & _AY_STR:
            found = self._by_sval(str(ival), create)
            if found is None:
                return None
            # mawk keeps the index it computed before the string lookup grew the table.
        elif create:
            found = _Node(None, None, 0)
            self._grow()
            index = ival & self.hmask
        else:
            return None
        found.ival = ival
        self.type |= _AY_INT
        self.ilists[index].insert(0, found)
        return found

    def _by_sval(self, text: str, create: bool) -> _Node | None:
        h = self._hash(text)
        if not self.type & _AY_STR:
            self._add_string_associations()
        nodes = self.slists[h & self.hmask]
        for k, p in enumerate(nodes):
            if p.hval == h and p.sval == text:
                if k:
                    nodes.insert(0, nodes.pop(k))
                return p
        if not create:
            return None
        found = _Node(text, None, h)
        self._grow()
        self.slists[h & self.hmask].insert(0, found)
        return found

    def find(self, raw: Raw, key: str, create: bool) -> bool:
        """mawk's ``array_find``; whether the element exists (afterwards)."""
        if self.size == 0 and not create:
            return False
        ival = _integral(raw)
        if ival is not None:
            if self.type == _AY_SPLIT:
                if 1 <= ival <= self.size:
                    return True
                if not create:
                    return False
                self._convert_split()
            elif self.type == _AY_NULL:
                self._empty_table(_AY_INT)
            return self._by_ival(ival, create) is not None
        return self._by_sval(key, create) is not None

    def delete(self, raw: Raw, key: str) -> None:
        """mawk's ``array_delete``."""
        if self.size == 0:
            return
        ival = _integral(raw)
        if ival is not None:
            if self.type == _AY_SPLIT:
                if not 1 <= ival <= self.size:
                    return
                self._convert_split()
            node = self._by_ival(ival, False)
            if node is None:
                return
            _unlink(self.ilists, ival & self.hmask, node)
            if node.sval is not None:
                _unlink(self.slists, node.hval & self.hmask, node)
        else:
            node = self._by_sval(key, False)
            if node is None:
                return
            _unlink(self.slists, node.hval & self.hmask, node)
            if node.ival is not None:
                _unlink(self.ilists, node.ival & self.hmask, node)
        self.size -= 1
        if self.size == 0:
            self.reset()

    def keys(self) -> list[str]:
        """``array_loop_vector``: the keys, list by list."""
        if self.size == 0:
            return []
        if not self.type & _AY_STR:
            self._add_string_associations()
        return [p.sval for nodes in self.slists for p in nodes if p.sval is not None]


def _unlink(lists: list[list[_Node]], index: int, node: _Node) -> None:
    """Take ``node`` out of its list (mawk may have filed it under an older index)."""
    if node in lists[index]:
        lists[index].remove(node)
        return
    for nodes in lists:
        if node in nodes:
            nodes.remove(node)
            return


def subscript_of(value: Value, convfmt: str) -> tuple[Raw, str]:
    """One subscript's value as mawk looks it up, and its string."""
    if isinstance(value, float):
        return value, num_to_str(value, convfmt)
    if isinstance(value, StrNum):
        return value.text, value.text
    if isinstance(value, str):
        return value, value
    return "", ""


def _ival(node: _Node) -> int:
    return node.ival if node.ival is not None else 0


def _integral(raw: Raw) -> int | None:
    if isinstance(raw, float) and -MAX_INT <= raw <= MAX_INT and raw.is_integer():
        return int(raw)
    return None


class AwkArray(dict[str, Value]):
    """An awk array: values by string key, with mawk's iteration order kept alongside.

    Reach elements through :meth:`ref`, :meth:`put`, :meth:`has`, :meth:`remove`; ``raw`` is
    the subscript's value (a number or the string) and ``key`` its string.
    """

    __slots__ = ("_order",)

    def __init__(self) -> None:
        super().__init__()
        self._order = _Order()

    @classmethod
    def of(cls, items: list[tuple[Raw, Value]]) -> AwkArray:
        array = cls()
        for raw, value in items:
            array.put(raw, raw if isinstance(raw, str) else str(int(raw)), value)
        return array

    def touch(self, raw: Raw, key: str) -> None:
        """Look the element up as mawk does when it takes its address (creating it)."""
        self._order.find(raw, key, True)

    def ref(self, raw: Raw, key: str) -> Value:
        """``a[k]`` as a value: the element, created if absent."""
        self._order.find(raw, key, True)
        return self.setdefault(key, UNINIT)

    def put(self, raw: Raw, key: str, value: Value) -> None:
        self._order.find(raw, key, True)
        self[key] = value

    def has(self, raw: Raw, key: str) -> bool:
        """``k in a`` (mawk's lookup also moves the element to the front of its list)."""
        self._order.find(raw, key, False)
        return key in self

    def remove(self, raw: Raw, key: str) -> None:
        self._order.delete(raw, key)
        self.pop(key, None)

    def remove_all(self) -> None:
        self._order.reset()
        self.clear()

    def load(self, parts: list[str]) -> None:
        """What ``split`` leaves: ``a[1..n]``, as strnums."""
        self.clear()
        self._order.load(len(parts))
        for i, part in enumerate(parts, 1):
            self[str(i)] = StrNum(part)

    def loop_keys(self) -> list[str]:
        """The keys in the order mawk's ``for (k in a)`` visits them."""
        return self._order.keys()
