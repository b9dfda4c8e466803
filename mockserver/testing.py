"""Test support: a handle on a running mock (:class:`SandboxApi`) and servers shared by settings.

The pytest plugin builds on these; a suite with another runner can use them directly::

    with ServerPool() as pool:
        api = pool.get(Settings(engine="scripted"))
        api.reset()
        api.add_fixture({"name": "hi", "match": {"command": "hi"}, "respond": {"stdout": "hi"}})
        ...  # the code under test calls api.exec_url
        api.requests.assert_called_once(command="hi")

A handle speaks to the mock through its admin API only, so it works the same over a socket and
over an in-process app (``SandboxApi.over(httpx.Client(transport=..., base_url=...))``).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from mockserver.settings import Settings
from mockserver.verification import RecordedRequest, RequestLog, request_log

#: The sandbox the embedded fixtures define (the spec's example id).
DEFAULT_SANDBOX = "e7847229c547d8"


class AdminError(Exception):
    """The admin API refused a call; the message is its Error answer (with each problem)."""


class SandboxApi:
    """A running mock seen from a test: its URLs, its journal, and what a test may change."""

    def __init__(self, client: httpx.Client, sandbox_id: str = DEFAULT_SANDBOX) -> None:
        self.client = client
        self.url = str(client.base_url).rstrip("/")
        self.sandbox_id = sandbox_id

    @classmethod
    def at(cls, url: str, sandbox_id: str = DEFAULT_SANDBOX) -> SandboxApi:
        """A handle on the mock serving at ``url``."""
        return cls(httpx.Client(base_url=url, timeout=30), sandbox_id)

    @classmethod
    def over(cls, client: httpx.Client, sandbox_id: str = DEFAULT_SANDBOX) -> SandboxApi:
        """A handle that speaks through ``client`` (an in-process transport, say)."""
        return cls(client, sandbox_id)

    @property
    def exec_url(self) -> str:
        """The exec URL of the default sandbox."""
        return self.exec_url_for(self.sandbox_id)

    def exec_url_for(self, sandbox_id: str) -> str:
        return f"{self.url}/api/v1/sandboxes/{sandbox_id}/exec"

    # -- the journal -----------------------------------------------------------------------------

    @property
    def requests(self) -> RequestLog:
        """The requests received since the test began (since the last reset), oldest first."""
        return request_log(self._call("GET", "/requests").json()["requests"])

    def assert_called(self, *, times: int | None = None, **criteria: Any) -> RequestLog:
        """See :meth:`RequestLog.assert_called`."""
        __tracebackhide__ = True
        return self.requests.assert_called(times=times, **criteria)

    def assert_called_once(self, **criteria: Any) -> RecordedRequest:
        __tracebackhide__ = True
        return self.requests.assert_called_once(**criteria)

    def assert_not_called(self, **criteria: Any) -> None:
        __tracebackhide__ = True
        self.requests.assert_not_called(**criteria)

    # -- changes for this test -------------------------------------------------------------------

    def add_fixture(self, entry: Mapping[str, Any] | list[Mapping[str, Any]]) -> list[str]:
        """Add fixtures in the YAML entry format (a mapping, or a list); their names.

        They answer until the next reset (the next test). An entry without a ``name`` is named
        after the line that added it.
        """
        where = _caller()
        entries = [dict(e) for e in (entry if isinstance(entry, list) else [entry])]
        for index, item in enumerate(entries):
            if "name" not in item:
                item["name"] = where if len(entries) == 1 else f"{where}#{index + 1}"
        response = self._call("POST", "/fixtures", json=entries, headers={"X-Source": where})
        names: list[str] = response.json()["added"]
        return names

    def add_sandbox(self, entry: Mapping[str, Any] | None = None, **fields: Any) -> str:
        """Add a sandbox (the YAML ``sandboxes:`` entry format, or its fields as keywords)."""
        sandbox = {**(entry or {}), **fields}
        self._call("POST", "/sandboxes", json=sandbox, headers={"X-Source": _caller()})
        return str(sandbox["id"])

    def reset(self) -> None:
        """Start afresh: empty journal, fresh counts and sandboxes, nothing added."""
        self._call("POST", "/reset")

    def _call(self, method: str, path: str, **options: Any) -> httpx.Response:
        response = self.client.request(method, f"{self.url}/__admin{path}", **options)
        if response.is_error:
            raise AdminError(_explain(response))
        return response

    def close(self) -> None:
        self.client.close()


def _explain(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} {response.text}"
    lines = [f"{body.get('message', response.text)}"]
    details = body.get("details")
    if isinstance(details, dict):
        for problem in details.get("problems") or []:
            lines.append(f"  {problem['where']}: {problem['problem']}\n      fix: {problem['fix']}")
        if "reason" in details:
            lines.append(f"  {details['reason']}")
    return "\n".join(lines)


def _caller() -> str:
    """``file:line`` of the first frame outside this module (where a test called us)."""
    here = Path(__file__).resolve()
    frame = sys._getframe(1)
    while frame.f_back is not None and Path(frame.f_code.co_filename).resolve() == here:
        frame = frame.f_back
    try:
        shown = Path(frame.f_code.co_filename).resolve().relative_to(Path.cwd())
    except ValueError:
        shown = Path(frame.f_code.co_filename)
    # A header is ASCII: a path that is not is kept readable with escapes.
    return f"{shown}:{frame.f_lineno}".encode("ascii", "backslashreplace").decode("ascii")


class ServerPool:
    """One mock per distinct settings, started on first use, all stopped by :meth:`close`."""

    def __init__(self) -> None:
        self._servers: dict[str, Any] = {}
        self._handles: dict[str, SandboxApi] = {}

    def get(self, settings: Settings) -> SandboxApi:
        """The handle on the mock serving ``settings`` (on 127.0.0.1, a free port)."""
        settings = settings.replace(host="127.0.0.1", port=0)
        key = repr(settings)
        handle = self._handles.get(key)
        if handle is None:
            with warnings.catch_warnings():
                # Connexion's imports warn about its own dependencies (Starlette's test client,
                # jsonschema's RefResolver), once: not the suite's business, even under -W error.
                warnings.simplefilter("ignore")
                from mockserver.server import BackgroundServer

            server = BackgroundServer(settings).start()
            self._servers[key] = server
            handle = self._handles[key] = SandboxApi.at(server.url)
        return handle

    def __len__(self) -> int:
        return len(self._servers)

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
        self._handles.clear()

    def __enter__(self) -> ServerPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
