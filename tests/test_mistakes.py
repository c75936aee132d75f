"""A writer's mistakes: each one found, located, with a hint; never silent, never a traceback.

One test per mistake a writer adopting docsite makes (issue 27's battery), on small real trees.
"""

from __future__ import annotations

import os
import time

import pytest

from conftest import VERSIONS, Site, page
from docsite.cli import main

FPT = ("--lang", "en", "--version", "fpt")


def built(site: Site, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    result = site.build(*args, capsys=capsys)
    assert "Traceback" not in result.err
    return result.code, result.err


def test_an_undefined_name_in_output_is_an_error_with_the_closest_name(site, capsys):
    body = "{{ currentVerison | version_num }} and {{ page.titel }}\n"
    site.write("content/a.md", page(body))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "content/a.md:8:4: error: `currentVerison` is not defined" in err
    assert "hint: did you mean `currentVersion`?" in err
    assert "content/a.md:8:43: error: `page.titel` is not defined" in err
    assert "hint: did you mean `title`?" in err
    site.write("docsite.yml", VERSIONS + "liquid: lax\n")
    code, err = built(site, capsys, *FPT)
    assert code == 0 and "2 tolerated by lax Liquid" in err


def test_links_to_a_missing_heading_of_the_same_page_or_relative_are_errors(site, capsys):
    site.write("content/getting-started.md", page("## Install\n\nDone.\n", title="Start"))
    body = "See [x](#instal), [y](installing) and [z](/getting-startd).\n\n## Installing\n"
    site.write("content/guide/a.md", page(body))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert (
        "content/guide/a.md:8:9: error: link to #instal: no heading `#instal` on this page" in err
    )
    assert "content/guide/a.md:8:23: error: relative link installing" in err
    assert "hint: write /guide/installing" in err
    assert "content/guide/a.md:8:43: error: link to /getting-startd goes to no page" in err
    assert "hint: did you mean `/getting-started`?" in err


def test_images_are_published_from_assets_and_a_missing_one_is_an_error(site, capsys):
    site.write("content/a.md", page("![A](/assets/images/a.png) ![B](/assets/images/nope.png)\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1  # no assets/ folder at all: one error for the site's images
    assert "content/a.md:8:6: error: 2 images are shown, and the source has no assets/" in err
    (site.root / "assets/images").mkdir(parents=True)
    (site.root / "assets/images/a.png").write_bytes(b"\x89PNG fake")
    result = site.build(*FPT, "--keep-going", capsys=capsys)
    assert "content/a.md:8:33: error: image /assets/images/nope.png is not a file of the site" in (
        result.err
    )
    assert "error: image /assets/images/a.png" not in result.err
    assert (result.out / "assets/images/a.png").read_bytes() == b"\x89PNG fake"


def test_a_range_that_matches_no_release_is_reported_at_the_range(site, capsys):
    versions = "versions:\n  fpt: '*'\n  ghes: '>=4.0'\n"
    site.write("content/a.md", page("A.\n", versions=versions))
    code, err = built(site, capsys, "--lang", "en")
    assert code == 0
    assert "content/a.md:5:9: warning: range '>=4.0' for `ghes` matches no release" in err


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: ''\nversions: '*'\n", "content/a.md:2:8: error: `title` is empty"),
        (
            "title: A\nversions:\n  ghes: '>=2.22 or 3.0'\n",
            "content/a.md:4:9: error: invalid semver range '>=2.22 or 3.0' for `ghes`",
        ),
        (
            "title: A\nversions:\n  ghes: '>=2." + "2" * 100_000 + "'\n",
            "content/a.md:4:9: error: invalid semver range",
        ),
    ],
)
def test_front_matter_mistakes_are_located(site, capsys, front, expected):
    site.write("content/a.md", f"---\n{front}---\nA.\n")
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert expected in err


def test_a_broken_page_causes_no_second_error(site, capsys):
    site.write("content/index.md", page("Home.\n", title="Home", extra="children:\n  - /a\n"))
    site.write("content/a.md", "---\ntitle: A\nversions:\n  fpz: '*'\n---\nA.\n")
    site.write("content/b.md", page("See [A](/a) and {% link /a %}.\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "unknown plan `fpz`" in err
    assert "children: no page" not in err and "goes to no page" not in err
    assert "1 error," in err


def test_a_page_and_a_folder_index_of_one_url_are_an_error_naming_both(site, capsys):
    site.write("content/foo.md", page("File.\n"))
    site.write("content/foo/index.md", page("Folder.\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert (
        "content/foo.md:1:1: error: content/foo.md and content/foo/index.md are both the page /foo/"
        in err
    )


def test_a_tree_without_pages_or_without_a_home_page_is_an_error(tmp_path, capsys):
    site = Site(tmp_path / "src")
    (site.root / "content/index.md").unlink()
    code, err = built(site, capsys, *FPT)
    assert code == 1 and "content/index.md: error: content/ holds no page" in err
    site.write("content/a.md", page("A.\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1 and "error: no home page: content/index.md is missing" in err


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("title: {a: b}\n", "docsite.yml:1:8: error: `title` must be text"),
        ("title: [\n", "docsite.yml:3:3: error: the config file is not valid YAML"),
    ],
)
def test_config_mistakes_are_located(site, capsys, config, expected):
    site.write("docsite.yml", config + VERSIONS)
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert expected in err


def test_a_config_file_that_does_not_exist_is_a_usage_error(site, capsys):
    assert main(["build", "--source", str(site.root), "--config", "/nonexistent.yml"]) == 2
    assert "--config /nonexistent.yml: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("ui", "expected"),
    [
        ("docsite: [\n", "data/ui.yml:2:1: error: not valid YAML"),
        ("docsite: a string\n", "data/ui.yml:1:10: error: interface strings are a mapping"),
        ("docsite:\n  serach: Suche\n", "data/ui.yml:2:3: warning: docsite shows no interface"),
    ],
)
def test_interface_string_mistakes_are_located(site, capsys, ui, expected):
    site.write("data/ui.yml", ui)
    _, err = built(site, capsys, *FPT)
    assert expected in err


def test_a_learning_track_a_page_names_must_exist(site, capsys):
    site.write("data/learning-tracks/acme.yml", "start:\n  description: no title\n  guides: []\n")
    tracks = "layout: product-sublanding\nlearningTracks:\n  - start\n  - strat2\n"
    site.write("content/acme/index.md", page("Acme.\n", title="Acme", extra=tracks))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "data/learning-tracks/acme.yml:1:1: error: learning track `start` has no `title`" in err


def test_a_yaml_alias_bomb_is_refused(site, capsys):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        prior = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prior}, *{prior}, *{prior}, *{prior}, *{prior}, *{prior}]\n"
    bomb += "name: Acme\n"
    site.write("data/variables/bomb.yml", bomb)
    site.write("content/a.md", page("{% data variables.bomb.name %}\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "data file data/variables/bomb.yml is not valid YAML" in err
    assert "expand to more than 1,000,000 values" in err


def test_an_unknown_tag_gets_the_closest_name(site, capsys):
    site.write("content/a.md", page("Intro.\n\n{% notes %}\nx\n{% endnotes %}\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "content/a.md:10:4: error: unknown tag `notes`" in err
    assert "hint: did you mean `note`?" in err


@pytest.mark.parametrize(
    ("body", "expected", "hint"),
    [
        (
            "{% ifversion ghes %}\nA\n{% if true %}\nB\n{% endifversion %}\n",
            "content/a.md:10:4: error: `if` opened here is never closed",
            "hint: add {% endif %} before the {% endifversion %} of line 12",
        ),
        (
            "{% note %}\nA\n{% ifversion fpt %}x{% endif %}\nmore\n",
            "content/a.md:8:4: error: `note` opened here is never closed",
            "hint: add {% endnote %}",
        ),
        (
            "{% ifversion " + "(" * 40 + "fpt" + ")" * 40 + " %}x{% endif %}\n",
            "content/a.md:8:46: error: parentheses nest more than 32 deep",
            "hint: unnest them",
        ),
    ],
)
def test_a_block_left_open_is_reported_where_it_opens(site, capsys, body, expected, hint):
    site.write("content/a.md", page(body))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert expected in err and hint in err


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("/" + "a" * 10_000, "the path is longer than 1000 characters"),
        ("/x/" + "a" * 300, "a segment is longer than 200 bytes"),
        ("//other.host/x", "it starts with `//`, which browsers read as another host"),
        ("/assets/docsite.css", "`assets/` is a folder of files docsite writes"),
        ("/sitemap.xml", "`sitemap.xml` is a file docsite writes"),
        ("/redirects.json", "`redirects.json` is a file docsite writes"),
        ("/en/b/index.md", "`index.md` is a file docsite writes"),
        ("/en/_pagefind", "`_pagefind/` is a folder of files docsite writes"),
        ("/.docsite/README", "`.docsite/` is a folder of files docsite writes"),
    ],
)
def test_a_redirect_that_cannot_be_a_file_or_would_replace_one_is_refused(
    site, capsys, entry, expected
):
    site.write("content/a.md", page("A.\n", extra=f"redirect_from:\n  - '{entry}'\n"))
    site.write("content/b.md", page("B.\n"))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "content/a.md:4:6: error: redirect_from " in err and expected in err
    assert len(err) < 5_000  # the entry is quoted cut, its line shown around the column


def test_file_system_oddities_are_located_errors(site, capsys):
    reusables = site.root / "data/reusables"
    reusables.mkdir(parents=True)
    (reusables / "loop.md").symlink_to("loop.md")
    site.write("content/a.md", page("{% data reusables.loop %}\n"))
    (site.root / "content/b.md").symlink_to("c.md")
    (site.root / "content/c.md").symlink_to("b.md")
    (site.root / "content/x.md").mkdir()
    site.write("content/..md", page("Dots.\n"))
    (site.root / "content" / os.fsdecode(b"bad\xff.md")).write_bytes(page("Bad.\n").encode())
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "data/reusables/loop.md is a symlink loop" in err
    assert "content/b.md: error: content/b.md is a symlink loop" in err
    assert "content/x.md: error: content/x.md cannot be read: a folder, not a file" in err
    assert "content/..md: the path has an empty, `.` or `..` segment" in err
    assert "its name is not UTF-8 text" in err
    site.write("content/index.md.md", page("Twin.\n"))  # found by the fuzzer: a traceback
    site.write("content/docs/_pagefind.md", page("Search.\n"))
    code, err = built(site, capsys, *FPT)
    assert "content/index.md.md: error: " in err and "`index.md` is a file docsite writes" in err
    assert "content/docs/_pagefind.md: error: " in err and "`_pagefind/` is the folder" in err
    (reusables / os.fsdecode(b"r\xff.md")).write_text("R.\n")  # found by the fuzzer: a traceback
    code, err = built(site, capsys, *FPT)
    assert code == 1 and "data/reusables/r?.md: error: the file's name is not UTF-8 text" in err


def test_thousands_of_errors_on_one_line_stay_small_and_quick(site, capsys):
    links = " ".join(f"[l{n}](/nowhere-{n})" for n in range(4000))
    site.write("content/a.md", page(links + "\n"))
    started = time.perf_counter()
    code, err = built(site, capsys, *FPT)
    assert code == 1 and err.count("goes to no page") == 4000
    assert max(len(line) for line in err.splitlines()) < 400  # each line shown cut
    assert time.perf_counter() - started < 20  # was 4.5 s and 0.48 GB before the cut


def test_an_indent_wider_than_a_list_needs_is_refused(site, capsys):
    site.write("data/reusables/step.md", "Step.\n")
    body = "1. One\n{% indented_data_reference reusables.step spaces=99999999999 %}\n"
    site.write("content/a.md", page(body))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "content/a.md:9:43: error: spaces=99999999999 is more than 64" in err
    assert "hint: indent a reusable by the width of a list item's marker" in err


def test_a_reusable_past_the_output_limit_is_reported_at_the_pages_tag(site, capsys):
    loop = "{% assign x = '" + "a" * 1000 + "' %}{% for i in (1..900000) %}{{ x }}{% endfor %}\n"
    site.write("data/reusables/big.md", loop)
    body = "1. One\n{% indented_data_reference reusables.big spaces=3 %}\n"
    site.write("content/a.md", page(body))
    code, err = built(site, capsys, *FPT)
    assert code == 1
    assert "content/a.md:9:4: error: output stream limit reached" in err  # not the reusable's path
    assert "hint: one render may write 64 MB at most" in err


def test_repeated_headings_get_githubs_ids_even_where_a_suffix_is_taken(site, capsys):
    body = "## A\n\n## A 1\n\n## A\n\n## A\n\n" + "## B\n\n" * 3000
    site.write("content/a.md", page(body))
    result = site.build(*FPT, capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/en/a/")
    ids = [i for i in ("a", "a-1", "a-2", "a-3") if f'id="{i}"' in html]
    assert ids == ["a", "a-1", "a-2", "a-3"]  # `A 1` is a-1, so the second `A` is a-2
    assert html.index('id="a-1"') < html.index('id="a-2"') < html.index('id="a-3"')
    assert 'id="b-2999"' in html and 'id="b-3000"' not in html


@pytest.mark.parametrize("engine", ["comrak", "markdown-it-py"])
def test_quotes_nested_past_the_limit_are_refused_by_both_engines(site, capsys, engine):
    body = "Fine.\n\n" + "> " * 25 + "deep\n"
    site.write("content/a.md", page(body))
    code, err = built(site, capsys, *FPT, "--markdown-engine", engine)
    assert code == 1
    assert "content/a.md:10:1: error: Markdown nests more than 20 levels deep" in err
