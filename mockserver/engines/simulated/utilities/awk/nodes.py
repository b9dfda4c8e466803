"""The syntax tree of an awk program."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockserver.engines.simulated.utilities.awk.ere import Regex

# ------------------------------------------------------------------------------ expressions


@dataclass(eq=False)
class Num:
    value: float


@dataclass(eq=False)
class Str:
    value: str


@dataclass(eq=False)
class RegexLit:
    """``/re/``: alone it means ``$0 ~ /re/``."""

    regex: Regex


@dataclass(eq=False)
class GlobalVar:
    name: str


@dataclass(eq=False)
class LocalVar:
    """A function parameter, by position in the call frame."""

    index: int
    name: str


@dataclass(eq=False)
class NFVar:
    """``NF``: reading splits the record, assigning rebuilds it."""


@dataclass(eq=False)
class Field:
    index: Expr


ArrayRef = GlobalVar | LocalVar


@dataclass(eq=False)
class Index:
    array: ArrayRef
    subscripts: list[Expr]


LValue = GlobalVar | LocalVar | NFVar | Field | Index


@dataclass(eq=False)
class Assign:
    target: LValue
    op: str  # "=", "+=", ...
    value: Expr


@dataclass(eq=False)
class Cond:
    test: Expr
    yes: Expr
    no: Expr


@dataclass(eq=False)
class Logical:
    op: str  # "&&" or "||"
    left: Expr
    right: Expr


@dataclass(eq=False)
class Not:
    operand: Expr


@dataclass(eq=False)
class Unary:
    op: str  # "-" or "+"
    operand: Expr


@dataclass(eq=False)
class Binary:
    op: str  # + - * / % ^
    left: Expr
    right: Expr


@dataclass(eq=False)
class Concat:
    parts: list[Expr]


@dataclass(eq=False)
class Compare:
    op: str  # < <= == != > >=
    left: Expr
    right: Expr


@dataclass(eq=False)
class Match:
    negate: bool
    subject: Expr
    regex: Expr


@dataclass(eq=False)
class In:
    subscripts: list[Expr]
    array: ArrayRef


@dataclass(eq=False)
class IncDec:
    target: LValue
    delta: float
    prefix: bool


@dataclass(eq=False)
class Call:
    name: str
    args: list[Expr]
    line: int


@dataclass(eq=False)
class Builtin:
    name: str
    args: list[Expr]


@dataclass(eq=False)
class Getline:
    """``getline [var]``, ``getline [var] < file`` or ``cmd | getline [var]``."""

    target: LValue | None
    file: Expr | None = None
    command: Expr | None = None


@dataclass(eq=False)
class Group:
    """``(a, b)``: only as the argument list of print or before ``in``."""

    items: list[Expr]


Expr = (
    Num
    | Str
    | RegexLit
    | GlobalVar
    | LocalVar
    | NFVar
    | Field
    | Index
    | Assign
    | Cond
    | Logical
    | Not
    | Unary
    | Binary
    | Concat
    | Compare
    | Match
    | In
    | IncDec
    | Call
    | Builtin
    | Getline
    | Group
)

# ------------------------------------------------------------------------------- statements


@dataclass(eq=False)
class Print:
    args: list[Expr]
    formatted: bool  # printf
    mode: str | None = None  # ">", ">>" or "|"
    dest: Expr | None = None


@dataclass(eq=False)
class ExprStmt:
    expr: Expr


@dataclass(eq=False)
class If:
    test: Expr
    then: Stmt
    orelse: Stmt | None


@dataclass(eq=False)
class While:
    test: Expr
    body: Stmt


@dataclass(eq=False)
class DoWhile:
    body: Stmt
    test: Expr


@dataclass(eq=False)
class For:
    init: Stmt | None
    test: Expr | None
    step: Stmt | None
    body: Stmt


@dataclass(eq=False)
class ForIn:
    var: LValue
    array: ArrayRef
    body: Stmt


@dataclass(eq=False)
class Block:
    body: list[Stmt] = field(default_factory=list)


@dataclass(eq=False)
class Next:
    file: bool = False  # nextfile


@dataclass(eq=False)
class Exit:
    status: Expr | None


@dataclass(eq=False)
class Return:
    value: Expr | None


@dataclass(eq=False)
class Break:
    pass


@dataclass(eq=False)
class Continue:
    pass


@dataclass(eq=False)
class Delete:
    array: ArrayRef
    subscripts: list[Expr] | None


Stmt = (
    Print
    | ExprStmt
    | If
    | While
    | DoWhile
    | For
    | ForIn
    | Block
    | Next
    | Exit
    | Return
    | Break
    | Continue
    | Delete
)

# ---------------------------------------------------------------------------------- program


@dataclass(eq=False)
class Item:
    """``pattern { action }``; no pattern matches every record, no action prints it."""

    pattern: Expr | None
    end_pattern: Expr | None  # the second pattern of a range
    action: Block | None


@dataclass(eq=False)
class Function:
    name: str
    params: list[str]
    body: Block


@dataclass(eq=False)
class Program:
    begin: list[Block] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    end: list[Block] = field(default_factory=list)
    functions: dict[str, Function] = field(default_factory=dict)
