"""A script's text as dash's lexer reads it, rewritten into forms tree-sitter-bash reads alike.

dash removes a backslash-newline everywhere outside single quotes (even inside a keyword or an
operator), reads a here-document's body after the next newline, and reads a backquoted command
by removing the backslashes before `` ` ``, ``$`` and ``\\`` (and ``"`` inside double quotes).
tree-sitter-bash does none of these as dash does, so :func:`prepare` does them first:

* each backslash-newline is removed, and its newline is put back after the next newline
  of the script, so later lines keep their line numbers;
* each here-document becomes a redirection from a marker word (see :mod:`heredocs`);
* each backquoted command becomes ``$(...)`` around its unescaped text;
* ``$( )`` bodies are prepared the same way, recursively;
* the forms of dash's grammar tree-sitter-bash lacks get their equivalent: ``for x do`` is
  ``for x; do``, ``for x<newline>in`` is ``for x in``, and a reserved word right after a
  compound command's ``)``, ``}``, ``fi``, ``done`` or ``esac`` gets a ``;`` before it (``if { a; } then``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockserver.engines.simulated import heredocs, words
from mockserver.engines.simulated.heredocs import HereDocument, Pending, Unreadable
from mockserver.engines.simulated.words import matching_paren

#: `! { ...; }`: tree-sitter-bash negates only simple commands and subshells, so a negated
#: compound command becomes the compound followed by a redirection from this marker, which the
#: interpreter reads as "negate" (see ``statements``).
NEGATION = words.MARK + "!" + words.MARK
_OPENERS = {"{": "}", "if": "fi", "case": "esac", "while": "done", "until": "done", "for": "done"}
_NEGATED = re.compile(r"![ \t]+(\{|if|case|while|until|for)" + r"(?=[ \t\n;&|()<>]|$)")
#: `<>`'s target, marked: tree-sitter-bash has no read-write redirection.
READ_WRITE = words.MARK + "readwrite" + words.MARK
#: Two digits or more right before `<` or `>`: a word to dash, then a redirection.
_DIGITS = re.compile(r"([0-9]{2,})(?=[<>])")
_BLANK_OR_END = {"", " ", "\t", "\n", ";", "&", "|", ")"}
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_COMMENT = re.compile(r"(?:^|[ \t\n;&|()])#")
_END = r"(?=[ \t\n;&|()<>]|$)"
_FUNCTION = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*[ \t]*\([ \t]*\)[ \t\n]*)(?:for|while|until|if|case)" + _END
)
#: `for x do` and `for x<newline>in`, which tree-sitter-bash refuses.
_FOR = re.compile(r"for[ \t]+([A-Za-z_][A-Za-z0-9_]*)([ \t]*\n[ \t\n]*|[ \t]*)(do|in)" + _END)
_RESERVED = re.compile(r"(?:then|do|done|else|elif|if|fi|while|until|case|esac|\{|\}|!)" + _END)
#: What cannot follow `do`, `then`, `else`, `{` or `(`: an empty body.
_NO_COMMAND = re.compile(r"[ \t\n]*(;;|;|\)|(?:done|fi|else|elif|esac|then|do|\})" + _END + ")")
#: A reserved word right after a compound command's end (`until (false) do`, `fi do`).
_AFTER_CLOSE = re.compile(r"[ \t]*(?:then|do|done|fi|esac|elif|else|\})" + _END)


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str
    #: A here-document dash cannot read, if any.
    unreadable: Unreadable | None = None


def prepare(source: str) -> Prepared:
    scanner = _Scanner(source)
    text = scanner.run() + "\n" * max(scanner.owed, 0)
    problems = sorted(scanner.problems, key=lambda problem: problem.first_line)
    return Prepared(text, problems[0] if problems else None)


@dataclass
class _Scanner:
    source: str
    out: list[str] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    problems: list[Unreadable] = field(default_factory=list)
    #: Newlines taken out with backslash-newlines, to put back after the next newline.
    owed: int = 0
    #: Whether the next word starts a command (where reserved words are recognised).
    command: bool = True
    #: Open ``case`` and ``{`` reserved words.
    cases: int = 0
    braces: int = 0
    #: Inside a command that starts with ``[[`` (which tree-sitter-bash parses as bash's).
    double_brackets: bool = False
    #: The closers of the compound commands open here, and what goes after each (a negation
    #: marker, the end of a function body's group).
    compounds: list[tuple[str, str]] = field(default_factory=list)
    #: The command so far is only assignments (``a=1 b=2``).
    assignments_only: bool = False
    negate_next: bool = False
    wrap_next: bool = False
    #: Inside a command named ``[``.
    test_command: bool = False
    i: int = 0

    def run(self) -> str:
        """The prepared text; newlines still owed stay in ``owed`` for the caller."""
        source, out = self.source, self.out
        n = len(source)
        word_start = True
        while self.i < n:
            i = self.i
            c = source[i]
            if c == "\\":
                if source[i + 1 : i + 2] == "\n":
                    self.owed += 1
                else:
                    out.append(source[i : i + 2])
                    word_start = self.command = False
                self.i += 2
                continue
            if c == "'":
                close = source.find("'", i + 1)
                close = n - 1 if close < 0 else close
                out.append(source[i : close + 1])
                self.i = close + 1
                word_start = self.command = False
                continue
            if c == '"':
                self._double_quoted()
                word_start = self.command = False
                continue
            if c == "`":
                self._backquoted(in_double_quotes=False)
                word_start = self.command = False
                continue
            if c == "#" and word_start:
                if self.assignments_only:
                    out.append(";")
                    self.assignments_only = False
                newline = source.find("\n", i)
                newline = n if newline < 0 else newline
                out.append(source[i:newline])
                self.i = newline
                continue
            if c == "$" and self._dollar():
                word_start = self.command = False
                continue
            if source.startswith("<<<", i):  # bash's here-string: left for the parser to refuse
                out.append("<<<")
                self.i += 3
                continue
            if source.startswith("<<", i):
                operator = heredocs.operator(source, i)
                if operator is not None:
                    end, delimiter, strip_tabs, expands = operator
                    out.append("")  # the marker, once the body is read
                    line = source.count("\n", 0, i) + 1
                    self.pending.append(Pending(delimiter, strip_tabs, expands, len(out) - 1, line))
                    self.i = end
                    word_start = self.command = False
                    continue
            if c == "\n":
                if self.assignments_only:  # tree-sitter-bash runs `a=1 b=2` into the next line
                    out.append(";")
                    self.assignments_only = False
                count = 1 + self.owed
                out.append("\n" * max(count, 1))
                self.owed = min(count - 1, 0)
                self.i += 1
                if self.pending:
                    self.i = heredocs.read_bodies(source, self.i, self.pending, out, self.problems)
                    self.pending = []
                word_start = self.command = True
                self.test_command = False
                continue
            if word_start:
                assignment = _ASSIGNMENT.match(source, i) is not None
                self.assignments_only = assignment and (self.command or self.assignments_only)
            if word_start and self.command and self._function_header():
                continue
            if word_start and self.command and c == "{" and not _RESERVED.match(source, i):
                out.append("'{'")  # `{cmd`: a word, not a group
                self.i += 1
                word_start = self.command = False
                continue
            if word_start and self.command and self._reserved_word():
                word_start = False
                continue
            if source.startswith(";;", i) and not self.cases:
                self._refuse(i, '";;" unexpected')
            if source.startswith(";&", i) or source.startswith(";;&", i):
                self._refuse(i, '"&" unexpected')  # bash's case fall-throughs
            if source.startswith("<>", i):  # read-write: `<` from a marked target (redirection)
                out.append("< " + READ_WRITE)
                self.i += 2
                word_start = False
                continue
            if word_start and (digits := _DIGITS.match(source, i)) is not None:
                out.append(digits.group(1) + " ")  # dash reads one digit as a descriptor only
                self.i = digits.end(1)
                word_start = self.command = False
                continue
            if word_start and source.startswith("0<", i):
                self.i += 1  # `0<f` is `<f`; tree-sitter-bash reads the 0 as an argument
                continue
            if word_start and self.command and c == "[" and source[i + 1 : i + 2] in _BLANK_OR_END:
                out.append("'['")  # dash's `[` is a command like any other, not bash's syntax
                self.i += 1
                word_start = self.command = False
                self.test_command = True
                continue
            if (
                word_start
                and self.test_command
                and c == "]"
                and source[i + 1 : i + 2] in _BLANK_OR_END
            ):
                out.append("']'")  # tree-sitter-bash drops one of `] ]`
                self.i += 1
                word_start = False
                continue
            if word_start and self.command:
                self.double_brackets = source.startswith("[[", i)  # bash's, read as bash's
            if word_start and source.startswith("==", i) and not self.double_brackets:
                out.append("\\")  # `==` is a word to dash, an operator to tree-sitter-bash
            if c == "(" and self.command:
                self._expect_command(i + 1)
                if source.startswith("((", i):  # no arithmetic command in dash: two subshells
                    out.append("( ")
                    self.i += 1
                    continue
            out.append(c)
            word_start = c in heredocs.METACHARACTERS
            self.i += 1
            if c in ";&|()\n":
                self.command = True
                self.assignments_only = self.test_command = False
            elif c not in " \t":
                self.command = False
            if c == ")" and _AFTER_CLOSE.match(source, self.i):
                out.append(";")
        for document in self.pending:  # the text ended first: dash reads empty here-documents
            out[document.slot] = "<" + heredocs.encode(HereDocument("", document.expands))
        return "".join(out)

    def _reserved_word(self) -> bool:
        """A reserved word at the start of a command, with what tree-sitter-bash needs after it."""
        negated = _NEGATED.match(self.source, self.i)
        if negated is not None:  # `! {`: the `!` becomes a marker after the closer
            self.i = negated.start(1)
            self.negate_next = True
        if self.source.startswith("for", self.i) and self._for():
            self._open("done")
            return True
        found = _RESERVED.match(self.source, self.i)
        if found is None:
            return False
        word = found.group()
        self.out.append(word)
        self.i = found.end()
        if word in _OPENERS and word != "for":
            self._open(_OPENERS[word])
        elif self.compounds and word == self.compounds[-1][0]:
            self.out.append(self.compounds.pop()[1])
        if word == "case":
            self.cases += 1
        elif word == "esac" and self.cases:
            self.cases -= 1
        elif word == "{":
            self.braces += 1
        elif word == "}":
            if not self.braces:
                self._refuse(found.start(), '"}" unexpected')
            self.braces = max(self.braces - 1, 0)
        if word in {"do", "then", "else", "{", "if", "elif", "while", "until"}:
            self._expect_command(self.i)
        if word in {"fi", "done", "esac", "}"}:
            self.command = False
            if _AFTER_CLOSE.match(self.source, self.i):
                self.out.append(";")
                self.command = True
        else:
            self.command = word != "case"
        return True

    def _open(self, closer: str) -> None:
        suffix = (" <" + NEGATION if self.negate_next else "") + ("; }" if self.wrap_next else "")
        self.compounds.append((closer, suffix))
        self.negate_next = self.wrap_next = False

    def _function_header(self) -> bool:
        """``f() for ...; done``: a body that is not a group gets one (tree-sitter-bash wants
        ``{`` or ``(``), closed after the compound's own closer."""
        found = _FUNCTION.match(self.source, self.i)
        if found is None:
            return False
        self.out.append(found.group(1) + "{ ")
        self.i = found.end(1)
        self.wrap_next = True
        return True

    def _expect_command(self, i: int) -> None:
        """dash wants a command after ``if``, ``then``, ``do``, ``{``, ``(`` and the like."""
        found = _NO_COMMAND.match(self.source, i)
        if found is not None:
            self._refuse(found.start(1), f'"{found.group(1)}" unexpected')

    def _refuse(self, i: int, message: str) -> None:
        line = self.source.count("\n", 0, i) + 1
        self.problems.append(Unreadable(line, message, line))

    def _for(self) -> bool:
        found = _FOR.match(self.source, self.i)
        if found is None:
            return False
        name, gap, keyword = found.groups()
        if keyword == "do":
            self.out.append(f"for {name};{gap}")
            self.i = found.start(3)
        else:
            self.out.append(f"for {name} ")
            self.owed += gap.count("\n")
            self.i = found.start(3)
        return True

    def _dollar(self, *, quoted: bool = False) -> bool:
        """``$((...))`` copied; ``$(...)`` prepared recursively; the operand of ``${x-...}``
        hidden in a marker (tree-sitter-bash misreads ``${x#[]a]}``, ``"${x#\\'}"``). False
        for anything else."""
        source, i = self.source, self.i
        if source.startswith("${", i):
            span = words.operand_span(source, i, quoted=quoted)
            if span is None:
                return False
            start, close = span
            operand = source[start:close]
            self.owed += operand.count("\n")
            self.out.append(source[i:start] + words.encode_operand(operand) + "}")
            self.i = close + 1
            return True
        if source.startswith("$((", i):
            shut = matching_paren(source, i + 3)
            if shut is not None and source[shut + 1 : shut + 2] == ")":
                self.out.append(source[i : shut + 2])
                self.i = shut + 2
                return True
        if source.startswith("$(", i):
            shut = matching_paren(source, i + 2)
            if shut is None:
                return False
            self.out.append("$(" + self._nested(source[i + 2 : shut]) + ")")
            self.i = shut + 1
            return True
        return False

    def _double_quoted(self) -> None:
        source, out = self.source, self.out
        out.append('"')
        self.i += 1
        while self.i < len(source):
            i = self.i
            c = source[i]
            if c == "\\":
                if source[i + 1 : i + 2] == "\n":
                    self.owed += 1
                else:
                    out.append(source[i : i + 2])
                self.i += 2
                continue
            if c == '"':
                out.append('"')
                self.i += 1
                return
            if c == "`":
                self._backquoted(in_double_quotes=True)
                continue
            if c == "$" and self._dollar(quoted=True):
                continue
            out.append(c)
            self.i += 1

    def _backquoted(self, *, in_double_quotes: bool) -> None:
        """`` `cmd` `` as ``$(cmd)``, with dash's unescaping of the backquoted text."""
        source, i = self.source, self.i
        keep = '$`\\"' if in_double_quotes else "$`\\"
        body: list[str] = []
        j = i + 1
        while j < len(source) and source[j] != "`":
            if source[j] == "\\" and j + 1 < len(source):
                following = source[j + 1]
                if following == "\n":
                    self.owed += 1
                elif following in keep:
                    body.append(following)
                else:
                    body.append(source[j : j + 2])
                j += 2
                continue
            body.append(source[j])
            j += 1
        if j >= len(source):  # unterminated: left for the parser to report
            self.out.append(source[i:])
            self.i = len(source)
            return
        text = self._nested("".join(body))
        if _COMMENT.search(text):  # it would run on to the `)`: end it with a newline, taken back
            text += "\n"
            self.owed -= 1
        space = " " if text.startswith("(") else ""  # `(a)` is no arithmetic `$((a))`
        self.out.append("$(" + space + text + ")")
        self.i = j + 1

    def _nested(self, text: str) -> str:
        inner = _Scanner(text)
        prepared = inner.run()
        self.problems += inner.problems
        self.owed += inner.owed
        return prepared
