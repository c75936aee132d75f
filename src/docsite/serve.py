"""The preview server: build, serve on 127.0.0.1, rebuild on change, reload open pages."""

from __future__ import annotations

import dataclasses
import json
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import watchfiles

from docsite.build import BuildOptions, build
from docsite.config import CONFIG_FILES

BUILD_ID_PATH = "/__docsite/build"
# The page carries the build it was served from, so a rebuild that finishes before the
# first poll still reloads it.
RELOAD = (
    "<script>(()=>{const served='%s';setInterval(async()=>{try{const r=await fetch('"
    + BUILD_ID_PATH
    + "');if(await r.text()!==served)location.reload()}catch(e){}},300)})();</script>"
)


class Previews:
    """The build counter the reload script polls, and the rebuild step."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.build_id = 0
        self.redirects: dict[str, str] = {}

    def rebuild(self) -> None:
        """Build again; a failed build keeps the last good site (errors go to the terminal)."""
        from docsite.cli import report

        result = build(self.options)
        report(result, self.options)
        if result.committed:
            self.build_id += 1
            path = self.options.out / "redirects.json"
            self.redirects = json.loads(path.read_text()) if path.is_file() else {}


class Handler(SimpleHTTPRequestHandler):
    """Static files from the output folder, with the reload script added to HTML pages."""

    previews: Previews

    def do_GET(self) -> None:
        """Answer the build counter, HTML pages with the reload script, or plain files."""
        if self.path == BUILD_ID_PATH:
            return self.send_bytes(str(self.previews.build_id).encode(), "text/plain")
        path_only, _, query = self.path.partition("?")
        target = self.previews.redirects.get(path_only.rstrip("/") or "/")
        if target is not None:
            self.send_response(301)
            self.send_header("Location", target + (f"?{query}" if query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        path = Path(self.translate_path(self.path))
        if not path.resolve().is_relative_to(Path(self.directory).resolve()):
            self.send_error(404, "not in the site")  # a symlink out of the output folder
            return None
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            script = RELOAD % self.previews.build_id
            html = path.read_text(encoding="utf-8").replace("</body>", script + "</body>", 1)
            return self.send_bytes(html.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def send_bytes(self, data: bytes, content_type: str) -> None:
        """Send a complete 200 response that is never cached."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build output."""


def serve(options: BuildOptions, port: int, host: str = "127.0.0.1") -> int:
    """Build, then serve and rebuild on every change until interrupted."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {host}: other machines can read this site", file=sys.stderr)
    options = dataclasses.replace(options, keep_going=True, progress=False)
    previews = Previews(options)
    previews.rebuild()
    handler = type("BoundHandler", (Handler,), {"previews": previews})
    server = ThreadingHTTPServer(
        (host, port), partial(handler, directory=str(options.out.resolve()))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving on http://{host}:{server.server_address[1]}/en/", flush=True)
    folders = ("content", "data", "translations", "templates", *CONFIG_FILES)
    watched = [str(options.source / f) for f in folders if (options.source / f).exists()]
    try:
        for _changes in watchfiles.watch(*watched, raise_interrupt=False):
            previews.rebuild()
            print(f"rebuilt (build {previews.build_id})", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
    return 0
