"""The preview server: serve the output on 127.0.0.1, re-render on save, reload changed tabs."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import itertools
import json
import logging
import mimetypes
import os
import posixpath
import queue
import shutil
import signal
import sys
import threading
import urllib.parse
import webbrowser
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, cast

import watchfiles

from docsite.build import BuildOptions
from docsite.commands.connections import PreviewServer
from docsite.commands.live import Change, Live
from docsite.commands.report import report
from docsite.config import CONFIG_FILES
from docsite.errors import DocsiteError, close_matches
from docsite.output import search
from docsite.plan.urls import output_file

EVENTS = "/__docsite/events"
STATUS = "/__docsite/status"
# Served pages only (never written into the site): reload when this page's output changes.
RELOAD = (
    "<script>(()=>{const e=new EventSource('" + EVENTS + "?since=NOTICE&page='+"
    "encodeURIComponent(location.pathname));e.addEventListener('reload',()=>location.reload())"
    "})();</script>"
)
OVERLAY = (
    '<div id="docsite-error-overlay" role="alert" style="position:fixed;inset:0;z-index:99999;'
    "overflow:auto;background:rgba(20,20,20,.92);color:#fff;padding:2rem;font:14px/1.5 "
    'monospace"><h2 style="color:#ff8080;margin-top:0">docsite: this page has errors</h2>'
    '<pre style="white-space:pre-wrap">{errors}</pre><p>Fix the source and save: this page '
    "reloads by itself.</p></div>"
)


class Handler(BaseHTTPRequestHandler):
    """Files of the output folder only; pages get the reload script and any error overlay."""

    live: Live
    out: Path
    server_version = "docsite"

    def do_GET(self) -> None:
        """Answer a request with its body."""
        self.answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a request without a body."""
        self.answer(body=False)

    def answer(self, *, body: bool) -> None:
        """Events, status, redirects, pages, files, or a 404 that lists close matches."""
        raw_path, _, query = self.path.partition("?")
        if raw_path == EVENTS:
            asked = urllib.parse.parse_qs(query)
            since = asked.get("since", [""])[0]
            return self.events(asked.get("page", [""])[0], int(since) if since.isdigit() else -1)
        if raw_path == STATUS:
            return self.status(body)
        url = self.url(raw_path)
        if url is None:
            return self.missing(raw_path, body)
        redirect = self.live.redirects.get(url.rstrip("/") or "/")
        if redirect is not None:
            return self.moved(redirect.target, query)
        path = self.out / url.lstrip("/")
        if path.is_dir() and not url.endswith("/"):
            return self.moved(url + "/", query)
        if url.endswith("/"):
            self.live.last_url = url
            if url in self.live.pending:  # the page being looked at comes first
                self.live.render_pending(url)
            path = self.out / output_file(url)
        if not self.inside(path):
            return self.missing(raw_path, body)
        errors = self.live.errors.get(url, ())
        if path.suffix == ".html" and (path.is_file() or errors):
            return self.page(path, errors, body)
        if path.is_file():
            return self.send(200, path.read_bytes(), self.type_of(path), body)
        return self.missing(raw_path, body)

    def url(self, raw: str) -> str | None:
        """The decoded, normalised URL path; None when it climbs or holds odd bytes."""
        decoded = urllib.parse.unquote(raw)
        if "\0" in decoded or "\\" in decoded or ".." in decoded.split("/"):
            return None
        clean = posixpath.normpath(decoded)
        return clean + ("/" if decoded.endswith("/") and clean != "/" else "")

    def inside(self, path: Path) -> bool:
        """Whether a file (symlinks followed) lies in the output folder."""
        return path.resolve().is_relative_to(self.out.resolve())

    def page(self, path: Path, errors: tuple[DocsiteError, ...], body: bool) -> None:
        """An HTML page with the reload script, and the overlay while its source has errors."""
        text = path.read_text("utf-8") if path.is_file() else "<!DOCTYPE html><body></body>"
        extra = RELOAD.replace("NOTICE", str(self.live.notices))  # read before the file
        if errors:
            shown = "\n\n".join(html.escape(e.render()) for e in errors)
            extra = OVERLAY.format(errors=shown) + extra
        data = text.replace("</body>", extra + "</body>", 1).encode()
        self.send(200 if path.is_file() else 500, data, "text/html; charset=utf-8", body)

    def send(self, code: int, data: bytes, kind: str, body: bool) -> None:
        """A complete response with an ETag; 304 when the client has these bytes already."""
        tag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
        if code == 200 and tag in self.headers.get("If-None-Match", ""):
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", tag)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def moved(self, target: str, query: str) -> None:
        """A 301 to where a redirect or a folder leads."""
        self.send_response(301)
        self.send_header("Location", target + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def missing(self, raw: str, body: bool) -> None:
        """A 404 page that lists the site's closest URLs."""
        urls = sorted(self.live.entries)
        close = close_matches(urllib.parse.unquote(raw), urls, n=5, cutoff=0.4)
        items = "".join(f'<li><a href="{html.escape(u)}">{html.escape(u)}</a></li>' for u in close)
        suggestion = f"<p>Did you mean:</p><ul>{items}</ul>" if close else ""
        page = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Not found</title></head>"
            f"<body><h1>Not found</h1><p>No page at <code>{html.escape(raw)}</code>.</p>"
            f"{suggestion}</body></html>"
        )
        self.send(404, page.encode(), "text/html; charset=utf-8", body)

    def status(self, body: bool) -> None:
        """What the server has done: for tests and tools."""
        live = self.live
        state = {
            "generation": live.generation,
            "rendered": live.rendered,
            "last": sorted(live.last_change.urls) if live.last_change else [],
            "pending": len(live.pending),
            "busy": live.busy,
            "errors": sorted(live.errors),
        }
        self.send(200, json.dumps(state).encode(), "application/json", body)

    def events(self, page: str, since: int) -> None:
        """Server-sent events: `reload` when this tab's output changed (since it was served)."""
        server = cast(PreviewServer, self.server)
        if not server.stream():
            return self.send(503, b"too many open tabs", "text/plain", True)
        inbox: queue.Queue[set[str]] = queue.Queue()
        self.live.listeners.append(inbox.put)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            if since >= 0 and self.live.changed_since(page, since):  # while the tab connected
                inbox.put({page})
            while True:
                try:
                    urls = inbox.get(timeout=15)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")  # finds tabs that were closed
                else:
                    if page in urls:
                        self.wfile.write(f"event: reload\ndata: {page}\n\n".encode())
                self.wfile.flush()
        except OSError:
            pass
        finally:
            self.live.listeners.remove(inbox.put)
            server.end_stream()

    @staticmethod
    def type_of(path: Path) -> str:
        """A file's content type."""
        return mimetypes.guess_type(path.name)[0] or "application/octet-stream"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build output."""


def serve(
    options: BuildOptions, port: int, host: str = "127.0.0.1", *, open_browser: bool = False
) -> int:
    """Build, then serve and re-render on every save until interrupted."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {host}: other machines can read this site", file=sys.stderr)
    options = dataclasses.replace(options, keep_going=True, progress=False)
    # Ctrl-C stops the server, even when it was started from a script or a background job,
    # where SIGINT arrives ignored (what `cmd &` does in a shell without job control).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        live = Live(options)
        report(live.report, options)
        handler = type("BoundHandler", (Handler,), {"live": live, "out": options.out})
        server = PreviewServer((host, port), handler)
        threading.Thread(target=server.serve, daemon=True).start()
        changes = saves(options)
        first = next(changes)  # the watcher is set up: a file saved from now on is seen
        address = f"http://{host}:{server.server_address[1]}/en/"
        print(f"serving on {address}", flush=True)
        if open_browser:
            webbrowser.open(address)
        watch(live, options, itertools.chain([first], changes))
        live.save()
    except KeyboardInterrupt:
        pass
    finally:
        # A Ctrl-C in the middle of a build or of a search re-index leaves no scratch behind.
        search.stop(options.out)
        staging = options.out.parent / f".{options.out.name}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
    print("stopped", file=sys.stderr)
    return 0


def saves(options: BuildOptions) -> Iterator[set[tuple[watchfiles.Change, str]]]:
    """Batches of saved files; an empty batch each 100 ms without one.

    The first batch comes once the watcher is set up: the server says where it serves only
    then, since a file saved before would never be seen.
    """
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its own Ctrl-C message
    folders = ("content", "data", "translations", "templates", "assets", *CONFIG_FILES)
    watched = [str(options.source / f) for f in folders if (options.source / f).exists()]
    # Yield 10 ms after the last change of a burst (watchfiles waits 50 ms by default).
    yield from watchfiles.watch(
        *watched, raise_interrupt=False, step=10, rust_timeout=100, yield_on_timeout=True
    )


def watch(
    live: Live, options: BuildOptions, batches: Iterator[set[tuple[watchfiles.Change, str]]]
) -> None:
    """Apply every batch of saved files until Ctrl-C."""
    for changes in batches:
        if not changes:
            continue
        change = live.apply({Path(p) for _, p in changes}, first=live.last_url)
        if change.report is not None:
            report(change.report, options)
        for problem in change.errors:
            print(problem.render(), file=sys.stderr)
        for url in sorted(change.urls & set(live.errors)):
            for problem in live.errors[url]:
                print(problem.render(), file=sys.stderr)
        print(summary(change), file=sys.stderr, flush=True)


def summary(change: Change) -> str:
    """One line per batch: how many outputs, how fast, and how."""
    how = "incremental build" if change.full else "in memory"
    return f"re-rendered {len(change.urls)} outputs in {change.seconds * 1000:.0f} ms ({how})"
