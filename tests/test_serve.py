"""The preview server over real HTTP on 127.0.0.1, and in a real headless chromium."""

import json
import os
import signal
import socket
import struct
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Site, page, serve_process

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def fetch(
    url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8", "replace")


def text(url: str) -> str:
    return fetch(url)[2]


def status(base: str) -> dict[str, object]:
    return json.loads(text(f"{base}/__docsite/status"))


def wait_for(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def after_save(site: Site, base: str, rel: str, body: str) -> dict[str, object]:
    """Save a file and wait until the server has applied it."""
    generation = status(base)["generation"]
    site.write(rel, body)
    wait_for(lambda: status(base)["generation"] != generation)
    return status(base)


@pytest.fixture
def served(site: Site) -> Iterator[tuple[Site, str]]:
    site.write("data/reusables/note.md", "A reusable note.\n")
    site.write(
        "content/a.md",
        page("First text.\n\n{% data reusables.note %}\n\n## Details\n\nMore.\n", title="Page A"),
    )
    site.write("content/b.md", page("Page B has no reusable.\n", title="Page B"))
    proc = serve_process(site.root, site.root / "_site", 0)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("serving on http://127.0.0.1:"), line
        yield site, line.split()[-1].removesuffix("/en/")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_change_while_a_tab_reconnects_still_reloads_it(served):
    # A tab reloads, then connects to the events a moment later: a save in between must not
    # be lost. The page says which notification it was served after.
    site, base = served
    since = text(f"{base}/en/a/").split("since=")[1].split("&")[0]
    after_save(site, base, "content/a.md", page("Saved before the tab listened.\n", title="Page A"))
    assert "Saved before the tab listened." in text(f"{base}/en/a/")  # rendered and notified
    events = f"{base}/__docsite/events?since={since}&page=/en/a/"
    with urllib.request.urlopen(events, timeout=10) as stream:
        assert stream.readline() == b"retry: 500\n" and stream.readline() == b"\n"
        assert stream.readline() == b"event: reload\n"  # at once, not at the next change
    fresh = text(f"{base}/en/a/").split("since=")[1].split("&")[0]
    later = events.replace(f"since={since}", f"since={fresh}")
    with urllib.request.urlopen(later, timeout=1) as stream:
        stream.readline()
        stream.readline()
        with pytest.raises(TimeoutError):  # served after the change: nothing to reload
            stream.readline()


def test_preview_serves_pages_and_rebuilds_on_change(served):
    site, base = served
    assert "First text." in text(f"{base}/en/a/")
    assert "First text." in text(f"{base}/en/enterprise-server@2.22/a/")
    state = after_save(site, base, "content/a.md", page("Second text.\n", title="Page A"))
    assert "Second text." in text(f"{base}/en/a/")
    assert all(url.endswith("/a/") for url in state["last"])  # b was not re-rendered
    assert "EventSource" in text(f"{base}/en/a/")  # served pages only
    assert "EventSource" not in (site.root / "_site" / "en" / "a" / "index.html").read_text()


def test_a_reusable_edit_re_renders_only_the_pages_that_use_it(served):
    site, base = served
    state = after_save(site, base, "data/reusables/note.md", "An edited note.\n")
    assert sorted(state["last"]) == sorted(
        f"/{lang}/{v}a/"
        for lang in ("en", "cn")
        for v in ("", "enterprise-server@3.0/", "enterprise-server@2.22/", "github-ae@latest/")
    )
    assert "An edited note." in text(f"{base}/cn/github-ae@latest/a/")


def test_an_error_shows_an_overlay_until_it_is_fixed(served):
    site, base = served
    after_save(
        site, base, "content/a.md", page("Text.\n\n{% data variables.nope %}\n", title="Page A")
    )
    broken = text(f"{base}/en/a/")
    assert 'id="docsite-error-overlay"' in broken
    assert "content/a.md:10:9: error: data key `variables.nope` not found" in broken
    assert "{% data variables.nope %}" in broken  # the source line, with its caret below
    assert "Page B has no reusable." in text(f"{base}/en/b/")  # the rest keeps being served
    after_save(site, base, "content/a.md", page("Fixed text.\n", title="Page A"))
    fixed = text(f"{base}/en/a/")
    assert "docsite-error-overlay" not in fixed and "Fixed text." in fixed


def test_the_server_survives_fifty_rapid_saves(served):
    site, base = served
    for i in range(50):
        site.write(
            "content/a.md",
            page(f"Save number {i}.\n" + ("{% if %}" if i % 7 == 3 else ""), title="Page A"),
        )
        time.sleep(0.01)
    wait_for(lambda: "Save number 49." in text(f"{base}/en/a/"), seconds=30)
    wait_for(lambda: status(base)["errors"] == [] and status(base)["pending"] == 0)
    assert "Save number 49." in text(f"{base}/cn/github-ae@latest/a/")
    assert "Page B" in text(f"{base}/en/b/")


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/en/%2f..%2f..%2fetc/passwd",
        "/en/..%5c..%5cetc/passwd",
    ],
)
def test_traversal_is_a_404(served, path):
    _, base = served
    code, _, body = fetch(base + path)
    assert code == 404
    assert "root:" not in body


def test_a_symlink_out_of_the_output_is_a_404(served):
    site, base = served
    os.symlink("/etc", site.root / "_site" / "etc")
    assert fetch(f"{base}/etc/passwd")[0] == 404


def test_a_404_lists_close_matches(served):
    _, base = served
    code, _, body = fetch(f"{base}/en/enterprise-server@2.22/aa/")
    assert code == 404
    assert '<a href="/en/enterprise-server@2.22/a/">' in body


def test_head_and_conditional_get(served):
    _, base = served
    _, headers, _ = fetch(f"{base}/en/a/")
    head_code, head_headers, head_body = fetch(f"{base}/en/a/", method="HEAD")
    assert (head_code, head_body) == (200, "")
    assert head_headers["Content-Length"] == headers["Content-Length"]
    again = fetch(f"{base}/en/a/", headers={"If-None-Match": headers["ETag"]})
    assert again[0] == 304 and again[2] == ""
    css = fetch(
        f"{base}/assets/docsite.css",
        headers={"If-None-Match": fetch(f"{base}/assets/docsite.css")[1]["ETag"]},
    )
    assert css[0] == 304


def test_redirects_answer_301(served):
    _, base = served
    request = urllib.request.Request(f"{base}/enterprise/2.22/a")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as moved:
        opener.open(request, timeout=5)
    assert moved.value.code == 301
    assert moved.value.headers["Location"] == "/en/enterprise-server@2.22/a/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_ctrl_c_stops_cleanly(site):
    proc = serve_process(site.root, site.root / "_site", 0, stderr=True)
    assert proc.stdout is not None and proc.stdout.readline().startswith("serving on")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert "Traceback" not in err and err.rstrip().endswith("stopped")
    assert [p.name for p in site.root.iterdir() if ".staging-" in p.name] == []


def test_the_first_build_shows_its_progress_and_edits_do_not(site):
    # a large site with no earlier output is the writer's wait before anything is served
    for n in range(30):  # 8 outputs each (every version, both languages): over 240 in all
        site.write(f"content/p{n}.md", page(f"Page {n}.\n", title=f"P{n}"))
    proc = serve_process(site.root, site.root / "_site", 0, stderr=True)
    assert proc.stdout is not None
    base = proc.stdout.readline().split()[-1].removesuffix("/en/")
    after_save(site, base, "content/p0.md", page("Edited.\n", title="P0"))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    lines = err.splitlines()
    shown = [i for i, line in enumerate(lines) if line.startswith("rendering: ")]
    done, total = lines[shown[-1]].removeprefix("rendering: ").removesuffix(" pages").split("/")
    assert done == total and int(total) >= 240, err
    edited = next(i for i, line in enumerate(lines) if line.startswith("re-rendered 8 outputs"))
    assert shown[-1] < edited  # the edit's renders show no progress


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def test_slow_clients_and_hang_ups_cost_no_threads_and_no_tracebacks(site):
    site.write("content/a.md", page("Words. " * 20_000 + "\n", title="Big"))
    proc = serve_process(site.root, site.root / "_site", 0, stderr=True)
    assert proc.stdout is not None
    base = proc.stdout.readline().split()[-1].removesuffix("/en/")
    host, port = base.removeprefix("http://").split(":")
    idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(300)]
    try:
        time.sleep(0.5)
        assert threads_of(proc.pid) < 40  # 300 idle connections: no thread each
        started = time.monotonic()
        code, _, body = fetch(f"{base}/en/a/")  # the writer's tab is answered at once
        assert code == 200 and "Words." in body
        assert time.monotonic() - started < 2
        for _ in range(20):  # a client that hangs up before the answer is sent
            rude = socket.create_connection((host, int(port)))
            rude.sendall(b"GET /en/a/ HTTP/1.1\r\nHost: x\r\n\r\n")
            rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            rude.close()  # a reset, not a polite close
        assert fetch(f"{base}/en/a/")[0] == 200
    finally:
        for connection in idle:
            connection.close()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err


def test_ctrl_c_during_a_search_re_index_leaves_no_scratch(site):
    site.write("content/a.md", page("Words.\n", extra="intro: First\n"))
    out = site.root / "_site"
    for attempt in range(4):
        proc = serve_process(site.root, out, 0, stderr=True)
        assert proc.stdout is not None
        base = proc.stdout.readline().split()[-1].removesuffix("/en/")
        after_save(site, base, "content/a.md", page("Words.\n", extra=f"intro: I{attempt}\n"))
        time.sleep(0.05 * attempt)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 0 and "Traceback" not in err
        assert not (out / ".docsite" / "search").exists()


@pytest.mark.browser
def test_browser_navigates_versions_and_reloads_on_edit(served):
    from playwright.sync_api import sync_playwright

    site, base = served
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        tab = browser.new_page()
        tab.goto(f"{base}/en/a/")
        assert tab.locator("h1").inner_text() == "Page A"
        assert tab.locator(".mini-toc a").inner_text() == "Details"
        tab.locator(".version-picker summary").click()
        tab.get_by_role("link", name="Enterprise Server 2.22").click()
        tab.wait_for_url(f"{base}/en/enterprise-server@2.22/a/")
        assert "First text." in tab.locator(".article-body").inner_text()
        tab.locator(".language-picker summary").click()
        tab.get_by_role("link", name="简体中文").click()
        tab.wait_for_url(f"{base}/cn/enterprise-server@2.22/a/")
        assert tab.locator("html").get_attribute("lang") == "zh-Hans"
        other = browser.new_page()
        other.goto(f"{base}/en/b/")
        other.evaluate("window.stayed = true")  # gone if this tab reloads
        site.write("data/reusables/note.md", "Edited while open.\n")
        tab.wait_for_function(
            "document.body.innerText.includes('Edited while open.')", timeout=45000
        )
        assert other.evaluate("window.stayed === true")  # its page did not change: no reload
        site.write("content/a.md", page("{% data variables.nope %}\n", title="Page A"))
        tab.wait_for_selector("#docsite-error-overlay", timeout=45000)
        assert (
            "data key `variables.nope` not found"
            in tab.locator("#docsite-error-overlay").inner_text()
        )
        site.write("content/a.md", page("Repaired.\n", title="Page A"))
        tab.wait_for_function("document.body.innerText.includes('Repaired.')", timeout=45000)
        assert tab.locator("#docsite-error-overlay").count() == 0
        browser.close()
