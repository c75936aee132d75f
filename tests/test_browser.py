"""The built site as readers use it: Debian's chromium, driven by playwright, against a static
HTTP server on 127.0.0.1 serving the output folder as any static host would.

Screenshots go to `artifacts/screenshots/` (CI keeps that folder).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, ENGLISH_CHROME, ROOT, Site, page
from docsite.cli import main
from docsite.output import bundles as search_bundles

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
ARTICLE = "packages/learn-github-packages/publishing-a-package"
MOVED_FROM = "packages/publishing-and-managing-packages/publishing-a-package"
NPM = "packages/working-with-a-github-packages-registry/working-with-the-npm-registry"
VERSIONS = ("", "enterprise-server@3.0/", "enterprise-server@2.22/", "github-ae@latest/")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


OUTPUTS: dict[str, Path] = {}  # base URL -> the folder it serves


def serve(folder: Path) -> str:
    """A static file server on 127.0.0.1 for the process's lifetime; its base URL."""
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    OUTPUTS[base] = folder
    return base


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("browser") / "_site"
    assert main(["build", "--source", str(ROOT), "--out", str(out)]) == 0
    return serve(out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if "127.0.0.1" not in r.url and not r.url.startswith("data:")
            else None
        ),
    )
    yield page
    context.close()
    assert outside == [], "the site asked another host"


def fetch(tab: Any, url: str) -> tuple[int, str]:
    """A URL's status and body, redirects not followed."""
    response = tab.request.get(url, max_redirects=0)
    return response.status, response.text()


def is_page(body: str) -> bool:
    """A real page, not a redirect stub."""
    return "<h1>" in body and 'http-equiv="refresh"' not in body


def local_links(tab: Any, selector: str) -> list[str]:
    """The site-local hrefs (no fragment) of the links inside the elements a selector finds."""
    links = ", ".join(f"{part.strip()} a[href]" for part in selector.split(","))
    hrefs = tab.eval_on_selector_all(links, "els => els.map(e => e.getAttribute('href'))")
    return sorted({h.split("#")[0] for h in hrefs if h.startswith("/")})


def switch(tab: Any, picker: str, name: str) -> None:
    tab.locator(f".{picker} summary").click()
    tab.locator(f".{picker}").get_by_role("link", name=name, exact=True).click()


def test_version_then_language_switcher_land_on_the_same_article(base, tab):
    tab.goto(f"{base}/en/{ARTICLE}/")
    assert tab.locator("h1").inner_text() == "Publishing a package"
    switch(tab, "version-picker", "Enterprise Server 2.22")
    tab.wait_for_url(f"{base}/en/enterprise-server@2.22/{ARTICLE}/")
    assert tab.locator("h1").inner_text() == "Publishing a package"
    assert "will be discontinued on 2021-09-23" in tab.locator(".notice-deprecation").inner_text()
    switch(tab, "language-picker", "简体中文")
    tab.wait_for_url(f"{base}/cn/enterprise-server@2.22/{ARTICLE}/")
    assert tab.locator("h1").inner_text() == "发布包"
    assert tab.locator("html").get_attribute("lang") == "zh-Hans"
    assert "英文页面" in tab.locator(".notice-translation").inner_text()


def test_a_moved_article_is_reached_from_every_version_without_a_redirect_hop(base, tab):
    tab.goto(f"{base}/en/{MOVED_FROM}/")  # the old address: a stub sends the reader on
    tab.wait_for_url(f"{base}/en/{ARTICLE}/")
    for version in VERSIONS:
        for language in ("en", "cn"):
            tab.goto(f"{base}/{language}/{version}{ARTICLE}/")
            for href in local_links(tab, ".version-picker, .language-picker"):
                status, body = fetch(tab, base + href)
                assert status == 200 and is_page(body), href
                assert href.endswith(f"/{ARTICLE}/"), href  # the same article everywhere


def test_product_landing_shows_featured_guides_and_contents_and_every_link_answers(base, tab):
    tab.goto(f"{base}/en/packages/")
    featured = tab.locator(".featured-guides")
    assert featured.get_by_role("link", name="Publishing a package").is_visible()
    assert "so that other people can download it" in featured.inner_text()  # the target's intro
    contents = tab.locator(".product-contents")
    assert contents.get_by_role("link", name="npm registry").is_visible()  # its shortTitle
    crawl(tab, base, "/en/packages/", "/en/packages/")


def crawl(
    tab: Any, base: str, start: str, within: str, failed: frozenset[str] = frozenset()
) -> set[str]:
    """Visit every page below `within` reachable from `start`; every link on them answers 200.

    `failed`: pages the build reported as not written (the corpus's own errors).
    """
    seen, queue, checked = {start}, [start], set(failed)
    while queue:
        url = queue.pop()
        tab.goto(base + url)
        for href in local_links(tab, "main, .sidebar"):
            if href not in checked:
                status, body = fetch(tab, base + href)
                assert status == 200 and is_page(body), f"{url} links to {href}: {status}"
                checked.add(href)
            if href.startswith(within) and href not in seen and href not in failed:
                seen.add(href)
                queue.append(href)
    return seen


def search(tab: Any, query: str) -> list[str]:
    tab.locator("#search-input").fill(query)
    tab.wait_for_selector("#search-results [role=option]", timeout=15000)
    return local_links(tab, "#search-results")


def test_search_finds_english_and_chinese_pages_of_the_current_version_only(base, tab):
    tab.goto(f"{base}/en/enterprise-server@2.22/{ARTICLE}/")
    found = search(tab, "registry")
    assert found and all(h.startswith("/en/enterprise-server@2.22/") for h in found), found
    assert "<mark>" in tab.locator("#search-results").inner_html()
    crumbs = tab.locator("#search-results small").all_inner_texts()
    assert any(c.startswith("GitHub Packages / ") for c in crumbs), crumbs  # breadcrumbs
    tab.locator("#search-input").press("ArrowDown")
    assert tab.locator("#search-results [aria-selected=true]").count() == 1
    first = tab.locator("#search-results [aria-selected=true] a").get_attribute("href")
    tab.locator("#search-input").press("Enter")
    tab.wait_for_url(base + first)
    tab.goto(f"{base}/cn/packages/")
    found = search(tab, "发布")
    assert found and all(h.startswith("/cn/") and "@" not in h for h in found), found
    assert f"/cn/{ARTICLE}/" in found
    tab.locator(f'#search-results a[href="/cn/{ARTICLE}/"]').click()
    tab.wait_for_url(f"{base}/cn/{ARTICLE}/")
    assert tab.locator("h1").inner_text() == "发布包"


def test_search_shows_each_version_its_own_text_from_one_index(browser, tmp_path, monkeypatch):
    """One index per language holds a page once per distinct text, with the versions showing
    it: a word only some versions show is found only there, and a result opens in the version
    the reader is in. A large index comes in bundles, which the search box merges."""
    monkeypatch.setattr(search_bundles, "BUNDLE", 2)
    site = Site(tmp_path / "src")
    site.write("content/same.md", page("Every version says quokka.\n", title="Same"))
    site.write(
        "content/differs.md",
        page("{% ifversion ghes %}Servers say wombat.{% else %}Clouds say numbat.{% endif %}\n"),
    )
    server_only = "versions:\n  enterprise-server: '>=3.0'\n"
    site.write(
        "content/only.md", page("Only here: zanzibar.\n", title="Only", versions=server_only)
    )
    out = site.build("--lang", "en").out
    bundles = sorted(p.parent.relative_to(out).as_posix() for p in out.rglob("pagefind.js"))
    # five documents in bundles of about two, each document in the bundle its file's hash names
    assert bundles[0] == "en/_pagefind" and len(bundles) >= 2
    assert bundles[1:] == [f"en/_pagefind/{i}" for i in range(1, len(bundles))]
    counts = [
        json.loads((out / b / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
        for b in bundles
    ]
    # home, same, only: one text each; differs: one for the servers, one for fpt and ghae
    assert sum(counts) == 5
    base = serve(out)
    context = browser.new_context()
    tab = context.new_page()

    def found(version: str, word: str) -> list[str]:
        tab.goto(f"{base}/en/{version}")
        tab.locator("#search-input").fill(word)
        tab.wait_for_selector("#search-results li", timeout=15000)
        return local_links(tab, "#search-results")

    assert found("", "quokka") == ["/en/same/"]
    assert found("enterprise-server@2.22/", "quokka") == ["/en/enterprise-server@2.22/same/"]
    assert found("enterprise-server@2.22/", "wombat") == ["/en/enterprise-server@2.22/differs/"]
    assert found("enterprise-server@2.22/", "numbat") == []
    assert found("github-ae@latest/", "numbat") == ["/en/github-ae@latest/differs/"]
    assert found("", "wombat") == []
    assert found("enterprise-server@3.0/", "zanzibar") == ["/en/enterprise-server@3.0/only/"]
    assert found("enterprise-server@2.22/", "zanzibar") == []  # not published in 2.22
    assert tab.locator("#search-results .no-results").count() == 1
    context.close()


def test_platform_switcher_shows_one_platform_and_remembers_it(base, tab):
    tab.goto(f"{base}/en/{NPM}/")
    visible = lambda: [  # noqa: E731
        p for p in ("mac", "windows", "linux") if tab.locator(f".platform-{p}").is_visible()
    ]
    assert visible() == ["linux"]  # defaultPlatform: linux
    tab.get_by_role("button", name="Windows").click()
    assert visible() == ["windows"]
    assert tab.get_by_role("button", name="Windows").get_attribute("aria-pressed") == "true"
    tab.reload()
    assert visible() == ["windows"]


VIEWING = "packages/learn-github-packages/viewing-packages"


def test_tool_switcher_offers_the_tools_the_page_uses_and_remembers_the_choice(base, tab):
    tab.goto(f"{base}/en/{VIEWING}/")
    switcher = tab.locator(".tool-switcher")
    assert switcher.locator("button").all_inner_texts() == ["Web browser", "GitHub CLI", "cURL"]
    visible = lambda: [  # noqa: E731
        t for t in ("webui", "cli", "curl") if tab.locator(f".tool-{t}").is_visible()
    ]
    assert visible() == ["cli"]  # defaultTool: cli
    switcher.get_by_role("button", name="cURL").click()
    assert visible() == ["curl"]
    tab.goto(f"{base}/en/enterprise-server@3.0/{VIEWING}/")
    assert visible() == ["curl"]  # remembered across pages and versions
    assert not tab.locator(".platform-switcher").count()  # no platform blocks on this page


def test_a_copy_button_copies_its_code(browser, base):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(f"{base}/en/enterprise-server@3.0/{NPM}/")
    tab.locator(".btn-copy").first.click()
    tab.wait_for_selector(".btn-copy[data-copied]")
    assert tab.evaluate("navigator.clipboard.readText()") == (
        "//HOSTNAME/_registry/npm/:_authToken=TOKEN\n"
    )
    context.close()


def test_without_javascript_every_platform_shows_and_links_still_work(browser, base):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base}/en/{NPM}/")
    assert all(tab.locator(f".platform-{p}").is_visible() for p in ("mac", "windows", "linux"))
    assert not tab.locator(".platform-switcher").is_visible()
    tab.goto(f"{base}/en/{VIEWING}/")
    assert all(tab.locator(f".tool-{t}").is_visible() for t in ("webui", "cli", "curl"))
    assert not tab.locator(".tool-switcher").is_visible()
    tab.locator(".sidebar").get_by_role("link", name="Learn GitHub Packages").click()
    tab.wait_for_url(f"{base}/en/packages/learn-github-packages/")
    context.close()


def test_sidebar_is_keyboard_usable(base, tab):
    tab.goto(f"{base}/en/{ARTICLE}/")
    current = tab.locator('.sidebar [aria-current="page"]')
    assert current.inner_text() == "Publishing a package"
    registry = tab.locator('.sidebar summary[aria-label="Working with a registry"]')
    assert registry.count() == 0  # a section off the page's trail is a plain link
    product = tab.locator('.sidebar summary[aria-label="GitHub Packages"]')
    assert product.get_attribute("aria-label") == "GitHub Packages"
    product.focus()
    tab.keyboard.press("Enter")  # collapses the product section
    assert not current.is_visible()
    tab.keyboard.press("Enter")
    assert current.is_visible()


def test_screenshots_of_every_version_and_language_and_the_landing_page(base, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = [
        (f"{lang}/{v}{ARTICLE}", f"article-{lang}-{v.strip('/') or 'fpt'}")
        for lang in ("en", "cn")
        for v in VERSIONS
    ]
    pages += [("en/packages", "landing-en"), ("cn/packages", "landing-cn")]
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        for url, name in pages:
            tab.goto(f"{base}/{url}/")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (
                f"{url} scrolls sideways at {width}px"
            )
            path = SHOTS / f"{name}-{width}.png"
            tab.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
        context.close()


@pytest.mark.parametrize(
    "url", [f"/en/{ARTICLE}/", "/en/packages/", f"/cn/enterprise-server@2.22/{NPM}/", "/en/"]
)
def test_no_serious_or_critical_accessibility_violation(base, tab, url):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(base + url)
    results = Axe().run(tab)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_dark_mode_follows_the_readers_preference(browser, base):
    context = browser.new_context(color_scheme="dark")
    tab = context.new_page()
    tab.goto(f"{base}/en/{ARTICLE}/")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(13, 17, 23)"
    context.close()


# -- the real corpus ---------------------------------------------------------------------------

corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus is not beside the checkout"
)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, set[str]]:
    """fpt and 2.22 of the corpus, served; and the pages its known errors kept from being built."""
    out = tmp_path_factory.mktemp("corpus-browser") / "_site"
    args = ["build", "--source", str(CORPUS), "--out", str(out), "--keep-going"]
    args += [
        "--skip-file",
        str(ROOT / "tests" / "corpus-skips.txt"),
        "--version",
        "fpt",
        "ghes-2.22",
    ]
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr  # the corpus's known errors
    failed = set(re.findall(r"^not written: (\S+)$", done.stderr, re.M))
    return serve(out), failed | skipped_urls(out)


def skipped_urls(out: Path) -> set[str]:
    """The URLs of pages the skip file keeps from rendering (generated reference pages)."""
    lines = (ROOT / "tests" / "corpus-skips.txt").read_text().splitlines()
    routes = [
        line.split()[0].removeprefix("content/").removesuffix(".md")
        for line in lines
        if line.startswith("content/")
    ]
    homes = ["/en/", "/cn/", "/en/enterprise-server@2.22/", "/cn/enterprise-server@2.22/"]
    return {f"{home}{route.removesuffix('/index')}/" for home in homes for route in routes}


@pytest.fixture
def corpus_base(corpus_site: tuple[str, set[str]]) -> str:
    return corpus_site[0]


@corpus
@pytest.mark.corpus
def test_corpus_packages_landing_and_its_product_answer_200(corpus_site, tab):
    corpus_base, _left_out = corpus_site
    corpus_out = OUTPUTS[corpus_base]
    tab.goto(f"{corpus_base}/en/packages/")
    guides = tab.locator(".featured-guides")
    assert guides.get_by_role("link", name="Learn GitHub Packages").is_visible()
    contents = tab.locator(".product-contents")
    assert contents.get_by_role("link", name="Quickstart for GitHub Packages").is_visible()
    seen = crawl(tab, corpus_base, "/en/packages/", "/en/packages/")  # nothing left out is linked
    built = {  # every fpt page of the product that was written, found on disk
        "/" + p.parent.relative_to(corpus_out).as_posix() + "/"
        for p in (corpus_out / "en" / "packages").rglob("index.html")
        if is_page(p.read_text(encoding="utf-8"))
    }
    assert len(built) > 20 and seen == built  # the tree reaches every page of the product


@corpus
@pytest.mark.corpus
def test_corpus_switchers_follow_a_moved_article(corpus_base, tab):
    moved = "packages/guides/configuring-npm-for-use-with-github-packages"  # has redirect_from
    source = (CORPUS / "content" / f"{moved}.md").read_text()
    assert "redirect_from:" in source
    tab.goto(f"{corpus_base}/en/{moved}/")
    switch(tab, "version-picker", "Enterprise Server 2.22")
    tab.wait_for_url(f"{corpus_base}/en/enterprise-server@2.22/{moved}/")
    switch(tab, "language-picker", "简体中文")
    tab.wait_for_url(f"{corpus_base}/cn/enterprise-server@2.22/{moved}/")
    assert re.search(r"[\u4e00-\u9fff]", tab.locator("h1").inner_text())
    offered = local_links(tab, ".version-picker, .language-picker")
    assert not [h for h in offered if re.search(r"@3\.0|@2\.21|github-ae", h)]  # not built
    for href in offered:
        status, body = fetch(tab, corpus_base + href)
        assert status == 200 and is_page(body), href


@corpus
@pytest.mark.corpus
def test_corpus_search_in_english_and_chinese(corpus_base, tab):
    tab.goto(f"{corpus_base}/en/enterprise-server@2.22/packages/")
    found = search(tab, "docker")
    assert found and all(h.startswith("/en/enterprise-server@2.22/") for h in found)
    tab.goto(f"{corpus_base}/cn/packages/")
    found = search(tab, "软件包")
    assert found and all(h.startswith("/cn/") and "@" not in h for h in found)


@corpus
@pytest.mark.corpus
def test_corpus_chinese_seed_page_reads_in_chinese_as_github_showed_it(corpus_base, tab):
    tab.goto(f"{corpus_base}/cn/{ARTICLE}/")
    chrome = tab.locator("header, .notice, .permissions-statement, .mini-toc, .prev-next")
    shown = " ".join(chrome.all_inner_texts()) + (
        tab.locator("#search-input").get_attribute("placeholder") or ""
    )
    assert [w for w in ENGLISH_CHROME if w in shown] == []
    main = tab.locator("main").inner_text()
    assert (
        "](" not in main and "**" not in main
    )  # no literal Markdown, the product callout's included
    assert tab.locator(".product-callout a", has_text="GitHub 的产品").is_visible()
    # the page is written in `###` sections: "In this article" lists them
    assert tab.locator(".mini-toc li").all_inner_texts() == ["关于发布的包", "发布包"]
    tab.goto(
        f"{corpus_base}/cn/packages/getting-started-with-github-container-registry/about-github-container-registry/"
    )
    assert tab.locator("strong", has_text="注：").first.is_visible()  # CommonMark left `**注：**`
    tab.goto(f"{corpus_base}/en/packages/guides/configuring-npm-for-use-with-github-packages/")
    placeholder = tab.locator("pre em", has_text="TOKEN").first
    assert placeholder.evaluate("e => getComputedStyle(e).fontStyle") == "italic"


@corpus
@pytest.mark.corpus
def test_corpus_phone_menu_opens_the_navigation(browser, corpus_base):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{corpus_base}/en/{ARTICLE}/")
    sidebar, menu = page.locator("#sidebar"), page.locator(".menu-button")
    assert menu.is_visible() and not sidebar.is_visible()
    menu.click()
    assert sidebar.is_visible() and menu.get_attribute("aria-expanded") == "true"
    assert sidebar.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]  # above the article
    page.close()
