"""GitHub's docs source of July 2021: English in the `ifversion` era (feature names, tool
switchers, release notes per plan), Chinese in the old syntax; every version, both languages.

Run alone with `python -m pytest -m corpus`. The corpus lives in ../shared and is never copied.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import nodesemver
import pytest
import yaml

from conftest import ROOT, site_paths
from docsite.cli import main

JULY = ROOT.parent / "shared" / "corpus" / "github-docs-2021-07"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not JULY.is_dir(), reason="the July-2021 corpus is not beside this checkout"
    ),
]

VERSIONS = {
    "fpt": "",
    "ghes-3.1": "enterprise-server@3.1/",
    "ghes-3.0": "enterprise-server@3.0/",
    "ghes-2.22": "enterprise-server@2.22/",
    "ghes-2.21": "enterprise-server@2.21/",
    "ghae": "github-ae@latest/",
}
# Code, and the copy buttons' copies of it: a literal `{% raw %}` there is the source's own text.
CODE = re.compile(r'<pre.*?</pre>|<code.*?</code>|data-clipboard-text="[^"]*"', re.S)


def listed(name: str) -> list[str]:
    lines = (ROOT / "tests" / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def july(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    out = tmp_path_factory.mktemp("july") / "site"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            [
                *("build", "--source", str(JULY), "--out", str(out), "--keep-going"),
                *("--config", str(ROOT / "tests" / "corpus-2021-07.yml")),
                *("--skip-file", str(ROOT / "tests" / "corpus-2021-07-skips.txt")),
                "--no-redirect-stubs",
            ]
        )
    return out, err.getvalue(), code


def page(out: Path, version: str, route: str, lang: str = "en") -> str:
    return (out / lang / VERSIONS[version] / route / "index.html").read_text(encoding="utf-8")


def test_only_the_corpus_real_mistakes_are_reported(july):
    _, err, code = july
    assert code == 1
    assert "Traceback" not in err
    reported = [
        re.sub(r" \(in [^)]*\)$", "", line)
        for line in err.splitlines()
        if re.match(r"^\S+(:\d+:\d+)?: error: ", line)
    ]
    assert sorted(reported) == sorted(listed("corpus-2021-07-expected-errors.txt"))
    assert all(re.match(r"^\S+:\d+:\d+: error: ", line) for line in reported)  # all located
    not_written = sorted(
        line.removeprefix("not written: ")
        for line in err.splitlines()
        if line.startswith("not written: ")
    )
    assert not_written == sorted(listed("corpus-2021-07-not-written.txt"))


def front_versions(md: Path) -> set[str]:
    """Versions a corpus page is for, from its front matter with PyYAML and node-semver alone."""
    matter = re.split(r"^---[ \t]*$", md.read_text(encoding="utf-8"), flags=re.M)[1]
    spec = yaml.safe_load(matter)["versions"]
    if spec == "*":
        return set(VERSIONS)
    found = set()
    for plan, rng in spec.items():
        if plan in ("fpt", "free-pro-team"):
            found.add("fpt")
        elif plan in ("ghae", "github-ae") and rng != "next":
            found.add("ghae")
        elif plan in ("ghes", "enterprise-server"):
            ghes = [v for v in VERSIONS if v.startswith("ghes")]
            found.update(v for v in ghes if nodesemver.satisfies(v[5:] + ".0", rng, loose=True))
    return found


def test_pages_written_per_version_are_the_source_pages_minus_the_listed_ones(july):
    out, _, _ = july
    skipped = {line.split()[0] for line in listed("corpus-2021-07-skips.txt")}
    not_written = set(listed("corpus-2021-07-not-written.txt"))
    expected, written = set(), set()
    for md in sorted((JULY / "content").rglob("*.md")):
        rel = md.relative_to(JULY).as_posix()
        if md.name == "README.md" or rel in skipped:
            continue
        route = rel.removeprefix("content/").removesuffix(".md").removesuffix("index").strip("/")
        for lang in ("en", "cn"):
            for name, segment in VERSIONS.items():
                url = "/" + "/".join(p for p in (lang, segment.strip("/"), route) if p) + "/"
                if name in front_versions(md) and url not in not_written:
                    expected.add(url)
                if (out / url.strip("/") / "index.html").is_file():
                    written.add(url)
    assert written == expected
    assert len(written) > 11_000


def test_no_liquid_is_left_outside_code(july):
    out, _, _ = july
    for path in out.rglob("index.html"):
        text = CODE.sub("", path.read_text(encoding="utf-8"))
        for marker in ("{%", "{{", "%}"):
            assert marker not in text, f"{path}: {marker}"


def test_placeholder_features_are_false_and_ifversion_follows_versions(july):
    out, _, _ = july
    # `{% ifversion fpt or ghae-next %}` in securing-your-organization.md: the placeholder feature
    # is false in GitHub AE and Enterprise Server; fpt is still true.
    route, sentence = (
        "code-security/getting-started/securing-your-organization",
        "security overview",
    )
    assert sentence in page(out, "fpt", route)
    assert sentence not in page(out, "ghae", route)
    assert sentence not in page(out, "ghes-3.1", route)
    theme = (
        "github/setting-up-and-managing-your-github-user-account/managing-user-account-settings/"
    )
    theme += "managing-your-theme-settings"
    assert "dark high contrast theme" in page(out, "fpt", theme)  # `fpt or ghae-issue-4618`


def test_release_notes_of_a_plan_without_numbers(july):
    out, _, _ = july
    ghae = page(out, "ghae", "admin/release-notes")
    assert "Week of March 3, 2021" in ghae and 'id="2021-03-03"' in ghae


def test_tool_switcher_pages_render_each_tool_block(july):
    out, _, _ = july
    html = page(out, "fpt", "actions/managing-workflow-runs/manually-running-a-workflow")
    assert '<div class="extended-markdown tool-webui">' in html
    assert '<div class="extended-markdown tool-cli">' in html
    assert 'data-switch="tool"' in html


def test_release_notes_per_plan_and_release(july):
    out, _, _ = july
    ghes = page(out, "ghes-3.1", "admin/release-notes")
    for patch in ("3.1.2", "3.1.1", "3.1.0"):
        assert f'<h2 id="{patch}">' in ghes
    assert 'id="3.1.0.rc1"' not in ghes  # `deprecated: true` patches are not shown
    assert ghes.index('id="3.1.2"') < ghes.index('id="3.1.0"')
    assert '<h2 id="3.0.0">' in page(out, "ghes-3.0", "admin/release-notes")


def test_sharing_renders_changes_no_byte_of_the_ifversion_era(tmp_path):
    """English of July 2021 (`ifversion`, features): shared renders write what each writes."""
    outs = {}
    for name, extra in (("shared", ()), ("each", ("--render-each-version",))):
        out = outs[name] = tmp_path / name
        with contextlib.redirect_stderr(io.StringIO()):
            main(
                [
                    *("build", "--source", str(JULY), "--out", str(out), "--keep-going"),
                    *("--config", str(ROOT / "tests" / "corpus-2021-07.yml"), "--lang", "en"),
                    *("--skip-file", str(ROOT / "tests" / "corpus-2021-07-skips.txt")),
                    *("--no-redirect-stubs", *extra),
                ]
            )
    shared, each = outs["shared"], outs["each"]
    files = [p.relative_to(shared) for p in site_paths(shared)]
    assert files == [p.relative_to(each) for p in site_paths(each)]
    assert len(files) > 10_000
    assert [f for f in files if (shared / f).read_bytes() != (each / f).read_bytes()] == []
