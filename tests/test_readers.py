"""What readers see: the interface in their language, titles as GitHub showed them, and a site
that links only to what it wrote.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ENGLISH_CHROME, VERSIONS, page
from docsite.layout.ui import english, translated


def chinese_site(site):
    site.write("content/prod/index.md", page("", title="Product", extra="children:\n  - /a\n"))
    body = "## 一\n\n```shell{:copy}\n$ echo <em>NAME</em>\n```\n\n## 二\n"
    site.write(
        "content/prod/a.md", page(body, title="Configuring `dotnet` CLI", extra="permissions: X\n")
    )
    site.write("content/index.md", page("", title="Home", extra="children:\n  - /prod\n"))
    site.write(
        "translations/cn/content/prod/a.md",
        page(body, title="配置 `dotnet` CLI", extra="permissions: 任何人\n"),
    )
    site.write("translations/cn/content/prod/b.md", page("第二。\n", title="第二篇"))


def test_docsite_ships_every_interface_string_in_simplified_chinese():
    assert set(translated("zh-Hans")) == set(english())
    assert translated("zh-CN") == translated("zh-Hans") and not translated("zh-Hant")


def test_a_chinese_page_has_no_english_interface_word(site, capsys):
    chinese_site(site)
    result = site.build("--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/cn/prod/a/")
    chrome = re.sub(r'<div class="article-body">.*?</div>\n<nav', "<nav", html, flags=re.S)
    assert [w for w in (*ENGLISH_CHROME, ">Copy<") if w in chrome] == []
    assert "搜索此版本" in html and "上一篇" not in html  # one page in the product: no previous
    assert "<strong>谁可以执行此操作:</strong>" in html and ">复制</button>" in html
    assert "本文内容" in html
    assert "untranslated" not in result.err  # docsite's own translation covers every string


def test_a_translations_own_ui_yml_wins_and_a_missing_string_is_a_warning(site, capsys):
    chinese_site(site)
    languages = "  xx: {name: Testish, native: Testish, source: translations/cn}\n"
    site.write("docsite.yml", VERSIONS.split("  cn:")[0] + languages)
    site.write("data/versions.yml", "")
    site.write(
        "translations/cn/data/ui.yml",
        "docsite:\n  previous: Back\npages:\n  miniToc: On this page\n",
    )
    result = site.build("--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/xx/prod/a/")
    assert "On this page" in html  # GitHub's key in the translation's ui.yml
    warning = re.search(
        r"translations/cn/data/ui.yml: warning: (\d+) interface strings untranslated "
        r"in Testish: (.*)",
        result.err,
    )
    assert warning, result.err
    assert int(warning[1]) == len(english()) - 2
    assert "in_this_article" not in warning[2] and "previous" not in warning[2]


def test_titles_show_their_markdown_and_the_title_element_shows_text(site, capsys):
    chinese_site(site)
    result = site.build("--version", "fpt", "--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/en/prod/a/")
    assert "<h1>Configuring <code>dotnet</code> CLI</h1>" in html
    assert "<title>Configuring dotnet CLI - " in html
    nav = result.html("/en/prod/")
    assert ">Configuring <code>dotnet</code> CLI</a>" in nav and "`dotnet`" not in nav


def test_a_break_alone_on_its_line_does_not_hide_the_markdown_below_it(site, capsys):
    body = "Available.\n\n<br>\nSee [the products](/prod) for **more**.\n"
    site.write("content/prod/index.md", page(body, title="Product"))
    site.write("content/index.md", page("", title="Home", extra="children:\n  - /prod\n"))
    result = site.build("--version", "fpt", "--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert (
        '<p><br>See <a href="/en/prod/">the products</a> for <strong>more</strong>.</p>'
        in result.html("/en/prod/")
    )


class Links(HTMLParser):
    """Every `href` and `src` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and tag != "link":
                self.found.append(value)


def dead_links(out: Path) -> list[tuple[str, str]]:
    """Internal links of every written page that name no file of the output."""
    dead = []
    for path in out.rglob("*.html"):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for href in parser.found:
            target = href.split("#")[0].split("?")[0]
            if not target.startswith("/") or target.startswith("//"):
                continue
            file = out / target.lstrip("/")
            if not (file.is_file() or (file / "index.html").is_file()):
                dead.append((str(path.relative_to(out)), href))
    return dead


def test_a_subset_build_offers_only_the_versions_and_languages_it_wrote(site, capsys):
    chinese_site(site)
    body = "See [3.0](/enterprise-server@3.0/prod/a) and [2.22](/enterprise-server@2.22/prod/a).\n"
    site.write("content/prod/c.md", page(body, title="C"))
    site.write(
        "content/prod/index.md", page("", title="Product", extra="children:\n  - /a\n  - /c\n")
    )
    result = site.build("--version", "fpt", "ghes-2.22", "--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/en/prod/a/")
    assert "enterprise-server@2.22/prod/a/" in html
    assert "enterprise-server@3.0" not in html and "github-ae" not in html and "/cn/" not in html
    assert dead_links(result.out) == []
    c = result.html("/en/prod/c/")  # a version not built: its text (no base_url to send it to)
    assert 'See 3.0 and <a href="/en/enterprise-server@2.22/prod/a/">2.22</a>' in c
    site.write("data/versions.yml", VERSIONS + "base_url: https://docs.test\n")
    result = site.build("--version", "fpt", "ghes-2.22", "--lang", "en", capsys=capsys)
    c = result.html("/en/prod/c/")  # with one: the production site
    assert '<a href="https://docs.test/en/enterprise-server@3.0/prod/a/">3.0</a>' in c
    whole = site.build(capsys=capsys)  # the same output, every version: every page offers all
    assert whole.code == 0, whole.err
    assert "enterprise-server@3.0/prod/a/" in whole.html("/en/prod/a/")
    assert dead_links(whole.out) == []


def test_a_keep_going_build_never_links_to_the_pages_it_left_out(site, capsys):
    children = "children:\n  - /a\n  - /b\n  - /c\n"
    site.write("content/index.md", page("", title="Home", extra="children:\n  - /prod\n"))
    site.write("content/prod/index.md", page("", title="Product", extra=children))
    site.write("content/prod/a.md", page("See [B](/prod/b#x) and {% link /prod/c %}.\n", "A"))
    site.write("content/prod/b.md", page("{% if x %}\nNever closed.\n", title="B"))
    site.write("content/prod/c.md", page("C.\n", title="C"))
    result = site.build("--version", "fpt", "ghes-3.0", "--keep-going", "--verbose", capsys=capsys)
    assert result.code == 1
    assert "content/prod/b.md:" in result.err and "error" in result.err
    assert not (result.out / "en/prod/b/index.html").exists()
    assert dead_links(result.out) == []  # sidebar, lists, previous/next, switchers, the text
    a = result.html("/en/prod/a/")
    assert "See B and" in a and 'rel="next" href="/en/prod/c/"' in a  # next skips B
    assert (
        "content/prod/a.md:8:9: warning: link to /prod/b#x goes to a page this build left out"
        in result.err
    )
    site.write("content/prod/b.md", page("## X\n", title="B"))  # the next build links it again
    fixed = site.build("--version", "fpt", "ghes-3.0", "--keep-going", capsys=capsys)
    assert fixed.code == 0, fixed.err
    assert 'rel="next" href="/en/prod/b/"' in fixed.html("/en/prod/a/")
    assert '<a href="/en/prod/b/#x">B</a>' in fixed.html("/en/prod/a/")
    assert dead_links(fixed.out) == []


def test_headings_link_to_themselves_and_skipped_levels_are_closed_for_screen_readers(site, capsys):
    site.write("content/a.md", page("### A\n\n##### B\n\n#### C\n\n## D\n\n```\nwide\n```\n"))
    result = site.build("--version", "fpt", "--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    body = result.article("/en/a/")
    heads = re.findall(
        r'<h(\d) id="(\w)"(?: aria-level="(\d)")?><a class="heading-link" href="#\2">', body
    )
    assert heads == [("3", "a", "2"), ("5", "b", "3"), ("4", "c", "3"), ("2", "d", "")]
    assert '<pre tabindex="0"><code>wide' in body  # a scrollable block is reachable by keyboard
    mini = result.html("/en/a/").split('class="mini-toc"')[1].split("</nav>")[0]
    assert 'href="#d"' in mini and 'href="#a"' not in mini  # the page has `##`: those
    site.write("content/a.md", page("### A\n\n#### B\n\n### C\n"))  # written in `###`
    result = site.build("--version", "fpt", "--lang", "en", capsys=capsys)
    mini = result.html("/en/a/").split('class="mini-toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#(\w)"', mini) == ["a", "c"]


def test_an_extra_if_in_a_condition_renders_as_github_did_in_lax_liquid(site, capsys):
    cond = (
        '{% if currentVersion == "free-pro-team@latest" or if '
        'currentVersion ver_gt "enterprise-server@3.0" %}'
    )
    site.write("content/a.md", page(f"{cond}A{{% else %}}B{{% endif %}}\n"))
    strict = site.build("--version", "fpt", "ghes-2.22", "--lang", "en", capsys=capsys)
    assert strict.code == 1 and strict.err.count(": error: ") == 1  # one mistake, one error
    assert "content/a.md:8:51: error: expected a value, found `if`" in strict.err
    site.write("data/versions.yml", VERSIONS + "liquid: lax\n")
    lax = site.build("--version", "fpt", "ghes-2.22", "--lang", "en", capsys=capsys)
    assert lax.code == 0, lax.err
    assert "1 tolerated by lax Liquid" in lax.err
    assert "<p>A</p>" in lax.article("/en/a/")  # read as far as it parsed: the first term
    assert "<p>B</p>" in lax.article("/en/enterprise-server@2.22/a/")


def test_logo_footer_and_edit_link_come_from_the_config_and_index_lists_show_once(site, capsys):
    chinese_site(site)
    own = (
        "logo: /assets/logo.svg\nedit_url: https://github.com/o/r/edit/main/{path}\n"
        "footer:\n  - {title: Privacy, url: https://example.com/privacy}\n"
    )
    site.write("data/versions.yml", VERSIONS + own)
    site.write("templates/assets/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    site.write(
        "content/prod/index.md",
        page("{% link_in_list /a %}\n", title="Product", extra="children:\n  - /a\n"),
    )
    result = site.build("--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    en, cn = result.html("/en/prod/a/"), result.html("/cn/prod/a/")
    assert '<img class="logo" src="/assets/logo.svg" alt="" height="24">' in en
    assert '<a href="https://github.com/o/r/edit/main/content/prod/a.md">Edit this page</a>' in en
    assert 'edit/main/translations/cn/content/prod/a.md">编辑此页</a>' in cn  # the file shown
    assert (
        '<footer class="site-footer"><ul><li><a href="https://example.com/privacy">Privacy</a>'
        in en
    )
    index = result.html("/en/prod/")
    assert index.count('href="/en/prod/a/"') == 2  # the body's list and the sidebar, no third
    assert 'class="children"' not in index
    site.write("data/versions.yml", VERSIONS + "edit_url: https://x/edit\n")
    bad = site.build("--version", "fpt", capsys=capsys)
    assert bad.code == 1 and "`edit_url` needs `{path}`" in bad.err
