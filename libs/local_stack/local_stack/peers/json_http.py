"""A JSON HTTP server on a background thread, for the local peers' APIs and control endpoints.

The peer object does the work: ``peer.handle(method, path, headers, body)`` returns
``(status, json_body, extra_headers)``; ``body`` is the parsed JSON request body, or ``None``
when there was none or it was not JSON. Each request gets a thread (``ThreadingHTTPServer``)
so a deliberately slow answer does not hold up the others. HTTP/1.0: one request per
connection, so nothing lingers on a kept-alive connection once the server is stopped.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

log = logging.getLogger(__name__)

Answer = tuple[int, Any, dict[str, str]]


class JsonPeer(Protocol):
    def handle(self, method: str, path: str, headers: dict[str, str], body: Any) -> Answer: ...


class _PeerServer(ThreadingHTTPServer):
    """The HTTP server of one peer; its handlers answer through ``peer``."""

    peer: JsonPeer


class _Handler(BaseHTTPRequestHandler):
    server_version = "hall-local-peer/1"
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            assert isinstance(self.server, _PeerServer)
            status, body, extra = self.server.peer.handle(method, self.path, headers, self._read_json())
        except Exception:  # a bug in the peer: say so instead of dropping the connection
            log.exception("local peer failed on %s %s", method, self.path)
            status, body, extra = 500, {"code": "peer_bug", "message": "see the peer's log"}, {}
        self._send_json(status, body, extra)

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def _send_json(self, status: int, body: Any, extra: dict[str, str]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout)
            log.debug("client left before the answer to %s", self.path)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        log.debug("%s " + format, self.address_string(), *args)


class BackgroundJsonServer:
    """``BackgroundJsonServer(peer, "127.0.0.1", 0).start()``; ``.url``, ``.port``, ``.stop()``."""

    def __init__(self, peer: JsonPeer, host: str = "127.0.0.1", port: int = 0):
        self.peer = peer
        self.host = host
        self.requested_port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("not started")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> BackgroundJsonServer:
        self._server = _PeerServer((self.host, self.requested_port), _Handler)
        self._server.peer = self.peer
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"local-peer-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
