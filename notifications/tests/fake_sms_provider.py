"""A fake SMS provider for the tests and the outbox bench: a real HTTP server on loopback
(``ThreadingHTTPServer`` on 127.0.0.1, a free port) that speaks the API
``notifications.sms.HttpSmsGateway`` expects:

* ``POST /messages`` with ``Authorization: Bearer <token>`` and JSON ``{"to", "from", "text",
  "reference", "status_callback"}`` → 201 ``{"id": "fake-<n>"}``; 401 for a wrong token, 400
  ``{"error": ...}`` for a message without "to" or "text".

It records what it accepted (``messages``) and every request it saw (``requests``), and can be
told to misbehave: ``fail(status, times=n, reason=...)`` answers the next n requests with that
status, ``hang(seconds, times=n)`` waits before answering (longer than the client's timeout),
``stop()`` takes it off the network (connections are refused) and ``start()`` brings it back on
the same port.

Like a real provider it posts to Stemme's webhooks, signed with the shared secret in its own
implementation of the scheme (HMAC-SHA256 of "<timestamp>.<body>", hex), so the tests check
Stemme's verification against an independent signer: ``report(id, status)`` sends a delivery
report to the message's ``status_callback``; ``send_inbound(from_, text)`` a received text to
``<base_url>/sms/indgaaende/``. ``signed_headers(body)`` gives the headers for Django's test client.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "fake-provider-token"
SECRET = "fake-webhook-secret"


def sign(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The webhook headers for ``body``: X-Stemme-Timestamp and X-Stemme-Signature."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Stemme-Timestamp": stamp, "X-Stemme-Signature": digest}


def signed_headers(body: bytes, **kwargs) -> dict[str, str]:
    """The same headers as keyword arguments for Django's test client (``headers=``)."""
    return sign(body, **kwargs)


@dataclass
class _Trouble:
    status: int = 0
    reason: str = ""
    hang: float = 0.0


@dataclass
class FakeSmsProvider:
    token: str = TOKEN
    secret: str = SECRET
    messages: list[dict] = field(default_factory=list)
    requests: int = 0
    port: int = 0
    host: str = "127.0.0.1"

    def __post_init__(self):
        self._lock = threading.Lock()
        self._trouble: list[_Trouble] = []
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._release = threading.Event()

    # --- Running --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> FakeSmsProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # quiet
                pass

            def do_POST(self):
                provider._handle(self)

        server = ThreadingHTTPServer((self.host, self.port), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self.port = server.server_address[1]
        self._release.clear()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Off the network: new connections are refused until ``start()``."""
        self._release.set()  # a hanging answer gives up
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # --- Misbehaving ------------------------------------------------------------------------------

    def fail(self, status: int = 500, *, times: int = 1, reason: str = "Internal error") -> None:
        with self._lock:
            self._trouble.extend(_Trouble(status=status, reason=reason) for _ in range(times))

    def hang(self, seconds: float, *, times: int = 1) -> None:
        with self._lock:
            self._trouble.extend(_Trouble(hang=seconds) for _ in range(times))

    # --- The API ------------------------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:  # the client gave up (a timeout): nothing to answer
            pass

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        with self._lock:
            self.requests += 1
            trouble = self._trouble.pop(0) if self._trouble else None
        if trouble is not None and trouble.hang:
            self._release.wait(trouble.hang)
            return self._answer(handler, 504, {"error": "too slow"})
        if trouble is not None:
            return self._answer(handler, trouble.status, {"error": trouble.reason})
        if handler.path.rstrip("/") != "/messages":
            return self._answer(handler, 404, {"error": "no such endpoint"})
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            return self._answer(handler, 401, {"error": "bad token"})
        try:
            data = json.loads(raw)
        except ValueError:
            return self._answer(handler, 400, {"error": "not JSON"})
        if not isinstance(data, dict) or not data.get("to") or not data.get("text"):
            return self._answer(handler, 400, {"error": "to and text are required"})
        with self._lock:
            message = dict(data, id=f"fake-{next(self._ids)}")
            self.messages.append(message)
        return self._answer(handler, 201, {"id": message["id"]})

    def by_id(self, provider_id: str) -> dict:
        return next(m for m in self.messages if m["id"] == provider_id)

    # --- The webhooks ---------------------------------------------------------------------------------

    def post(self, url: str, payload: dict, *, headers: dict[str, str] | None = None) -> tuple[int, dict]:
        """POST ``payload`` signed (or with ``headers`` instead) to ``url``; (status, JSON answer)."""
        body = json.dumps(payload).encode()
        signature = headers if headers is not None else sign(body, secret=self.secret)
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json", **signature})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, {"body": text.decode(errors="replace")}

    def report(self, provider_id: str, status: str, *, error: str = "") -> tuple[int, dict]:
        """A delivery report for one of the messages, to the status_callback it came with."""
        message = self.by_id(provider_id)
        return self.post(message["status_callback"], {"id": provider_id, "status": status, "error": error})

    def send_inbound(self, base_url: str, *, from_: str, text: str, to: str = "+4512345678",
                     provider_id: str | None = None, received_at: str | None = None) -> tuple[int, dict]:
        """A text from a phone to Stemme's number, as the provider forwards it."""
        payload = {"id": provider_id or f"in-{next(self._ids)}", "from": from_, "to": to, "text": text,
                   "received_at": received_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        return self.post(base_url.rstrip("/") + "/sms/indgaaende/", payload)
