"""A real HTTP server on 127.0.0.1 that answers POST /v1/chat/completions like an OpenAI-compatible server.

Replies are scripted: each request takes the next scripted Reply, then `default` answers. Every request is
recorded (path, headers, parsed JSON body) for the tests to inspect.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str | None = "여기는 시험 서버다."  # the assistant's text
    status: int = 200
    body: bytes | None = None  # sent as it is instead of a completion (malformed JSON, ...)
    hang: float = 0.0  # seconds to wait before answering
    trickle: float = 0.0  # seconds between single bytes of the body


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def completion(content: str, model: str = "test-model") -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        },
        ensure_ascii=False,
    ).encode()


class LLMServer:
    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.default = Reply()
        self.answer: Callable[[Recorded], Reply] | None = None  # overrides script and default when set
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> LLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            if self.answer is not None:
                return self.answer(recorded)
            return self.script.pop(0) if self.script else self.default

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                reply = server._next(Recorded(self.path, dict(self.headers), body))
                if self.path != "/v1/chat/completions":
                    reply = Reply(status=404, body=b'{"error": "not found"}')
                if reply.hang:
                    time.sleep(reply.hang)
                payload = reply.body if reply.body is not None else completion(reply.content or "")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if reply.trickle:
                        for byte in payload:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
