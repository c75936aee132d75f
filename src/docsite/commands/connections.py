"""The preview server's connections: a bounded number of threads, whatever the clients do.

A connection costs no thread until its request arrives: one loop waits on the listening socket
and on every idle connection at once (a selector), drops connections idle too long, and hands
a connection whose bytes arrived to a handler thread, of which at most `WORKERS` run. A tab's
event stream, which stays open, gives its handler slot back and takes one of `STREAMS` instead.
So 300 slow clients cost file descriptors, not 300 threads, and the writer's tab is answered.
A client that hangs up is not an error.
"""

from __future__ import annotations

import selectors
import socket
import sys
import threading
import time
from http.server import HTTPServer
from socketserver import BaseRequestHandler

WORKERS = 16  # handler threads answering requests at once
STREAMS = 64  # open event streams (tabs), each a thread that mostly sleeps
PARKED = 1024  # idle connections kept waiting for their request; the oldest go first
IDLE_SECONDS = 10.0  # an idle connection that sends nothing this long is closed
READ_SECONDS = 5.0  # a request's bytes, once started, must keep coming this fast
GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class PreviewServer(HTTPServer):
    """An HTTP server whose threads are bounded; see the module's docstring."""

    request_queue_size = 128  # connections the kernel holds until the loop accepts them

    def __init__(self, address: tuple[str, int], handler: type[BaseRequestHandler]) -> None:
        super().__init__(address, handler)
        self.workers = threading.BoundedSemaphore(WORKERS)
        self.streams = threading.BoundedSemaphore(STREAMS)
        self.held = threading.local()  # whether this thread still holds a worker slot
        self.parked: dict[socket.socket, float] = {}  # idle connection -> when it came

    def serve(self) -> None:
        """Accept, park and dispatch connections until the process ends."""
        room = selectors.DefaultSelector()
        room.register(self.socket, selectors.EVENT_READ)
        while True:
            for key, _ in room.select(timeout=1.0):
                if key.fileobj is self.socket:
                    self.park(room)
                else:
                    connection = key.fileobj
                    assert isinstance(connection, socket.socket)
                    room.unregister(connection)
                    del self.parked[connection]
                    self.dispatch(connection)
            self.drop_idle(room, time.monotonic() - IDLE_SECONDS)

    def park(self, room: selectors.BaseSelector) -> None:
        """Accept a connection and wait, without a thread, for its request."""
        try:
            connection, _ = self.socket.accept()
        except OSError:
            return
        if len(self.parked) >= PARKED:
            self.drop_idle(room, float("inf"), count=1)
        self.parked[connection] = time.monotonic()
        room.register(connection, selectors.EVENT_READ)

    def drop_idle(self, room: selectors.BaseSelector, before: float, count: int = -1) -> None:
        """Close parked connections that came before `before` (at most `count`, oldest first)."""
        for connection, since in list(self.parked.items()):
            if since >= before or count == 0:
                break
            room.unregister(connection)
            del self.parked[connection]
            connection.close()
            count -= 1

    def dispatch(self, connection: socket.socket) -> None:
        """Answer a connection whose request arrived, on a thread, once a slot is free."""
        try:
            address = connection.getpeername()  # fails when the client is gone already
            connection.settimeout(READ_SECONDS)
        except OSError:
            connection.close()
            return
        self.workers.acquire()
        threading.Thread(target=self.answer, args=(connection, address), daemon=True).start()

    def answer(self, connection: socket.socket, address: tuple[str, int]) -> None:
        """Handle one connection on this thread, then give its slot back."""
        self.held.slot = True
        try:
            self.finish_request(connection, address)
        except Exception:
            self.handle_error(connection, address)
        finally:
            self.shutdown_request(connection)
            if self.held.slot:
                self.workers.release()

    def stream(self) -> bool:
        """Turn this handler's worker slot into a stream slot; False when all streams are open."""
        if not self.streams.acquire(blocking=False):
            return False
        self.held.slot = False
        self.workers.release()
        return True

    def end_stream(self) -> None:
        """A stream closed: its slot is free."""
        self.streams.release()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up is not an error; anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, GONE):
            return
        print(f"docsite: error answering a request: {error!r}", file=sys.stderr)
