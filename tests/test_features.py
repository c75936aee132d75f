"""Feature flags (`data/features/NAME.yml`) and the `ifversion` rules GitHub's engine followed."""

from __future__ import annotations

import time

from conftest import Site, page
from docsite.cli import main

MEOW = "versions:\n  fpt: '*'\n  ghes: '>=3.0'\n"
PLACEHOLDERS = "features:\n  placeholders: [ghae-next, ghae-issue-*]\n"


def renders(err: str) -> int:
    return int(err.splitlines()[-1].split(" page renders")[0])


def with_meow(site: Site) -> Site:
    return site.write("data/features/meow.yml", MEOW)


def test_a_feature_name_is_true_in_the_feature_versions(site, capsys):
    with_meow(site).write(
        "content/a.md",
        page(
            "{% ifversion meow %}Purr.{% else %}Silence.{% endif %} {% if meow %}Yes{% endif %}\n"
        ),
    )
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert "Purr. Yes" in result.article("/en/a/")
    assert "Purr. Yes" in result.article("/en/enterprise-server@3.0/a/")
    assert "Silence." in result.article("/en/enterprise-server@2.22/a/")
    assert "Yes" not in result.article("/en/github-ae@latest/a/")


def test_front_matter_adds_a_feature_versions(site, capsys):
    versions = "versions:\n  github-ae: '*'\n  feature: meow\n"
    with_meow(site).write("content/a.md", page("Body.\n", versions=versions))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert (result.out / "en/a/index.html").is_file()
    assert (result.out / "en/enterprise-server@3.0/a/index.html").is_file()
    assert (result.out / "en/github-ae@latest/a/index.html").is_file()
    assert not (result.out / "en/enterprise-server@2.22/a/index.html").exists()


def test_an_unknown_feature_is_an_error_with_the_closest_name(site, capsys):
    with_meow(site).write("content/a.md", page("Intro.\n\n{% ifversion meoww %}x{% endif %}\n"))
    site.write("content/b.md", page("B.\n", versions="versions:\n  feature: [mew]\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 1
    assert "content/a.md:10:14: error: unknown version or feature `meoww`" in result.err
    assert "hint: did you mean `meow`?" in result.err
    assert "content/b.md:4:12: error: unknown feature `mew`" in result.err


def test_placeholder_features_are_false_everywhere(site, capsys):
    site.write("docsite.yml", site.root.joinpath("data/versions.yml").read_text() + PLACEHOLDERS)
    site.write(
        "content/a.md",
        page(
            "{% ifversion fpt or ghae-next %}New.{% endif %}"
            "{% ifversion ghae-issue-42 %}X{% endif %}\n"
        ),
    )
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert "New." in result.article("/en/a/")
    assert "New." not in result.article("/en/github-ae@latest/a/")
    assert "X" not in result.article("/en/github-ae@latest/a/")


def test_a_broken_feature_file_is_located(site, capsys):
    site.write("data/features/bad.yml", "versions:\n  ghes: '>=9'\n  fpx: '*'\n")
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 1
    assert "data/features/bad.yml:3:8: error: unknown plan `fpx` in versions" in result.err


def test_and_or_group_from_the_right_as_github_did_with_a_warning(site, capsys):
    site.write("content/a.md", page("{% ifversion fpt and ghes or ghae %}Shown.{% endif %}\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    # `fpt and (ghes or ghae)`: false in every version; `(fpt and ghes) or ghae` would show it
    # in GitHub AE.
    assert "Shown." not in result.article("/en/github-ae@latest/a/")
    assert "warning: `and` and `or` without parentheses" in result.err
    assert "`fpt and (ghes or ghae)`" in result.err


def test_parentheses_and_not_keep_their_meaning(site, capsys):
    site.write(
        "content/a.md",
        page(
            "{% ifversion (fpt and ghes) or ghae %}A{% endif %}"
            "{% ifversion not ghae %}B{% endif %}"
            "{% ifversion not ghes > 2.22 %}C{% endif %}\n"
        ),
    )
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert "AC" in result.article("/en/github-ae@latest/a/")
    assert "BC" in result.article("/en/enterprise-server@2.22/a/")
    assert "B" in result.article("/en/enterprise-server@3.0/a/")
    assert "`not` before a comparison" in result.err
    assert "write `ghes <= 2.22` instead" in result.err


def test_editing_a_feature_re_renders_exactly_the_pages_that_test_it(tmp_path, capsys):
    site = with_meow(Site(tmp_path / "src"))
    site.write("content/a.md", page("{% ifversion meow %}Purr.{% endif %}\n"))
    site.write("content/b.md", page("No feature here.\n"))
    out = tmp_path / "site"
    assert site.build("--lang", "en", out=out, capsys=capsys).code == 0
    time.sleep(0.2)  # past the coarse clock's tick: the stamp sees the edit
    site.write("data/features/meow.yml", "versions:\n  fpt: '*'\n")
    result = site.build("--lang", "en", out=out, capsys=capsys)
    assert renders(result.err) == 4  # a.md in its four versions; b.md and the home untouched
    assert "Purr." not in result.article("/en/enterprise-server@3.0/a/")


def test_editing_a_feature_that_pages_name_in_front_matter_moves_them(tmp_path, capsys):
    site = with_meow(Site(tmp_path / "src"))
    site.write("content/a.md", page("A.\n", versions="versions:\n  feature: meow\n"))
    out = tmp_path / "site"
    assert site.build("--lang", "en", out=out, capsys=capsys).code == 0
    assert (out / "en/enterprise-server@3.0/a/index.html").is_file()
    time.sleep(0.2)
    site.write("data/features/meow.yml", "versions:\n  fpt: '*'\n")
    assert site.build("--lang", "en", out=out, capsys=capsys).code == 0
    assert not (out / "en/enterprise-server@3.0/a/index.html").exists()
    assert (out / "en/a/index.html").is_file()


def test_check_understands_features(site, capsys):
    with_meow(site).write(
        "content/a.md",
        page("{% ifversion meow %}Purr.{% endif %}\n", versions="versions:\n  feature: meow\n"),
    )
    site.write("content/b.md", page("{% ifversion meow %}Purr.{% else %}No.{% endif %}\n"))
    assert main(["check", "--source", str(site.root), "--matrix"]) == 0
    captured = capsys.readouterr()
    row = next(line for line in captured.out.splitlines() if line.startswith("a.md"))
    assert row.split() == ["a.md", "x", "x"]  # fpt and ghes-3.0 only: meow's versions
    # In a.md, published only where meow is, the condition is true wherever it renders.
    assert "content/a.md:6:4: warning: condition is true in every version" in captured.err
    assert "content/b.md" not in captured.err
