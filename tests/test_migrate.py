"""`docsite migrate`: 2021 version conditions rewritten as `ifversion`, the output unchanged."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, Site, page, site_paths
from docsite.cli import main

BODY = (
    '{% if currentVersion == "free-pro-team@latest" %}A{% endif %}\n'
    '{% if currentVersion != "free-pro-team@latest" and currentVersion ver_gt '
    '"enterprise-server@2.21" %}B{% endif %}\n'
    "{% if enterpriseServerVersions contains currentVersion or currentVersion == "
    '"github-ae@latest" %}C{% elsif currentVersion ver_lt "enterprise-server@2.22" %}D'
    "{% else %}E{% endif %}\n"
    '{% if currentVersion == "github-ae@next" %}F{% endif %}\n'
    "{% if page.title %}G{% endif %}\n"
    '{% raw %}{% if currentVersion == "free-pro-team@latest" %}{% endraw %}\n'
)
MIGRATED = """\
{% ifversion fpt %}A{% endif %}
{% ifversion not fpt and ghes > 2.21 %}B{% endif %}
{% ifversion ghes or ghae %}C{% elsif ghes < 2.22 %}D{% else %}E{% endif %}
{% if currentVersion == "github-ae@next" %}F{% endif %}
{% if page.title %}G{% endif %}
{% raw %}{% if currentVersion == "free-pro-team@latest" %}{% endraw %}
"""


def test_migrate_rewrites_what_it_can_prove_and_lists_the_rest(site, capsys):
    site.write("content/a.md", page(BODY))
    before = site.build("--lang", "en", out=site.root.parent / "before", capsys=capsys)
    assert main(["migrate", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err
    assert (site.root / "content/a.md").read_text().endswith(MIGRATED)
    assert "content/a.md:11:7: warning: left as written" in err  # github-ae@next: no equal
    assert "migrated 1 files" in err
    after = site.build("--lang", "en", out=site.root.parent / "after", capsys=capsys)
    assert before.code == after.code == 0
    assert same(before.out, after.out)
    assert main(["migrate", "--source", str(site.root)]) == 0  # again: nothing left to do
    assert "migrated 0 files" in capsys.readouterr().err


def test_migrate_into_another_folder_leaves_the_source_alone(tmp_path, capsys):
    site = Site(tmp_path / "src").write("content/a.md", page(BODY))
    assert main(["migrate", "--source", str(site.root), "--out", str(tmp_path / "new")]) == 0
    assert (site.root / "content/a.md").read_text().endswith(BODY)
    assert (tmp_path / "new/content/a.md").read_text().endswith(MIGRATED)
    assert main(["migrate", "--source", str(site.root), "--out", str(tmp_path / "new")]) == 2


def same(a: Path, b: Path) -> bool:
    """Whether two built sites hold the same files with the same bytes (docsite's state aside)."""
    left, right = site_paths(a), site_paths(b)
    if [p.relative_to(a) for p in left] != [p.relative_to(b) for p in right]:
        return False
    return all(x.read_bytes() == y.read_bytes() for x, y in zip(left, right, strict=True))


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_the_migrated_april_corpus_builds_byte_identical(tmp_path):
    migrated = tmp_path / "migrated"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["migrate", "--source", str(CORPUS), "--out", str(migrated)]) == 0
        skips = str(ROOT / "tests" / "corpus-skips.txt")
        for source, out in ((CORPUS, "before"), (migrated, "after")):
            build = ["build", "--source", str(source), "--out", str(tmp_path / out)]
            main([*build, "--keep-going", "--skip-file", skips, "--no-redirect-stubs"])
    said = err.getvalue()
    assert "migrated 1448 files" in said
    assert same(tmp_path / "before", tmp_path / "after")
