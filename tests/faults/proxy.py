"""A TCP proxy on loopback that the fault tests put between Stemme and PostgreSQL, so they can
make the database unavailable without touching the shared server: ``cut()`` severs every open
connection and refuses new ones (a stopped server: connection refused), ``cut(blackhole=True)``
accepts connections and never answers (an unreachable host: packets vanish), ``restore()``
forwards again on the same port."""

from __future__ import annotations

import contextlib
import select
import socket
import threading


class TcpProxy:
    host = "127.0.0.1"

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._blackhole = False
        self.accepted = 0

    # --- control -----------------------------------------------------------------------
    def start(self) -> TcpProxy:
        self._listen()
        return self

    def cut(self, *, blackhole: bool = False) -> None:
        """Sever the open connections; refuse (or, with ``blackhole``, swallow) new ones."""
        self._blackhole = blackhole
        if not blackhole:
            self._close_listener()
        self._sever()

    def restore(self) -> None:
        self._blackhole = False
        self._sever()  # connections swallowed by the black hole go too
        if self._listener is None:
            self._listen()

    def stop(self) -> None:
        self._close_listener()
        self._sever()

    # --- internals ---------------------------------------------------------------------
    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _sever(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _track(self, *socks: socket.socket) -> None:
        with self._lock:
            self._sockets.update(socks)

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: cut() or stop()
            self.accepted += 1
            self._track(client)
            if self._blackhole:
                continue  # held open, never answered, until restore() severs it
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            self._track(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        peers = {a: b, b: a}
        try:
            while True:
                readable, _, _ = select.select([a, b], [], [], 1.0)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in (a, b):
                with contextlib.suppress(OSError):
                    sock.close()
            with self._lock:
                self._sockets.discard(a)
                self._sockets.discard(b)
