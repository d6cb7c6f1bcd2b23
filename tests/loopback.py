"""A loopback HTTP server for tests: routes map a path to a handler, nothing leaves 127.0.0.1.

Used by the network, feed and full-text tests alike, so each only says what its pages are.
"""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    delay: float = 0.0  # seconds before anything is sent (a server that never answers: a long one)
    stream: Callable[[], object] | None = None  # yields byte chunks instead of `body`


Route = Reply | Callable[[http.server.BaseHTTPRequestHandler], Reply]


class LoopbackServer:
    def __init__(self, port: int = 0) -> None:
        """A server on 127.0.0.1; `port` 0 (the default) takes any free one."""
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._stop = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    reply = Reply(404, b"not found")
                else:
                    reply = route(self) if callable(route) else route
                if reply.delay and server._stop.wait(reply.delay):
                    return
                body = gzip.compress(reply.body) if reply.gzip else reply.body
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.gzip:
                        self.send_header("Content-Encoding", "gzip")
                    if reply.stream is None:
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    else:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        for chunk in reply.stream():
                            if server._stop.is_set():
                                break
                            self.wfile.write(chunk)
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, *_args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that hung up (as a bounded fetch does) is not a test failure

        self._server = Server(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()


def endless(chunk: bytes = b"x" * 65536, pause: float = 0.0):
    """A body that never ends (the size cap or the deadline must stop the client)."""

    def generate():
        while True:
            if pause:
                time.sleep(pause)
            yield chunk

    return generate
