"""A real OpenAI-compatible HTTP server on 127.0.0.1 that scripts replies and injects faults.

Tests start it in a background thread and decide what each request gets:

    with FakeLLMServer(handler=fail_first(2, Reply(status=500))) as server:
        cfg = LLMConfig(model="fake-model", base_url=server.base_url, ...)
        ...
        assert len(server.chat_requests) == 3

A handler takes the request's JSON body and returns a `Reply` (or a plain string, the
reply text). `Reply` fields cover the faults a real endpoint shows: any status code with
headers (429 + Retry-After), a raw body that is not JSON, empty `choices`, a truncated
completion (finish_reason "length"), a delay longer than the client's timeout, and a
dropped connection. Every request is recorded with its arrival time (`time.monotonic()`,
the same clock as the test's), so a test can check how long a client waited between
attempts without sleeping itself.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length bodies) on raw asyncio
streams to stay cheap: the benchmark runs it in its own process as

    python tests/fake_llm_server.py --latency 0.1

which prints `listening http://127.0.0.1:PORT/v1` and serves until stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Callable, Union

@dataclass
class Reply:
    """What the server answers to one request. Defaults give a normal completion."""

    text: str | None = "ok"
    finish_reason: str = "stop"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | str | dict | list | None = None  # sent as is instead of a completion
    choices: list | None = None  # replaces the generated choices ([] = empty choices)
    usage: dict[str, int] | None = None  # default: word counts of prompt and reply
    delay: float = 0.0  # seconds before answering, on top of the server's latency
    content_type: str = "application/json"
    drop: bool = False  # close the connection without answering


@dataclass
class Seen:
    """One request as the server received it."""

    t: float  # time.monotonic() when the whole request had arrived
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, or the raw text when it was not JSON


Handler = Callable[[dict], Union[Reply, str]]


def last_user_text(request: dict) -> str:
    for message in reversed(request.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            return " ".join(p.get("text", "") for p in content or [] if p.get("type") == "text")
    return ""


def echo(request: dict) -> Reply:
    """The default handler: replies with the last user message."""
    return Reply(text=f"echo: {last_user_text(request)}")


def fail_first(n: int, fault: Reply, then: Handler = echo) -> Handler:
    """Each distinct conversation gets `fault` for its first `n` attempts, then `then`."""
    seen: Counter[str] = Counter()
    lock = threading.Lock()

    def handler(request: dict) -> Reply | str:
        key = json.dumps(request.get("messages"), sort_keys=True)
        with lock:
            seen[key] += 1
            attempt = seen[key]
        return fault if attempt <= n else then(request)

    return handler


def _words(request: dict) -> int:
    total = 0
    for message in request.get("messages") or []:
        content = message.get("content")
        if isinstance(content, str):
            total += len(content.split())
        else:
            total += sum(len(p.get("text", "").split()) for p in content or [] if isinstance(p, dict))
    return total


def _completion_body(request: dict, reply: Reply) -> dict:
    if reply.choices is not None:
        choices = reply.choices
    else:
        choices = [{"index": 0, "finish_reason": reply.finish_reason, "logprobs": None,
                    "message": {"role": "assistant", "content": reply.text}}]
    usage = reply.usage
    if usage is None:
        prompt = _words(request)
        completion = len((reply.text or "").split())
        usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": request.get("model", "fake-model"), "choices": choices, "usage": usage}


class FakeLLMServer:
    """OpenAI-compatible endpoint on 127.0.0.1 (port chosen by the OS unless given).

    `api_key`, when set, is required as a Bearer token; a wrong one gets 401 with a body
    that echoes the token it was sent (as some gateways do), so a test can check that a
    client keeps that echo out of its errors and files.
    """

    def __init__(self, handler: Handler | None = None, *, latency: float = 0.0,
                 models: tuple[str, ...] | None = None, api_key: str | None = None, port: int = 0,
                 hold: int = 0, hold_timeout: float = 30.0):
        self.handler: Handler = handler or echo
        self.latency = latency
        # hold=n: no reply goes out until n chat requests are waiting at once (or hold_timeout
        # passes); after that, replies flow. `max_waiting` says how many ever waited together,
        # so a test can check how many requests a client keeps in flight without timing it.
        self.hold = hold
        self.hold_timeout = hold_timeout
        self.max_waiting = 0
        self._waiting = 0
        self._release: asyncio.Event | None = None
        self.models = models
        self.api_key = api_key
        self.port = port
        self.requests: list[Seen] = []
        self._script: list[Reply] = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._conns: set[asyncio.Task] = set()
        self._error: BaseException | None = None

    # --- control from the test's thread -------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat_requests(self) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def wait_for_requests(self, n: int, timeout: float = 30.0) -> bool:
        """Block until at least `n` chat requests have arrived (False on timeout)."""
        with self._arrived:
            return self._arrived.wait_for(
                lambda: sum(r.path.endswith("/chat/completions") for r in self.requests) >= n, timeout)

    def script(self, *replies: Reply) -> None:
        """Serve these replies to the next chat requests, in order, before the handler."""
        with self._lock:
            self._script.extend(replies)

    def start(self) -> "FakeLLMServer":
        """Start serving (again, after close(): on the same port, so a client sees it come back)."""
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run_thread, name="fake-llm-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise RuntimeError(f"fake LLM server failed to start: {self._error}")
        return self

    def close(self) -> None:
        if self._loop is not None and self._stopped is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
            self._thread.join()
            self._loop = None

    def __enter__(self) -> "FakeLLMServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the server itself ----------------------------------------------------------------

    def _run_thread(self) -> None:
        try:
            asyncio.run(self.serve())
        except BaseException as exc:  # surface start-up failures to start()
            self._error = exc
            self._ready.set()

    async def serve(self, on_listening: Callable[[], None] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        self._release = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", self.port, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        if on_listening:
            on_listening()
        try:
            await self._stopped.wait()
        finally:
            server.close()
            for task in list(self._conns):
                task.cancel()
            await asyncio.gather(*self._conns, return_exceptions=True)
            await server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._conns.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                raw = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                seen = Seen(time.monotonic(), method, path, headers, body)
                with self._arrived:
                    self.requests.append(seen)
                    self._arrived.notify_all()
                reply = await self._respond(seen)
                if reply is None:
                    writer.close()
                    return
                writer.write(reply)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            return  # shutting down: end quietly rather than as a cancelled task asyncio reports
        finally:
            self._conns.discard(task)
            writer.close()

    async def _respond(self, seen: Seen) -> bytes | None:
        if self.api_key is not None:
            sent = seen.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if sent != self.api_key:
                return _http(401, {"error": {"message": f"Incorrect API key provided: {sent}",
                                             "type": "invalid_request_error", "code": "invalid_api_key"}})
        if seen.method == "GET" and seen.path.rstrip("/").endswith("/models"):
            # models=None: serves whatever it is asked for, and lists nothing (like servers that do not list).
            return _http(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in self.models or ()]})
        if not (seen.method == "POST" and seen.path.endswith("/chat/completions")):
            return _http(404, {"error": {"message": "no such route"}})
        request = seen.body if isinstance(seen.body, dict) else {}
        with self._lock:
            scripted = self._script.pop(0) if self._script else None
        reply = scripted or self.handler(request)
        if isinstance(reply, str):
            reply = Reply(text=reply)
        if self.hold and self._release is not None:
            self._waiting += 1
            self.max_waiting = max(self.max_waiting, self._waiting)
            if self._waiting >= self.hold:
                self._release.set()
            try:
                await asyncio.wait_for(self._release.wait(), self.hold_timeout)
            except asyncio.TimeoutError:
                self._release.set()  # the client never had that many out: let it finish
            finally:
                self._waiting -= 1
        wait = self.latency + reply.delay
        if wait > 0:
            await asyncio.sleep(wait)
        if reply.drop:
            return None
        if reply.body is not None:
            body = reply.body
        elif reply.status != 200:
            body = {"error": {"message": f"fake error {reply.status}", "type": "server_error"}}
        else:
            body = _completion_body(request, reply)
        return _http(reply.status, body, reply.content_type, reply.headers)


def _http(status: int, body: bytes | str | dict | list, content_type: str = "application/json",
          headers: dict[str, str] | None = None) -> bytes:
    raw = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else json.dumps(body).encode()
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Status"
    head = [f"HTTP/1.1 {status} {phrase}", f"Content-Type: {content_type}", f"Content-Length: {len(raw)}",
            "Connection: keep-alive", *(f"{k}: {v}" for k, v in (headers or {}).items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + raw


async def _main_async(latency: float, port: int) -> None:
    server = FakeLLMServer(latency=latency, port=port)
    loop = asyncio.get_running_loop()

    def on_listening() -> None:
        print(f"listening {server.base_url}", flush=True)
        # Serve until whoever started us closes our stdin (or dies).
        loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1(1 << 16) or server._stopped.set())

    await server.serve(on_listening)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible server for tests and benchmarks.")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every chat reply")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(_main_async(args.latency, args.port))
