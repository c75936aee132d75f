"""Redirects over real HTTP, the redirect maps, redirect errors, and link checks."""

import http.client
import json
import re
import socket
import subprocess
import sys
import time

import pytest

from conftest import Site, page, serve_process
from docsite.render.markdown import github_slug

SERVER_ONLY = "versions:\n  enterprise-server: '*'\n"
CLOUD_ONLY = "versions:\n  free-pro-team: '*'\n"


def moved_site(site: Site) -> Site:
    site.write(
        "content/guide/index.md",
        page("Guide.\n", title="Guide", extra="children: [/moved, /server-only]\n"),
    )
    site.write(
        "content/guide/moved.md",
        page(
            "Moved here.\n\n## Setting up\n\nText.\n",
            title="Moved",
            extra="redirect_from:\n  - /old/place\n  - /articles/moved-page/\n"
            "  - /enterprise/admin/guides/old-admin\n",
        ),
    )
    site.write(
        "content/guide/server-only.md",
        page(
            "Server.\n",
            title="Server only",
            versions=SERVER_ONLY,
            extra="redirect_from:\n  - /articles/server-thing\n",
        ),
    )
    site.write("content/guide/cloud-only.md", page("Cloud.\n", title="Cloud", versions=CLOUD_ONLY))
    site.write(
        "translations/cn/content/guide/moved.md",
        page("已移动。\n\n## 设置\n\n文本。\n", title="已移动"),
    )
    return site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            get(port, "/")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def expected_version(url: str) -> str:
    segment = url.split("/")[2]
    return segment if "@" in segment else "free-pro-team@latest"


def assert_lands(port: int, target: str) -> None:
    final = get(port, target)
    assert final.status == 200, target
    body = final.body.decode()  # type: ignore[attr-defined]
    language = target.split("/")[1]
    assert f'data-language="{language}"' in body, target
    assert f'data-version="{expected_version(target)}"' in body, target


@pytest.fixture
def built(site, capsys):
    moved_site(site)
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    return site, result


def test_redirect_kinds_land_where_users_expect(built):
    _, result = built
    redirects = json.loads((result.out / "redirects.json").read_text())
    expect = {
        "/": "/en/",
        "/old/place": "/en/guide/moved/",
        "/en/old/place": "/en/guide/moved/",
        "/en/enterprise-server@2.22/old/place": "/en/enterprise-server@2.22/guide/moved/",
        "/cn/github-ae@latest/articles/moved-page": "/cn/github-ae@latest/guide/moved/",
        "/en/admin/old-admin": "/en/guide/moved/",
        "/articles/server-thing": "/en/enterprise-server@3.0/guide/server-only/",
        "/cn/articles/server-thing": "/cn/enterprise-server@3.0/guide/server-only/",
        "/en/guide/server-only": "/en/enterprise-server@3.0/guide/server-only/",
        "/guide/moved": "/en/guide/moved/",
        "/enterprise-server@2.22/guide/moved": "/en/enterprise-server@2.22/guide/moved/",
        "/free-pro-team@latest/guide/moved": "/en/guide/moved/",
        "/cn/free-pro-team@latest/guide/moved": "/cn/guide/moved/",
        "/zh-cn/guide/moved": "/cn/guide/moved/",
        "/zh/enterprise-server@2.22/guide/moved": "/cn/enterprise-server@2.22/guide/moved/",
        "/zh-CN/guide/moved": "/cn/guide/moved/",
        "/enterprise-server@latest/guide/moved": "/en/enterprise-server@3.0/guide/moved/",
        "/enterprise-server/guide/moved": "/en/enterprise-server@3.0/guide/moved/",
        "/enterprise/guide/moved": "/en/enterprise-server@3.0/guide/moved/",
        "/enterprise/2.22/user/guide/moved": "/en/enterprise-server@2.22/guide/moved/",
        "/enterprise/2.22/guide/moved": "/en/enterprise-server@2.22/guide/moved/",
        "/cn/enterprise/2.22/guide/moved": "/cn/enterprise-server@2.22/guide/moved/",
        "/enterprise-server@2.22": "/en/enterprise-server@2.22/",
        "/github-ae@latest": "/en/github-ae@latest/",
    }
    for source, target in expect.items():
        assert redirects.get(source) == target, source
    assert "/en/guide/moved" not in redirects  # a page, not a redirect
    assert "/en/enterprise-server@2.22/guide/cloud-only" not in redirects


def test_every_redirect_lands_in_one_hop_on_the_preview_server(built):
    site, result = built
    port = free_port()
    proc = serve_process(site.root, result.out, port)
    try:
        wait_until_up(port)
        redirects = json.loads((result.out / "redirects.json").read_text())
        assert len(redirects) > 100
        for source, target in redirects.items():
            for asked in {source, source.rstrip("/") + "/"}:
                first = get(port, asked)
                assert first.status == 301, asked
                assert first.getheader("Location") == target, asked
            assert_lands(port, target)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_static_stubs_redirect_once_on_a_plain_http_server(built):
    _, result = built
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(result.out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
        redirects = json.loads((result.out / "redirects.json").read_text())
        for source, target in redirects.items():
            stub = get(port, source.rstrip("/") + "/")
            assert stub.status == 200, source
            html = stub.body.decode()  # type: ignore[attr-defined]
            assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
            assert f'<link rel="canonical" href="{target}">' in html
            assert "location.hash" in html  # the script keeps the #fragment
            assert_lands(port, target)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_maps_list_every_source_explicitly(built):
    _, result = built
    redirects = json.loads((result.out / "redirects.json").read_text())
    netlify = (result.out / "_redirects").read_text().splitlines()
    nginx = (result.out / "redirects.nginx.conf").read_text()
    assert sorted(line.split()[0] for line in netlify) == sorted(redirects)
    assert all(line.endswith(" 301") and "*" not in line for line in netlify)
    for source, target in redirects.items():
        if source != "/":
            assert f"    {source} {target};\n" in nginx
    assert all(t.endswith("/") and t not in redirects for t in redirects.values())  # flat


def test_build_prints_redirect_counts_per_kind(site, capsys):
    result = moved_site(site).build(capsys=capsys)
    assert re.search(
        r"redirects: \d+ language-code, \d+ legacy, \d+ no-language, "
        r"\d+ redirect_from, \d+ versionless",
        result.err,
    ), result.err


def test_redirect_that_shadows_a_page_is_an_error(site, capsys):
    moved_site(site)
    site.write("content/other.md", page("x", extra="redirect_from:\n  - /guide/cloud-only\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/other.md:4:5: error: redirect_from /guide/cloud-only shadows the page "
        "/en/guide/cloud-only/"
    ) in result.err


def test_two_pages_claiming_one_source_is_an_error(site, capsys):
    moved_site(site)
    site.write("content/other.md", page("x", extra="redirect_from:\n  - /old/place\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert re.search(
        r"content/(other|guide/moved)\.md:\d+:\d+: error: redirect_from /old/place: "
        r"content/(guide/moved|other)\.md claims /\w+",
        result.err,
    )


def test_a_redirect_loop_is_reported_at_both_entries(site, capsys):
    site.write("content/a.md", page("a", extra="redirect_from:\n  - /b\n"))
    site.write("content/b.md", page("b", extra="redirect_from:\n  - /a\n"))
    result = site.build(capsys=capsys)
    assert "content/a.md:4:5: error: redirect_from /b shadows the page /en/b/" in result.err
    assert "content/b.md:4:5: error: redirect_from /a shadows the page /en/a/" in result.err
    assert "/cn/b/" not in result.err  # one report per entry


def test_links_through_redirects_are_rewritten_to_the_final_url(built, capsys):
    site, _ = built
    site.write(
        "content/guide/linker.md",
        page(
            "See [old](/old/place), [legacy](/enterprise/2.22/user/guide/moved#setting-up), "
            "[pinned](/enterprise-server@2.22/guide/moved) and [out](https://example.com/x).\n"
        ),
    )
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    fpt = result.html("/en/guide/linker/")
    assert 'href="/en/guide/moved/"' in fpt
    assert 'href="/en/enterprise-server@2.22/guide/moved/#setting-up"' in fpt
    assert 'href="https://example.com/x"' in fpt
    ghes = result.html("/en/enterprise-server@3.0/guide/linker/")
    assert 'href="/en/enterprise-server@3.0/guide/moved/"' in ghes
    assert 'href="/en/enterprise-server@2.22/guide/moved/"' in ghes  # pinned keeps its version
    cn = result.html("/cn/guide/linker/")
    assert 'href="/cn/guide/moved/#setting-up"' not in cn  # legacy link pins 2.22
    assert 'href="/cn/enterprise-server@2.22/guide/moved/#setting-up"' in cn


def test_broken_links_and_anchors_are_located(built, capsys):
    site, _ = built
    site.write(
        "content/guide/linker.md",
        page(
            "Intro.\n\n"
            "Go to [nowhere](/guide/missing) or [cloud](/guide/cloud-only)\n"
            "or [a heading](/guide/moved#no-such-heading).\n"
        ),
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/guide/linker.md:10:17: error: link to /guide/missing goes to no page "
        "(in fpt/cn, fpt/en, ghae/cn, ghae/en, ghes-2.22/cn, ghes-2.22/en, ghes-3.0/cn, "
        "ghes-3.0/en)"
    ) in result.err
    assert (
        "content/guide/linker.md:10:44: error: link to /guide/cloud-only goes to no page "
        "(in ghae/cn, ghae/en, ghes-2.22/cn, ghes-2.22/en, ghes-3.0/cn, ghes-3.0/en)"
    ) in result.err
    assert (
        "content/guide/linker.md:11:16: error: link to /guide/moved#no-such-heading: "
        "no heading `#no-such-heading` on that page"
    ) in result.err


def test_translated_headings_keep_english_ids_so_anchor_links_work(built):
    _, result = built
    cn = result.html("/cn/guide/moved/")
    assert '<h2 id="setting-up"><a class="heading-link" href="#setting-up">设置</a></h2>' in cn


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Hello World", "hello-world"),
        ("What's new?", "whats-new"),
        ("C++ & Rust", "c--rust"),
        ("Über die API", "über-die-api"),
        ("Using `npm` with 2FA", "using-npm-with-2fa"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("关于发布的包", "关于发布的包"),
        ("🎉 Party", "-party"),
        ("A.B.C (beta)", "abc-beta"),
    ],
)
def test_heading_ids_follow_github_slugger(heading, slug):
    assert github_slug(heading) == slug


def test_pages_of_disjoint_versions_may_keep_one_redirect_each_version_its_own(tmp_path, capsys):
    site = Site(tmp_path / "src")
    old = "redirect_from:\n  - /old/place\n"
    copy = page("Old copy.\n", extra=old, versions="versions:\n  ghes: '2.22'\n")
    moved = page("Moved.\n", extra=old, versions="versions:\n  fpt: '*'\n  ghes: '>=3.0'\n")
    site.write("content/copy.md", copy).write("content/moved.md", moved)
    site.write("content/both.md", page("Both.\n", extra="redirect_from:\n  - /twice\n"))
    site.write("content/again.md", page("Again.\n", extra="redirect_from:\n  - /twice\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 1
    assert "error: redirect_from /twice: content/again.md claims /en/twice too" in result.err
    assert "/old/place" not in result.err  # disjoint versions: no conflict
    site.write("content/again.md", page("Again.\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    stubs = json.loads((result.out / "redirects.json").read_text())
    assert stubs["/en/enterprise-server@2.22/old/place"] == "/en/enterprise-server@2.22/copy/"
    assert stubs["/en/enterprise-server@3.0/old/place"] == "/en/enterprise-server@3.0/moved/"
    assert stubs["/en/old/place"] == "/en/moved/"  # the version-less form: the earlier version
    assert stubs["/old/place"] == "/en/moved/"


def test_liquid_in_redirect_from_is_a_located_error(tmp_path, capsys):
    site = Site(tmp_path / "src")
    extra = "redirect_from:\n  - /enterprise/{{ currentVersion }}/old\n"
    site.write("content/a.md", page("A.\n", extra=extra))
    result = site.build("--lang", "en", "--keep-going", capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:4:5: error: redirect_from /enterprise/{{ currentVersion }}/old: Liquid"
        in result.err
    )
    assert not any("{" in p.name for p in result.out.rglob("*"))
