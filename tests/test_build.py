"""Whole builds: the shipped guide per version and language, output layout, atomicity, options."""

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, Result, page, site_paths
from docsite.cli import main

GUIDE = "packages/learn-github-packages/publishing-a-package"
ADVISORY = "如果软件包的新版本修复了安全漏洞"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Result:
    out = tmp_path_factory.mktemp("shipped") / "_site"
    code = main(["build", "--source", str(ROOT), "--out", str(out)])
    return Result(code, "", out)


def test_ghes_2_22_chinese_guide_takes_the_else_branch(shipped):
    html = shipped.html(f"/cn/enterprise-server@2.22/{GUIDE}/")
    assert "为您的实例启用的包类型" in html
    assert "支持的包客户端" not in html
    assert ADVISORY not in html
    assert "GitHub Packages is a beta feature in GitHub Enterprise Server 2.22." in html


def test_fpt_chinese_guide_has_the_advisory_and_client_branch(shipped):
    html = shipped.html(f"/cn/{GUIDE}/")
    assert ADVISORY in html
    assert "支持的包客户端" in html
    assert "为您的实例启用的包类型" not in html
    assert (
        'href="/cn/github/managing-security-vulnerabilities/about-github-security-advisories/"'
        in html
    )


def test_github_ae_chinese_guide(shipped):
    html = shipped.html(f"/cn/github-ae@latest/{GUIDE}/")
    assert "支持的包客户端" in html
    assert ADVISORY not in html
    assert "is in beta for GitHub AE" in html
    assert "从内部仓库发布的包对企业的所有成员可见" in html


def test_english_guide_per_version(shipped):
    fpt = shipped.html(f"/en/{GUIDE}/")
    ghes30 = shipped.html(f"/en/enterprise-server@3.0/{GUIDE}/")
    assert "supported package client" in fpt and "publish a security advisory" in fpt
    assert "package type that is enabled for your instance" in ghes30
    assert "security advisory" not in ghes30
    assert "beta feature" not in ghes30  # the beta note is for releases before 3.0
    assert "GitHub Enterprise Server records metadata" in ghes30
    assert "GitHub records metadata" in fpt


def pages(out: Path) -> list[Path]:
    """Built pages, not redirect stubs."""
    return [p for p in out.rglob("index.html") if "<title>Redirecting</title>" not in p.read_text()]


def test_no_liquid_survives_and_variables_resolve(shipped):
    files = list(shipped.out.rglob("*.html"))
    assert len(pages(shipped.out)) == 70
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "{%" not in text and "{{" not in text, path
        assert "variables.product" not in text and "reusables." not in text, path


def test_output_layout_and_html_lang(shipped):
    assert (shipped.out / "en" / GUIDE / "index.html").is_file()
    assert (shipped.out / "cn" / "enterprise-server@2.22" / GUIDE / "index.html").is_file()
    assert (shipped.out / "en" / "github-ae@latest" / "index.html").is_file()
    assert not (shipped.out / "en" / "enterprise-server@3.0" / "github" / "index.html").exists()
    assert '<html lang="zh-Hans">' in shipped.html(f"/cn/{GUIDE}/")
    assert '<html lang="en">' in shipped.html(f"/en/{GUIDE}/")
    assert (shipped.out / "assets" / "docsite.css").is_file()


def test_links_are_rewritten_to_language_and_version(shipped):
    html = shipped.html(f"/en/enterprise-server@2.22/{GUIDE}/")
    hrefs = set(re.findall(r'href="(/[^"]*)"', html))
    assert "/en/enterprise-server@2.22/packages/learn-github-packages/viewing-packages/" in hrefs
    assert "/en/enterprise-server@2.22/packages/working-with-a-github-packages-registry/" in hrefs
    assert all(h.startswith(("/en/", "/cn/", "/assets/")) for h in hrefs), hrefs


def test_mini_toc_lists_h2_headings_with_github_ids(shipped):
    html = shipped.html("/en/packages/learn-github-packages/about-permissions-for-github-packages/")
    assert '<h2 id="permissions-follow-the-repository">' in html
    assert (
        '<li class="level-2"><a href="#scopes-of-access-tokens">Scopes of access tokens</a></li>'
        in html
    )
    assert '<a href="#tokens-in-workflows">' in html
    ghes = shipped.html(
        "/en/enterprise-server@2.22/packages/learn-github-packages/"
        "about-permissions-for-github-packages/"
    )
    assert "tokens-in-workflows" not in ghes
    assert "(private packages only)" in ghes


def test_translations_keep_english_heading_ids(shipped):
    html = shipped.html(f"/cn/{GUIDE}/")
    assert (
        '<h3 id="about-published-packages" aria-level="2"><a class="heading-link" '
        'href="#about-published-packages">关于发布的包</a></h3>' in html
    )
    assert (
        '<h3 id="publishing-a-package" aria-level="2"><a class="heading-link" '
        'href="#publishing-a-package">发布包</a></h3>' in html
    )


def test_untranslated_pages_fall_back_to_english_in_cn(shipped):
    html = shipped.html("/cn/packages/learn-github-packages/viewing-packages/")
    assert "<h1>Viewing packages</h1>" in html
    assert '<html lang="zh-Hans">' in html
    assert "本文内容" in html  # translated interface string
    assert (
        'href="/cn/packages/learn-github-packages/publishing-a-package/#publishing-a-package"'
        in html
    )


def test_index_pages_list_their_children_for_the_version(shipped):
    home = shipped.html("/en/")
    ghes_home = shipped.html("/en/enterprise-server@3.0/")
    assert 'href="/en/github/"' in home and 'href="/en/packages/"' in home
    assert "/github/" not in ghes_home
    assert 'href="/en/enterprise-server@3.0/packages/"' in ghes_home


def test_version_picker_links_each_version(shipped):
    html = shipped.html(f"/en/{GUIDE}/")
    for url in (
        f"/en/{GUIDE}/",
        f"/en/enterprise-server@2.22/{GUIDE}/",
        f"/en/github-ae@latest/{GUIDE}/",
    ):
        assert f'href="{url}"' in html
    fpt_only = shipped.html(
        "/en/github/managing-security-vulnerabilities/about-github-security-advisories/"
    )
    assert 'href="/en/enterprise-server@3.0/"' in fpt_only  # not there: that version's home


def test_one_version_builds_only_that_version(tmp_path):
    out = tmp_path / "site"
    assert main(["build", "--source", str(ROOT), "--out", str(out), "--version", "ghes-2.22"]) == 0
    built = {p.relative_to(out).parts[:2] for p in pages(out)}
    assert built == {("en", "enterprise-server@2.22"), ("cn", "enterprise-server@2.22")}
    assert (out / "cn" / "enterprise-server@2.22" / GUIDE / "index.html").is_file()
    targets = set(json.loads((out / "redirects.json").read_text()).values())
    assert all("enterprise-server@2.22/" in t for t in targets)


def test_rebuilds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["build", "--source", str(ROOT), "--out", str(first)]) == 0
    assert main(["build", "--source", str(ROOT), "--out", str(second)]) == 0
    assert snapshot(first) == snapshot(second)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in site_paths(folder)}


def test_failed_build_leaves_previous_output_untouched(site, capsys):
    site.write("content/a.md", page("Good.\n"))
    assert site.build(capsys=capsys).code == 0
    before = snapshot(site.root / "_site")
    site.write("content/a.md", page("Changed.\n"))
    site.write("content/b.md", page("{% data variables.nope.x %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "output left untouched" in result.err
    assert snapshot(site.root / "_site") == before
    assert [p.name for p in site.root.iterdir() if "staging" in p.name] == []


def test_keep_going_writes_good_pages_and_still_fails(site, capsys):
    site.write("content/good.md", page("Good.\n"))
    site.write(
        "content/bad.md", page("{% ifversion ghes %}{% data variables.nope.x %}{% endif %}\n")
    )
    result = site.build("--keep-going", "--lang", "en", capsys=capsys)
    assert result.code == 1
    assert "Good." in result.html("/en/good/")
    assert "Good." in result.html("/en/enterprise-server@2.22/good/")
    assert (result.out / "en" / "bad" / "index.html").is_file()  # fpt has no error
    assert not (result.out / "en" / "enterprise-server@2.22" / "bad").exists()
    assert "not written: /en/enterprise-server@2.22/bad/" in result.err


def test_keep_going_lays_pages_out_again_only_when_the_failed_pages_change(site, capsys):
    home = "children:\n  - /good\n  - /bad\n  - /other\n"
    site.write("content/index.md", page("Home.\n", title="Home", extra=home))
    site.write("content/good.md", page("Good.\n", title="Good"))
    site.write("content/other.md", page("Other.\n", title="Other"))
    site.write("content/bad.md", page("{% data variables.nope.x %}\n", title="Bad"))
    args = ("--keep-going", "--lang", "en", "--version", "fpt")
    first = site.build(*args, capsys=capsys)
    assert first.code == 1 and "not written: /en/bad/" in first.err
    assert 'href="/en/bad/"' not in first.html("/en/good/")  # its sidebar leaves the page out
    site.write("content/other.md", page("Other, edited.\n", title="Other"))
    second = site.build(*args, capsys=capsys)
    # the edited page only: the others were laid out without the same failed page
    assert second.code == 1 and summary(second.err).startswith("1 page renders")
    assert "Other, edited." in second.html("/en/other/")
    assert 'href="/en/bad/"' not in second.html("/en/other/")
    site.write("content/bad.md", page("Fixed.\n", title="Bad"))
    third = site.build(*args, capsys=capsys)
    assert third.code == 0 and summary(third.err).startswith("4 page renders")
    assert 'href="/en/bad/"' in third.html("/en/good/")
    clean = site.build(*args, out=site.root / "clean", capsys=capsys)
    assert snapshot(third.out) == snapshot(clean.out)


def test_a_page_laid_out_again_without_a_failed_page_still_says_its_warnings(site, capsys):
    # `good` is rendered, then laid out again without `bad` in its sidebar, from the same
    # worker's caches: its template is not parsed again, and the parse's warning must stay.
    site.write(
        "content/index.md", page("Home.\n", title="Home", extra="children:\n  - /good\n  - /bad\n")
    )
    old = '{% if currentVersion ver_lt "enterprise-server@2.23" %}old{% endif %}\n'
    site.write("content/good.md", page(old, title="Good"))
    site.write("content/bad.md", page("{% data variables.nope.x %}\n", title="Bad"))
    result = site.build("--keep-going", "--lang", "en", "--version", "fpt", capsys=capsys)
    assert 'href="/en/bad/"' not in result.html("/en/good/")  # laid out again
    assert "content/good.md:8:29: warning: 'enterprise-server@2.23' is not a release" in result.err


def summary(err: str) -> str:
    return next(line for line in err.splitlines() if " page renders in " in line)


def test_strict_turns_warnings_into_errors(site, capsys):
    site.write("translations/cn/content/gone.md", page("Stale.\n"))
    relaxed = site.build(capsys=capsys)
    assert relaxed.code == 0
    assert "translations/cn/content/gone.md: warning: stale translation" in relaxed.err
    strict = site.build("--strict", capsys=capsys)
    assert strict.code == 1
    assert "translations/cn/content/gone.md: error: stale translation" in strict.err
    assert "; 1 error, 0 warnings" in strict.err


def test_broken_translation_falls_back_to_english(site, capsys):
    site.write("content/a.md", page("English body.\n"))
    site.write("translations/cn/content/a.md", page("中文 {% if %}\n"))
    result = site.build("--verbose", capsys=capsys)
    assert result.code == 0
    assert "English body." in result.html("/cn/a/")
    assert (
        "fallback: /cn/a/: translations/cn/content/a.md:8:7: `if` needs a condition" in result.err
    )


def test_translated_data_falls_back_key_by_key(site, capsys):
    site.write("data/variables/product.yml", "a: English A\nb: English B\n")
    site.write("translations/cn/data/variables/product.yml", "a: 中文 A\n")
    site.write(
        "content/a.md", page("{% data variables.product.a %} / {% data variables.product.b %}\n")
    )
    result = site.build("--version", "fpt", capsys=capsys)
    assert "<p>中文 A / English B</p>" in result.article("/cn/a/")
    assert "<p>English A / English B</p>" in result.article("/en/a/")


def test_mini_toc_depth_follows_front_matter(site, capsys):
    site.write(
        "content/a.md",
        page("## Two\n\n### Three\n\n#### Four\n", extra="miniTocMaxHeadingLevel: 3\n"),
    )
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    toc = result.html("/en/a/").split('class="mini-toc"')[1].split("</nav>")[0]
    assert 'href="#two"' in toc and 'href="#three"' in toc and "#four" not in toc


def test_a_reusables_warning_stays_while_any_page_still_uses_it(site, capsys):
    # `a` (fpt) is rendered first and parses the reusable, whose warning it says; `b` (GHES)
    # renders the reusable's other branch from the parsed template. Once `a` stops using it,
    # only `b` does, and the next build must still say the reusable's warning.
    snippet = '{% if currentVersion ver_lt "enterprise-server@2.23" %}old{% endif %}'
    site.write("data/reusables/s.md", snippet + "{% ifversion ghes %}server{% endif %}\n")
    fpt, ghes = "versions:\n  fpt: '*'\n", "versions:\n  ghes: '*'\n"
    site.write("content/a.md", page("{% data reusables.s %}\n", title="A", versions=fpt))
    site.write("content/b.md", page("{% data reusables.s %}\n", title="B", versions=ghes))
    said = "data/reusables/s.md:1:29: warning: 'enterprise-server@2.23' is not a release"
    args = ("--lang", "en", "--version", "fpt", "ghes-3.0", "--jobs", "1")
    assert said in site.build(*args, capsys=capsys).err
    site.write("content/a.md", page("No reusable.\n", title="A", versions=fpt))
    again = site.build(*args, capsys=capsys)
    assert "1 page renders" in again.err  # `b` was not rendered again
    assert said in again.err
