"""A small, correct Sandbox API backend (real ``/bin/sh``), and single-defect variants of it.

Independent of mockserver's own server: a raw ASGI app, so every byte it answers is chosen here.
``Backend(defect="...")`` switches on exactly one deliberate departure from the contract.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

EXEC_PATH = re.compile(r"^/api/v1/sandboxes/([^/]+)/exec$")
SURROGATE = re.compile(r"[\ud800-\udfff]")
SCRATCH = re.compile(r"/tmp/mockserver-check-[0-9a-f]+")
SANDBOX_ID = "sbx-ref"

#: Departures real backends make that the contract tolerates: the checker must accept each.
TOLERANCES: frozenset[str] = frozenset(
    {
        "unrunnable_as_400",  # a 4xx Error for schema-valid but unrunnable input
        "missing_cwd_as_400",  # a 400 Error for a cwd that does not exist
        "timeout_exit_137",  # a timed-out command reports 137 (SIGKILL)
        "extra_fields",  # extra fields in answers, events and errors; Allow lists OPTIONS too
        "keepalive_comments",  # SSE comment lines while the command is silent
        "error_without_details",  # Error bodies without the optional details
        "crlf_sse",  # SSE lines ended by CRLF
        "integral_float_as_int",  # a timeout of 5.0 read as the integer 5 (newer JSON Schema)
        "background_unchecked",  # background calls answer at once, even with unrunnable input
    }
)

#: Departures that no check is meant for: they break the sandbox under later checks.
SABOTAGE = frozenset({"scratch_lost_on_exit"})  # the scratch directory removed by 'exit N'

#: Every defect a variant can carry, with the check expected to catch it.
DEFECTS: dict[str, str] = {
    "exit_code_as_string": "exit_codes",
    "success_mismatch": "exit_codes",
    "stderr_merged": "stdout_stderr_apart",
    "stdout_trimmed": "stdout_stderr_apart",
    "invalid_utf8_dropped": "invalid_utf8_replaced",
    "env_leaks": "env_merged_not_persisted",
    "env_replaces": "env_merged_not_persisted",
    "stdin_ignored": "stdin_round_trip",
    "stdin_left_open": "stdin_absent_is_empty",
    "cwd_ignored": "cwd_option",
    "cd_persists": "fresh_shell_per_call",
    "timeout_ignored": "timeout_kills",
    "timeout_in_ms": "timeout_kills",
    "zero_timeout_kills": "timeout_zero_is_unlimited",
    "background_waits": "background_answers_at_once",
    "large_output_truncated": "large_output",
    "files_not_persisted": "files_persist",
    "exit_code_wrapped": "exit_codes",
    "unknown_sandbox_runs": "unknown_sandbox_404",
    "not_found_body_wrong": "unknown_sandbox_404",
    "error_problem_json": "bad_input_400",
    "error_code_string": "bad_input_400",
    "crash_on_bad_input": "bad_input_400",
    "negative_timeout_accepted": "bad_input_400",
    "unrunnable_crash": "unrunnable_input",
    "surrogate_crash": "lone_surrogate",
    "no_405": "other_methods_405",
    "html_404_path": "unknown_path_404",
    "sse_no_start": "sse_equals_json",
    "sse_ids_from_zero": "sse_equals_json",
    "sse_no_complete": "sse_equals_json",
    "sse_multiline_data": "sse_equals_json",
    "sse_buffered": "sse_incremental",
    "sse_stderr_held_back": "sse_incremental",
    "sse_never_closes": "sse_equals_json",
    "sse_hangs": "sse_equals_json",
    "sse_for_any_accept": "accept_negotiation",
    "sse_error_as_stream": "sse_request_errors_json",
    "disconnect_kills": "sse_disconnect_keeps_running",
    # Quieter departures, of the kind real backends ship:
    "utf8_split_per_read": "utf8_split_across_reads",  # each read decoded on its own
    "crlf_translated": "stdout_stderr_apart",  # CR LF and lone CR turned into LF
    "stdin_truncated": "stdin_large",  # stdin cut at one pipe buffer (64 KiB)
    "timeout_ignored_with_options": "timeout_with_other_options",
    "timed_out_from_exit_code": "sse_equals_json",  # timedOut = (exitCode == 124)
    "cwd_unquoted": "cwd_option",  # cwd applied as `cd <cwd> && command`, unquoted
    "cwd_persists": "cwd_option",  # a call's cwd stays for later calls
    "env_lowercase_dropped": "env_merged_not_persisted",
    "background_without_options": "background_answers_at_once",  # no env, no cwd
    "background_killed_on_close": "background_answers_at_once",
    "tmp_not_persisted": "files_persist",  # a fresh /tmp for every call
    "sandbox_prefix_match": "unknown_sandbox_404",  # ids matched by prefix
    "surrogate_in_options_crash": "lone_surrogate",  # 500 for a surrogate in env, cwd, container
    "disconnect_kills_on_write": "sse_disconnect_keeps_running",  # killed on its next write
}


@dataclass(slots=True)
class Sandbox:
    id: str
    root: Path
    env: dict[str, str]
    cwd: Path = field(default=Path("/"))


@dataclass(slots=True)
class Outcome:
    stdout: str
    stderr: str
    exit_code: int
    timed_out: bool = False


class Refusal(Exception):
    def __init__(self, status: int, message: str, field_name: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field_name = field_name


@dataclass
class Backend:
    """The ASGI app. One instance per server: all state lives here."""

    root: Path
    defect: str | None = None
    tolerances: frozenset[str] = frozenset()
    sandboxes: dict[str, Sandbox] = field(default_factory=dict)
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    #: Scratch directories the checker made (watched by the scratch_lost_on_exit sabotage).
    scratches: list[str] = field(default_factory=list)
    #: Whether the connection from a client address is still open (set by RunningServer).
    connection_open: Callable[[Any], bool] = lambda client: True

    def __post_init__(self) -> None:
        if self.defect is not None and self.defect not in DEFECTS and self.defect not in SABOTAGE:
            raise ValueError(f"unknown defect {self.defect!r}")
        if not self.tolerances <= TOLERANCES:
            raise ValueError(f"unknown tolerances {sorted(self.tolerances - TOLERANCES)}")
        home = self.root / SANDBOX_ID
        home.mkdir(parents=True, exist_ok=True)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "SANDBOX": "ref"}
        self.sandboxes[SANDBOX_ID] = Sandbox(SANDBOX_ID, home, env, home)

    def has(self, defect: str) -> bool:
        return self.defect == defect

    def allows(self, tolerance: str) -> bool:
        return tolerance in self.tolerances

    # -- ASGI ----------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    running = list(self.tasks)
                    for task in running:
                        task.cancel()
                    # Let each command be killed and reaped before the loop closes.
                    await asyncio.gather(*running, return_exceptions=True)
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            await self.dispatch(scope, headers, body, send, receive)
        except Refusal as refusal:
            stream = prefers_stream(headers.get("accept", ""))
            if self.has("sse_error_as_stream") and stream and refusal.status in (400, 404):
                await self.error_as_stream(send, refusal.message)
                return
            await self.error(send, refusal.status, refusal.message, refusal.field_name)

    async def dispatch(
        self, scope: Scope, headers: dict[str, str], body: bytes, send: Send, receive: Receive
    ) -> None:
        match = EXEC_PATH.match(scope["path"])
        if match is None:
            if self.has("html_404_path"):
                await respond(send, 404, "text/html", b"<h1>Not Found</h1>")
                return
            raise Refusal(404, "No such path")
        if scope["method"] != "POST":
            if self.has("no_405"):
                raise Refusal(404, "No such path")
            allow = b"POST, OPTIONS" if self.allows("extra_fields") else b"POST"
            await self.error(send, 405, "Method not allowed", None, [(b"allow", allow)])
            return
        wants_stream = prefers_stream(headers.get("accept", ""))
        if self.has("sse_for_any_accept") and headers.get("accept", "*/*") == "*/*":
            wants_stream = True
        request = self.parse(body)
        sandbox = self.sandboxes.get(match.group(1))
        if sandbox is None and self.has("sandbox_prefix_match"):
            wanted = match.group(1)
            sandbox = next(
                (box for name, box in self.sandboxes.items() if name.startswith(wanted[:-1])),
                None,
            )
        if sandbox is None:
            if not self.has("unknown_sandbox_runs"):
                if self.has("not_found_body_wrong"):
                    await respond(send, 404, "application/json", b'{"error":"Sandbox not found"}')
                    return
                raise Refusal(404, "Sandbox not found", "id")
            sandbox = self.sandboxes[SANDBOX_ID]
        options = request.get("options") or {}
        if options.get("container", "app") != "app":
            raise Refusal(404, "Container not found", "options.container")
        reason = self.unrunnable(sandbox, request)
        missing_cwd = reason is not None and "does not exist" in reason
        if reason is not None and self.allows("unrunnable_as_400") and not missing_cwd:
            raise Refusal(400, reason, "options")
        if reason is not None and self.allows("missing_cwd_as_400") and "does not exist" in reason:
            raise Refusal(400, reason, "options.cwd")
        if wants_stream and self.has("sse_hangs"):
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"text/event-stream")],
                }
            )
            await asyncio.sleep(3600)
        if wants_stream:
            await self.stream(send, receive, sandbox, request)
        else:
            outcome = await self.run_to_end(sandbox, request, scope.get("client"))
            await self.answer(send, outcome)

    def parse(self, body: bytes) -> dict[str, Any]:
        try:
            value = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            if self.has("crash_on_bad_input"):
                raise Refusal(500, "Internal Server Error") from error
            raise Refusal(400, "The body is not valid JSON") from error
        scrubbed = scrub_surrogates(value)
        if self.has("surrogate_crash") and scrubbed != value:
            raise Refusal(500, "Internal Server Error")
        if self.has("surrogate_in_options_crash") and isinstance(value, dict):
            options = value.get("options")
            env = options.get("env", {}) if isinstance(options, dict) else {}
            fields = (
                [*env, *env.values(), options.get("cwd"), options.get("container")]
                if isinstance(options, dict) and isinstance(env, dict)
                else []
            )
            if scrub_surrogates(fields) != fields:
                raise Refusal(500, "Internal Server Error")
        value = scrubbed
        if not isinstance(value, dict):
            if self.has("crash_on_bad_input"):
                raise Refusal(500, "Internal Server Error")
            raise Refusal(400, "The body must be a JSON object")
        command = value.get("command")
        if not isinstance(command, str) or command == "":
            raise Refusal(400, "command must be a non-empty string", "command")
        options = value.get("options", {})
        if not isinstance(options, dict):
            raise Refusal(400, "options must be an object", "options")
        kinds: dict[str, Any] = {"stdin": str, "container": str, "cwd": str, "background": bool}
        for name, kind in kinds.items():
            if name in options and not isinstance(options[name], kind):
                raise Refusal(400, f"options.{name} has the wrong type", f"options.{name}")
        if "timeout" in options:
            timeout = options["timeout"]
            whole = isinstance(timeout, float) and timeout.is_integer()
            if self.allows("integral_float_as_int") and whole:
                timeout = options["timeout"] = int(timeout)
            if not isinstance(timeout, int) or isinstance(timeout, bool):
                raise Refusal(400, "options.timeout must be an integer", "options.timeout")
            if timeout < 0 and not self.has("negative_timeout_accepted"):
                raise Refusal(400, "options.timeout must be >= 0", "options.timeout")
        if "env" in options:
            env = options["env"]
            if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
                raise Refusal(400, "options.env must map names to strings", "options.env")
        return value

    # -- running -------------------------------------------------------------------------------

    def unrunnable(self, sandbox: Sandbox, request: dict[str, Any]) -> str | None:
        options = request.get("options") or {}
        command, stdin, cwd = request["command"], options.get("stdin", ""), options.get("cwd")
        if "\x00" in command or "\x00" in stdin or (cwd is not None and "\x00" in cwd):
            return "a NUL byte cannot be passed to a process"
        if cwd is not None and not cwd.startswith("/"):
            return f"cwd {cwd!r} is not an absolute path"
        if cwd is not None and not Path(cwd).is_dir():
            return f"cwd {cwd!r} does not exist"
        for name in options.get("env", {}):
            if name == "" or "=" in name or "\x00" in name:
                return f"env name {name!r} is not valid"
        if any("\x00" in value for value in options.get("env", {}).values()):
            return "a NUL byte cannot be passed to a process"
        return None

    async def execute(
        self, sandbox: Sandbox, request: dict[str, Any], emit: Callable[[str, str], None]
    ) -> Outcome:
        options = request.get("options") or {}
        if self.has("unrunnable_crash") and "\x00" in request["command"]:
            raise Refusal(500, "Internal Server Error")
        reason = self.unrunnable(sandbox, request)
        if reason is not None:
            return Outcome("", reason + "\n", 126)
        call_env = options.get("env", {})
        if self.has("env_lowercase_dropped"):
            call_env = {name: value for name, value in call_env.items() if name.isupper()}
        replaced = self.has("env_replaces") and call_env
        env = dict(call_env) if replaced else {**sandbox.env, **call_env}
        if self.has("env_leaks"):
            sandbox.env.update(call_env)
        cwd = sandbox.cwd
        if self.has("cd_persists") and request["command"].startswith("cd "):
            target = request["command"][3:].split("&&")[0].strip().strip("'")
            if Path(target).is_dir():
                sandbox.cwd = Path(target)
        if self.has("files_not_persisted"):
            cwd = Path(tempfile.mkdtemp(dir=self.root))
        command = request["command"]
        if self.has("scratch_lost_on_exit") and command.startswith("exit "):
            for scratch in self.scratches:
                shutil.rmtree(scratch, ignore_errors=True)
        if self.has("scratch_lost_on_exit"):
            self.scratches += SCRATCH.findall(command)
        if "cwd" in options and not self.has("cwd_ignored"):
            cwd = Path(options["cwd"])
            if self.has("cwd_persists"):
                sandbox.cwd = cwd
            if self.has("cwd_unquoted"):
                command, cwd = f"cd {options['cwd']} && {command}", sandbox.cwd
        if self.has("tmp_not_persisted"):
            command = command.replace("/tmp/", tempfile.mkdtemp(dir=self.root) + "/")
        timeout = options.get("timeout", 60)
        limit = None if timeout == 0 else float(timeout)
        if self.has("timeout_ignored"):
            limit = None
        if self.has("timeout_ignored_with_options") and {"stdin", "env", "cwd"} & set(options):
            limit = None
        if self.has("timeout_in_ms") and limit is not None:
            limit /= 1000
        if self.has("zero_timeout_kills") and timeout == 0:
            limit = 0.05
        process = await asyncio.create_subprocess_exec(
            "/bin/sh",
            "-c",
            command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT
            if self.has("stderr_merged")
            else asyncio.subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        assert process.stdin is not None and process.stdout is not None
        stdin = "" if self.has("stdin_ignored") else options.get("stdin", "")
        if self.has("stdin_truncated"):
            stdin = stdin[:65536]
        try:
            if stdin:
                process.stdin.write(stdin.encode("utf-8"))
                await process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError, RuntimeError):
            pass  # the command exited without reading its stdin
        if not self.has("stdin_left_open"):
            process.stdin.close()
        out: list[str] = []
        err: list[str] = []

        async def pump(reader: asyncio.StreamReader, name: str, sink: list[str]) -> None:
            errors = "ignore" if self.has("invalid_utf8_dropped") else "replace"
            decoder = codecs.getincrementaldecoder("utf-8")(errors=errors)
            while chunk := await reader.read(65536):
                text = decoder.decode(chunk)
                if self.has("utf8_split_per_read"):
                    text = chunk.decode("utf-8", errors="replace")
                if self.has("crlf_translated"):
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                if text:
                    sink.append(text)
                    emit(name, text)
            tail = decoder.decode(b"", final=True)
            if tail:
                sink.append(tail)
                emit(name, tail)

        pumps = [pump(process.stdout, "stdout", out)]
        if process.stderr is not None:
            pumps.append(pump(process.stderr, "stderr", err))
        timed_out = False
        running = asyncio.gather(*pumps, process.wait())
        running.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            await asyncio.wait_for(running, limit)
        except asyncio.CancelledError:
            with _quietly():
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
            raise
        except TimeoutError:
            timed_out = True
            with _quietly():
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
        code = 124 if timed_out else (process.returncode or 0)
        if timed_out and self.allows("timeout_exit_137"):
            code = 137
        if self.has("exit_code_wrapped"):
            code &= 0x7F
        stdout = "".join(out)
        if self.has("stdout_trimmed"):
            stdout = stdout.strip()
        if self.has("large_output_truncated"):
            stdout = stdout[:65536]
        return Outcome(stdout, "".join(err), code, timed_out)

    def background_request(self, request: dict[str, Any]) -> dict[str, Any]:
        if not self.has("background_without_options"):
            return request
        options = {
            k: v for k, v in (request.get("options") or {}).items() if k not in ("env", "cwd")
        }
        return {**request, "options": options}

    async def run_to_end(
        self, sandbox: Sandbox, request: dict[str, Any], client: Any = None
    ) -> Outcome:
        options = request.get("options") or {}
        runnable = self.unrunnable(sandbox, request) is None or self.allows("background_unchecked")
        if options.get("background") and runnable:
            work = self.execute(sandbox, self.background_request(request), lambda *_: None)
            task = asyncio.ensure_future(work)
            if self.has("background_waits"):
                await task
            else:
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            if self.has("background_killed_on_close"):
                self.spawn(self.kill_on_close(task, client))
            return Outcome("", "", 0)
        return await self.execute(sandbox, request, lambda *_: None)

    def spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def kill_on_close(self, task: asyncio.Task[Any], client: Any) -> None:
        """The defect: the command dies with the connection that started it."""
        while not task.done() and self.connection_open(client):
            await asyncio.sleep(0.05)
        task.cancel()

    # -- answering -----------------------------------------------------------------------------

    async def answer(self, send: Send, outcome: Outcome) -> None:
        success = outcome.exit_code == 0
        if self.has("success_mismatch"):
            success = True
        code: Any = str(outcome.exit_code) if self.has("exit_code_as_string") else outcome.exit_code
        body = {
            "stdout": outcome.stdout,
            "stderr": outcome.stderr,
            "exitCode": code,
            "success": success,
        }
        if self.allows("extra_fields"):
            body["pid"] = 4242
        await respond(send, 200, "application/json", json.dumps(body).encode())

    async def error(
        self,
        send: Send,
        status: int,
        message: str,
        field_name: str | None,
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        details = {"field": field_name, "reason": message} if field_name else None
        code: Any = str(status) if self.has("error_code_string") else status
        error: dict[str, Any] = {"code": code, "message": message, "details": details}
        if self.allows("error_without_details"):
            del error["details"]
        if self.allows("extra_fields"):
            error["requestId"] = "r-1"
        body = json.dumps(error).encode()
        kind = "application/problem+json" if self.has("error_problem_json") else "application/json"
        await respond(send, status, kind, body, headers)

    async def error_as_stream(self, send: Send, message: str) -> None:
        frames = (
            'id: 1\nevent: start\ndata: {"type":"start"}\n\n'
            f"id: 2\nevent: error\ndata: {json.dumps({'type': 'error', 'message': message})}\n\n"
        )
        await respond(send, 200, "text/event-stream", frames.encode())

    async def stream(
        self, send: Send, receive: Receive, sandbox: Sandbox, request: dict[str, Any]
    ) -> None:
        queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = asyncio.Queue()
        options = request.get("options") or {}

        left: list[bool] = []

        def emit(name: str, text: str) -> None:
            if left and self.has("disconnect_kills_on_write"):
                worker.cancel()  # the defect: the next write after the client left kills it
            queue.put_nowait((name, {"type": name, "data": text}))

        async def work() -> None:
            queue.put_nowait(("start", {"type": "start", "command": request["command"]}))
            reason = self.unrunnable(sandbox, request)
            if self.allows("background_unchecked") and options.get("background"):
                reason = None
            if reason is not None:
                queue.put_nowait(("error", {"type": "error", "message": reason}))
            elif options.get("background"):
                work = self.execute(sandbox, self.background_request(request), lambda *_: None)
                self.spawn(work)
                done = {"type": "complete", "exitCode": 0, "success": True, "timedOut": False}
                queue.put_nowait(("complete", done))
            else:
                outcome = await self.execute(sandbox, request, emit)
                code = outcome.exit_code
                done = {
                    "type": "complete",
                    "exitCode": code,
                    "success": code == 0,
                    "timedOut": outcome.timed_out,
                }
                if self.has("timed_out_from_exit_code"):
                    done["timedOut"] = code == 124
                if not self.has("sse_no_complete"):
                    queue.put_nowait(("complete", done))
            queue.put_nowait(None)

        worker = asyncio.ensure_future(work())
        self.tasks.add(worker)
        worker.add_done_callback(self.tasks.discard)
        if self.has("disconnect_kills") or self.has("disconnect_kills_on_write"):

            async def watch() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                left.append(True)
                if self.has("disconnect_kills"):
                    worker.cancel()

            watcher = asyncio.ensure_future(watch())
            self.tasks.add(watcher)
            watcher.add_done_callback(self.tasks.discard)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream"),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        number = -1 if self.has("sse_ids_from_zero") else 0
        held: list[bytes] = []
        try:
            eol = "\r\n" if self.allows("crlf_sse") else "\n"
            while True:
                if self.allows("keepalive_comments"):
                    try:
                        item = await asyncio.wait_for(queue.get(), 0.2)
                    except TimeoutError:
                        comment = f": keepalive{eol}{eol}".encode()
                        await send(
                            {"type": "http.response.body", "body": comment, "more_body": True}
                        )
                        continue
                else:
                    item = await queue.get()
                if item is None:
                    break
                name, payload = item
                if self.allows("extra_fields"):
                    payload = {**payload, "timestamp": time.time()}
                if name == "start" and self.has("sse_no_start"):
                    continue
                number += 1
                if self.has("sse_multiline_data"):
                    data = json.dumps(payload, indent=1).replace("\n", "\ndata: ")
                else:
                    data = json.dumps(payload)
                frame = f"id: {number}{eol}event: {name}{eol}data: {data}{eol}{eol}".encode()
                if self.has("sse_buffered") or (
                    self.has("sse_stderr_held_back") and name == "stderr"
                ):
                    held.append(frame)
                    continue
                await send({"type": "http.response.body", "body": frame, "more_body": True})
            if self.has("sse_never_closes"):
                await send(
                    {"type": "http.response.body", "body": b"".join(held), "more_body": True}
                )
                await asyncio.sleep(3600)
            await send({"type": "http.response.body", "body": b"".join(held), "more_body": False})
        except OSError:
            return  # the client left; the command goes on


def prefers_stream(accept: str) -> bool:
    def quality(wanted: str) -> float:
        best = (-1, 0.0)
        for item in accept.split(","):
            parts = [p.strip() for p in item.split(";")]
            q = 1.0
            for param in parts[1:]:
                if param.startswith("q="):
                    try:
                        q = float(param[2:])
                    except ValueError:
                        q = 0.0
            rank = {wanted: 2, wanted.split("/")[0] + "/*": 1, "*/*": 0}.get(parts[0].lower())
            if rank is not None and rank > best[0]:
                best = (rank, q)
        return best[1]

    return quality("text/event-stream") > quality("application/json")


def scrub_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {scrub_surrogates(k): scrub_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_surrogates(item) for item in value]
    return value


async def respond(
    send: Send,
    status: int,
    kind: str,
    body: bytes,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    all_headers = [(b"content-type", kind.encode()), *(headers or [])]
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body})


class _quietly:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], ProcessLookupError)  # type: ignore[arg-type]


class RunningServer:
    """A uvicorn server on 127.0.0.1 in a thread; stops when closed."""

    def __init__(self, app: Any) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="error",
            lifespan="on",
            loop="asyncio",  # uvloop refuses to spawn processes from two loops in one process
            timeout_graceful_shutdown=0,
        )
        self.server = uvicorn.Server(config)
        if isinstance(app, Backend):
            app.connection_open = self.connection_open
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the reference backend did not start")
            time.sleep(0.02)

    def connection_open(self, client: Any) -> bool:
        """Whether a connection from ``client`` (host, port) is still open."""
        return any(
            getattr(protocol, "client", None) == client and not protocol.transport.is_closing()
            for protocol in list(self.server.server_state.connections)
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def close_all(servers: list[RunningServer]) -> None:
    """Stop servers together rather than one after another."""
    for server in servers:
        server.server.should_exit = True
    for server in servers:
        server.thread.join(timeout=10)
