"""The engine interface: what runs one command and reports what it wrote, as it writes it.

An engine turns an :class:`ExecRequest` into an asynchronous stream of events: any number of
:class:`Output` chunks, in the order the command produced them, then exactly one terminal event,
:class:`Exit` (the command ran) or :class:`Failure` (it could not be started at all). Engines know
nothing of HTTP, JSON or SSE; the exec service renders the same stream both ways.

Rules every engine follows:

* Yield each chunk as soon as the command produces it (no buffering to the end): the SSE answer
  is paced by the iteration.
* Honour ``request.timeout``: when it runs out, stop the command (its whole process group) and
  end with ``Exit(124, timed_out=True)`` after the output produced so far.
* Keep running when the consumer stops listening: the service drains a stream whose client has
  gone, so a command is never killed by a disconnect. Background calls are drained the same way.
* Output is text: bytes decoded as UTF-8 with invalid sequences replaced by U+FFFD (use an
  incremental decoder so a character split over two reads survives).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, Protocol, runtime_checkable

from mockserver.sandboxes import Sandbox

Stream = Literal["stdout", "stderr"]

_NO_HEADERS: Mapping[str, str] = MappingProxyType({})

#: Exit code of a command stopped by its timeout (as coreutils ``timeout`` reports it).
TIMEOUT_EXIT_CODE = 124
#: Exit code of a command that could not be started (as POSIX shells report it).
CANNOT_RUN_EXIT_CODE = 126
#: Exit code of a command that was not found (as POSIX shells report it).
NOT_FOUND_EXIT_CODE = 127


@dataclass(slots=True)
class Answerer:
    """What answered one call, filled in while it is answered (the request journal shows it).

    The engine chain names the engine that took the call; the scripted engine also names the
    fixture and where it was written.
    """

    engine: str | None = None
    fixture: str | None = None
    #: Where the fixture was written: ``file:line:column``, or where it was added at run time.
    location: str | None = None

    def __str__(self) -> str:
        if self.fixture is not None:
            where = f" ({self.location})" if self.location else ""
            return f"fixture {self.fixture!r}{where}"
        return f"engine {self.engine!r}" if self.engine else "no engine"


@dataclass(frozen=True, slots=True)
class ExecRequest:
    """One call, with every option resolved against the sandbox's defaults."""

    sandbox: Sandbox
    command: str
    #: Written whole to standard input, which is then closed. Empty when the call gave none.
    stdin: str
    #: The sandbox's environment with the call's ``options.env`` merged over it.
    env: Mapping[str, str]
    #: The call's ``options.env`` alone (what a fixture may match on).
    call_env: Mapping[str, str]
    #: Absolute working directory: the call's ``options.cwd`` or the sandbox default.
    cwd: str
    #: Seconds before the command is stopped; None means no limit.
    timeout: float | None
    container: str
    background: bool = False
    #: The call's HTTP headers, names in lower case (scripted fixtures may match on them).
    headers: Mapping[str, str] = field(default_factory=lambda: _NO_HEADERS)
    #: Set by the engine that answers (see :class:`Answerer`); not part of the call's identity.
    answered_by: Answerer = field(default_factory=Answerer, compare=False)


@dataclass(frozen=True, slots=True)
class Output:
    """A chunk the command wrote to one of its output streams."""

    stream: Stream
    data: str


@dataclass(frozen=True, slots=True)
class Exit:
    """The command ended with this exit code (``timed_out`` when its timeout stopped it)."""

    code: int
    timed_out: bool = False

    @property
    def success(self) -> bool:
        return self.code == 0


@dataclass(frozen=True, slots=True)
class Failure:
    """The command could not be run at all; ``message`` says why in one sentence."""

    message: str


@dataclass(frozen=True, slots=True)
class Cut:
    """A scripted fault: the answer breaks off here (the connection is dropped, no terminal event)."""


Event = Output | Exit | Failure | Cut
Execution = AsyncIterator[Event]


class Held:
    """A scripted fault: an execution whose answer must not start for ``seconds``.

    Nothing at all, not even the status line, is sent before then (a slow first byte). The
    events are ``execution``'s, which waits the same time itself before its first one; the
    renderer holds back what it would send at once (the SSE status line and ``start``).
    """

    def __init__(self, seconds: float, execution: Execution) -> None:
        self.seconds = seconds
        self._execution = execution

    def __aiter__(self) -> Held:
        return self

    async def __anext__(self) -> Event:
        return await self._execution.__anext__()

    async def aclose(self) -> None:
        close = getattr(self._execution, "aclose", None)
        if close is not None:
            await close()


def held_for(execution: Execution) -> float:
    """Seconds before anything of ``execution``'s answer may be sent (0 for most)."""
    return execution.seconds if isinstance(execution, Held) else 0.0


class Rejected(Exception):
    """An engine refuses the call as the API refuses a request (a scripted error answer).

    Raised by ``execute()`` itself, before any event, so the answer can still carry the status
    (once an SSE stream has started it cannot: raised later, it becomes a ``Failure``). The
    answer is ``status`` with ``headers`` and ``body``: a JSON value, text (``str``), or None for
    the spec's Error schema built from ``message`` and ``details``. ``delay`` seconds pass before
    its status line is sent. Any status from 300 to 599 may be given, documented or not.
    """

    def __init__(
        self,
        status: int,
        message: str,
        details: Mapping[str, object] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        body: object = None,
        delay: float = 0.0,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = dict(details) if details is not None else None
        self.headers: dict[str, str] = dict(headers or {})
        self.body = body
        self.delay = delay


@runtime_checkable
class Engine(Protocol):
    """Runs commands. Engines are chained: each may decline a request by returning None."""

    name: str

    def execute(self, request: ExecRequest) -> Execution | None:
        """Start the command and return its event stream, or None to let the next engine answer.

        May raise :class:`Rejected` for a scripted error answer.
        """
        ...

    def forget(self, sandbox_id: str | None = None) -> None:
        """Forget what calls left behind in one sandbox (all when None): files, working
        directory, background commands. The next call finds the sandbox as new (a test's reset).
        """
        ...

    async def aclose(self) -> None:
        """Stop everything still running (background commands) and release resources."""
        ...
