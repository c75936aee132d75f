"""docsite.yml: every key, schema extensions, template overrides, `docsite new`."""

from pathlib import Path

import pytest

from conftest import ROOT, Site, page
from docsite.cli import main

CONFIG = """\
title: Acme Docs
base_url: https://docs.acme.test/
output: public
default_version: ghes-3.0
plans:
  - {plan: free-pro-team, short: fpt, title: Free, releases: [latest]}
  - {plan: enterprise-server, short: ghes, title: Server, releases: ["3.0", "2.22"]}
languages:
  en: {name: English}
front_matter:
  gettingStartedLinks: list of strings
  popularLinks: {type: list of strings, description: the 2020 landing-page links}
  level: {enum: [beginner, expert]}
liquid: strict
"""
VERSIONS = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"


@pytest.fixture
def configured(tmp_path: Path) -> Site:
    site = Site(tmp_path / "src")
    (site.root / "data" / "versions.yml").unlink()  # docsite.yml alone
    site.write("docsite.yml", CONFIG)
    site.write("content/index.md", page("Home.\n", title="Home", versions=VERSIONS))
    return site


def test_docsite_yml_sets_output_title_base_url_and_default_version(configured, capsys):
    code = main(["build", "--source", str(configured.root)])
    assert code == 0, capsys.readouterr().err
    out = configured.root / "public"  # `output:` is relative to the config file
    ghes = (out / "en" / "index.html").read_text(encoding="utf-8")  # the default: no segment
    fpt = (out / "en" / "free-pro-team@latest" / "index.html").read_text(encoding="utf-8")
    assert "<title>Home - Server 3.0 - Acme Docs</title>" in ghes
    assert "<title>Home - Free - Acme Docs</title>" in fpt
    assert '<link rel="canonical" href="https://docs.acme.test/en/">' in ghes
    assert not (out / "en" / "enterprise-server@3.0" / "index.html").exists()
    # Another version's page names the default version's as canonical.
    assert '<link rel="canonical" href="https://docs.acme.test/en/">' in fpt
    index = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index
    assert "<loc>https://docs.acme.test/en/free-pro-team@latest/sitemap.xml</loc>" in index
    fpt_map = (out / "en" / "free-pro-team@latest" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://docs.acme.test/en/free-pro-team@latest/</loc>" in fpt_map
    ghes_map = (out / "en" / "enterprise-server@2.22" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://docs.acme.test/en/enterprise-server@2.22/</loc>" in ghes_map
    assert "free-pro-team" not in ghes_map  # one version per sitemap


def test_no_base_url_means_no_canonical_link_and_no_sitemap(configured, capsys):
    configured.write("docsite.yml", CONFIG.replace("base_url: https://docs.acme.test/\n", ""))
    result = configured.build(capsys=capsys)
    assert result.code == 0, result.err
    assert "canonical" not in result.html("/en/")
    assert not (result.out / "sitemap.xml").exists()


def test_an_unknown_config_key_is_located_with_the_closest_key(configured, capsys):
    configured.write("docsite.yml", CONFIG.replace("base_url:", "baseurl:"))
    result = configured.build(capsys=capsys)
    assert result.code == 1
    assert "docsite.yml:2:1: error: unknown key `baseurl`" in result.err
    assert " 2 | baseurl: https://docs.acme.test/\n   | ^^^^^^^" in result.err
    assert "hint: did you mean `base_url`?" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("default_version: ghes-3.0", "default_version: ghes-9.9"),
            "docsite.yml:4:18: error: unknown or unsupported version 'ghes-9.9'",
        ),
        (
            ("liquid: strict", "liquid: loose"),
            "docsite.yml:14:9: error: Liquid mode must be one of strict, warn, lax, not 'loose'",
        ),
        (
            ("level: {enum: [beginner, expert]}", "level: strin"),
            "docsite.yml:13:10: error: front_matter.level: unknown type 'strin'",
        ),
        (
            ("en: {name: English}", "en: {name: English, lang: en}"),
            "docsite.yml:9:23: error: unknown key `lang`",
        ),
    ],
)
def test_config_mistakes_are_located(configured, capsys, change, message):
    configured.write("docsite.yml", CONFIG.replace(*change))
    result = configured.build(capsys=capsys)
    assert result.code == 1
    assert message in result.err
    assert not result.out.exists()


def test_site_declared_front_matter_fields(configured, capsys):
    body = "gettingStartedLinks:\n  - /a\npopularLinks: [/b]\nlevel: expert\n"
    configured.write("content/a.md", page("Text.\n", versions=VERSIONS, extra=body))
    result = configured.build(capsys=capsys)
    assert result.code == 0, result.err
    configured.write(
        "content/a.md",
        page(
            "Text.\n", versions=VERSIONS, extra="level: guru\npopularLinks: /b\nfeaturedLink: x\n"
        ),
    )
    result = configured.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:3:8: error: `level` must be one of beginner, expert, not str 'guru'"
        in result.err
    )
    assert (
        "content/a.md:4:15: error: `popularLinks` must be a list of strings, not str '/b'"
        in result.err
    )
    assert "content/a.md:5:1: error: unknown front matter field `featuredLink`" in result.err
    assert "did you mean `featuredLinks`?" in result.err


def test_an_undeclared_field_names_where_to_declare_it(site, capsys):
    site.write("content/a.md", page("Text.\n", extra="gettingStartedLinks: [/a]\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:3:1: error: unknown front matter field `gettingStartedLinks`" in result.err
    assert (
        "hint: did you mean `featuredLinks`? (a field of the site's own is declared in "
        "docsite.yml: `front_matter: {gettingStartedLinks: string}`)"
    ) in result.err


def test_a_sites_templates_override_the_theme_file_by_file(site, capsys):
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><title>{{ page.title }}</title>{{ page.body | safe }}",
    )
    site.write("templates/assets/extra.css", "body { color: red }\n")
    site.write("content/a.md", page("Hello *there*.\n"))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    assert (
        result.html("/en/a/")
        == "<!DOCTYPE html><title>Test page</title><p>Hello <em>there</em>.</p>\n"
    )
    assert (result.out / "assets" / "extra.css").read_text() == "body { color: red }\n"
    theme_css = ROOT / "src" / "docsite" / "layout" / "theme" / "assets" / "docsite.css"
    assert (result.out / "assets" / "docsite.css").read_bytes() == theme_css.read_bytes()
    site.write("templates/assets/docsite.css", "/* own */\n")
    (site.root / "templates" / "page.html").unlink()
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    assert (result.out / "assets" / "docsite.css").read_text() == "/* own */\n"
    assert '<nav class="pickers"' in result.html("/en/a/")  # the theme's layout again


def test_new_writes_a_site_that_builds_per_version(tmp_path, capsys):
    project = tmp_path / "docs"
    assert main(["new", str(project)]) == 0
    out = tmp_path / "out"
    assert main(["build", "--source", str(project), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "0 errors, 0 warnings" in err
    page_in = lambda v: out / "en" / v / "getting-started" / "installing" / "index.html"  # noqa: E731
    fpt = (out / "en" / "getting-started" / "installing" / "index.html").read_text()
    ghes31 = page_in("enterprise-server@3.1").read_text()
    ghes30 = page_in("enterprise-server@3.0").read_text()
    assert "<title>Installing Acme - Free, Pro, and Team - Example Docs</title>" in fpt
    assert "updates install themselves" in ghes31 and "updates install themselves" not in ghes30
    assert "Enterprise Server 3.0 instance" in ghes30
    assert '<a href="https://example.com">https://example.com</a>' in fpt


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "docs")]) == 2
    assert "is not an empty folder; nothing was written" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["notes.txt"]


def test_an_older_versions_file_still_configures_a_site(site, capsys):
    assert (site.root / "data" / "versions.yml").is_file() and not (
        site.root / "docsite.yml"
    ).exists()
    site.write("content/a.md", page("Text.\n"))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    assert "<title>Test page - Enterprise Server 2.22 - Documentation</title>" in result.html(
        "/en/enterprise-server@2.22/a/"
    )
