"""The preview server over real HTTP on 127.0.0.1, and in a real headless chromium."""

import time
import urllib.request
from collections.abc import Iterator

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


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture
def served(site: Site) -> Iterator[tuple[Site, str]]:
    site.write("content/a.md", page("First text.\n\n## Details\n\nMore.\n", title="Page A"))
    proc = serve_process(site.root, site.root / "_site", 0)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("serving on http://127.0.0.1:"), line
        yield site, line.split()[-1].removesuffix("/en/")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_preview_serves_pages_and_rebuilds_on_change(served):
    site, base = served
    assert "First text." in fetch(f"{base}/en/a/")
    assert "First text." in fetch(f"{base}/en/enterprise-server@2.22/a/")
    build = fetch(f"{base}/__docsite/build")
    site.write("content/a.md", page("Second text.\n", title="Page A"))
    wait_for(lambda: fetch(f"{base}/__docsite/build") != build)
    assert "Second text." in fetch(f"{base}/en/a/")


def test_a_failed_rebuild_keeps_serving_the_last_good_site(served):
    site, base = served
    site.write("content/a.md", page("{% data variables.nope %}\n", title="Page A"))
    time.sleep(1.5)
    assert "First text." in fetch(f"{base}/en/a/")


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
        site.write("content/a.md", page("Edited while open.\n", title="Page A"))
        tab.wait_for_function(
            "document.body.innerText.includes('Edited while open.')", timeout=15000
        )
        browser.close()
