"""What makes builds fast must not change what they produce (timings live in benchmarks/)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, Site, page, site_paths
from docsite.cli import main

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def files(out: Path) -> dict[str, tuple[bytes, int, float]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime)
        for p in site_paths(out)
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "src"
    generate(root, 300)
    return root


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", "--source", str(source), "--out", str(out), *args])


def test_parallel_output_is_byte_identical_to_serial(synthetic, tmp_path):
    assert build(synthetic, tmp_path / "one", "--jobs", "1") == 0
    assert build(synthetic, tmp_path / "two", "--jobs", "2") == 0
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert all(one[k][0] == two[k][0] for k in one)


def test_no_change_rebuild_writes_nothing_and_keeps_timestamps(synthetic, tmp_path, capsys):
    out = tmp_path / "site"
    assert build(synthetic, out) == 0
    before = files(out)
    capsys.readouterr()
    assert build(synthetic, out) == 0
    assert "0 page renders" in capsys.readouterr().err
    assert files(out) == before  # same bytes, same inodes, same modification times


def test_one_edit_rewrites_one_page_and_keeps_the_rest(tmp_path, capsys):
    site = Site(tmp_path / "src")
    for name in "abc":
        site.write(f"content/{name}.md", page(f"Page {name}.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    before = files(out)
    site.write("content/b.md", page("Page b, edited.\n"))
    result = site.build(out=out, capsys=capsys)
    assert result.code == 0
    assert "page renders" in result.err and "(24 pages unchanged, search bundles: " in result.err
    after = files(out)
    changed = sorted(k for k in after if after[k][:2] != before.get(k, (b"", 0))[:2])
    assert [k for k in changed if k.endswith("index.html")] == [
        "cn/b/index.html",
        "cn/enterprise-server@2.22/b/index.html",
        "cn/enterprise-server@3.0/b/index.html",
        "cn/github-ae@latest/b/index.html",
        "en/b/index.html",
        "en/enterprise-server@2.22/b/index.html",
        "en/enterprise-server@3.0/b/index.html",
        "en/github-ae@latest/b/index.html",
    ]
    assert after["en/a/index.html"][1:] == before["en/a/index.html"][1:]  # untouched file
    assert "Page b, edited." in (out / "en/b/index.html").read_text()


def test_a_data_change_rebuilds_the_pages_that_read_it(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write("data/reusables/x/note.md", "Old note.\n")
    site.write("content/a.md", page("{% data reusables.x.note %}\n"))
    site.write("content/b.md", page("No data here.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    site.write("data/reusables/x/note.md", "New note.\n")
    result = site.build(out=out, capsys=capsys)
    assert "8 page renders" in result.err  # page a in 4 versions x 2 languages
    assert "New note." in (out / "en/a/index.html").read_text()


def test_a_deleted_page_disappears_from_the_output(tmp_path):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("A.\n"))
    site.write("content/gone.md", page("Gone.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    assert (out / "en/gone/index.html").is_file()
    (site.root / "content/gone.md").unlink()
    assert site.build(out=out).code == 0
    assert not (out / "en/gone/index.html").exists()
    assert (out / "en/a/index.html").is_file()


def test_failed_incremental_build_leaves_the_site_untouched(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("A.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    before = files(out)
    site.write("content/a.md", page("{% data variables.none.here %}\n"))
    assert site.build(out=out, capsys=capsys).code == 1
    assert files(out) == before


def test_warnings_are_reported_again_by_incremental_rebuilds(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write(
        "content/a.md",
        page('{% if currentVersion ver_lt "enterprise-server@2.23" %}old{% endif %}\n'),
    )
    out = tmp_path / "site"
    first = site.build(out=out, capsys=capsys)
    warning = "content/a.md:8:29: warning: 'enterprise-server@2.23' is not a release"
    assert first.code == 0 and warning in first.err
    again = site.build(out=out, capsys=capsys)
    assert again.code == 0 and "0 page renders" in again.err
    assert warning in again.err
    assert site.build("--strict", out=out, capsys=capsys).code == 1


def settled(root: Path) -> Path:
    """Date every source file a second back: files written just now get no stamp (racy)."""
    past = time.time_ns() - 1_000_000_000
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(past, past))
    return root


def renders(err: str) -> int:
    """The number of page renders a build's summary line reports."""
    return int(err.splitlines()[-1].split(" page renders")[0])


def test_an_unchanged_rebuild_says_again_what_the_build_said_without_loading(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("{% data variables.none.here %}\n"))
    site.write(
        "content/b.md",
        page('{% if currentVersion ver_gt "enterprise-server@2.23" %}x{% endif %}\n'),
    )
    out = tmp_path / "site"
    settled(site.root)
    first = site.build("--keep-going", out=out, capsys=capsys)
    again = site.build("--keep-going", out=out, capsys=capsys)
    assert first.code == again.code == 1
    *problems, summary = again.err.splitlines()
    assert problems == first.err.splitlines()[:-1]  # every error and warning, as printed then
    assert "error: data key" in again.err and "warning: 'enterprise-server@2.23'" in again.err
    assert summary.split("; ", 1)[1] == first.err.splitlines()[-1].split("; ", 1)[1]
    assert renders(again.err) == 0 and (out / ".docsite/stamp.json").is_file()
    # nothing was loaded: with the manifest gone, a build that looked would render every page
    before = files(out)
    (out / ".docsite/manifest.json").unlink()
    third = site.build("--keep-going", out=out, capsys=capsys)
    assert third.code == 1 and renders(third.err) == 0
    assert files(out) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "content/a.md").write_text(page("B.\n")),  # same size, new bytes
        lambda root: (
            (root / "data/reusables").mkdir() or (root / "data/reusables/n.md").write_text("N")
        ),
        lambda root: (root / "content/a.md").rename(root / "content/c.md"),
        lambda root: (root / "translations/cn/content/a.md").unlink(),
        lambda root: (root / "data/versions.yml").write_text(
            (root / "data/versions.yml").read_text() + "\n"
        ),
    ],
)
def test_any_input_change_runs_the_build(tmp_path, capsys, change):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("A.\n"))
    site.write("translations/cn/content/a.md", page("甲。\n"))
    out = tmp_path / "site"
    settled(site.root)
    assert site.build(out=out).code == 0
    assert renders(site.build(out=out, capsys=capsys).err) == 0
    change(site.root)
    assert renders(site.build(out=out, capsys=capsys).err) > 0


def test_other_options_run_the_build(tmp_path, capsys):
    site = Site(tmp_path / "src").write("content/a.md", page("A.\n"))
    out = tmp_path / "site"
    settled(site.root)
    assert site.build(out=out, capsys=capsys).code == 0

    def rendered(*args: str) -> int:
        """Without a manifest, a build that runs renders every page; a replay renders none."""
        (out / ".docsite/manifest.json").unlink(missing_ok=True)
        return renders(site.build(*args, out=out, capsys=capsys).err)

    assert rendered("--version", "fpt") > 0
    assert rendered("--version", "fpt") == 0
    assert rendered("--version", "fpt", "--no-redirect-stubs") > 0
    assert rendered("--version", "fpt", "--markdown-engine", "markdown-it-py") > 0


def test_the_preview_server_drops_the_stamp(tmp_path):
    from docsite.build import BuildOptions
    from docsite.commands.live import Live

    site = Site(tmp_path / "src").write("content/a.md", page("A.\n"))
    out = tmp_path / "site"
    settled(site.root)
    assert site.build(out=out).code == 0
    stamp = out / ".docsite/stamp.json"
    assert stamp.is_file()
    Live(BuildOptions(source=site.root, out=out, progress=False, jobs=1))
    assert not stamp.exists()  # it rewrites outputs in place: the next build must look


def test_a_file_written_just_now_leaves_no_stamp(tmp_path, capsys):
    site = Site(tmp_path / "src").write("content/a.md", page("A.\n"))
    out = tmp_path / "site"
    stamp = out / ".docsite/stamp.json"
    assert site.build(out=out).code == 0
    assert not stamp.exists()  # a same-size edit within the clock's tick could go unseen
    settled(site.root)
    assert site.build(out=out).code == 0 and stamp.is_file()
    site.write("content/a.md", page("B.\n"))
    assert renders(site.build(out=out, capsys=capsys).err) > 0
    assert not stamp.exists()  # the racy tree replaced it with nothing


def test_a_manifest_that_is_not_one_is_ignored_not_a_traceback(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("A.\n"))
    out = tmp_path / "site"
    first = site.build(out=out, capsys=capsys)
    broken = [
        '{"format": 9, "lists": [], "pages": {"/en/a/": {"fp": "x", "data": 3}}}',  # no list 3
        '{"format": 9, "lists": 1, "pages": {}}',
        "[]",
    ]
    for text in broken:
        (out / ".docsite/manifest.json").write_text(text)
        (out / ".docsite/stamp.json").unlink(missing_ok=True)  # else the report is replayed
        again = site.build(out=out, capsys=capsys)
        assert again.code == 0 and renders(again.err) == renders(first.err), text
        assert "Traceback" not in again.err


def test_the_search_floor_times_the_documents_the_build_indexed(synthetic, tmp_path):
    # benchmarks/search_floor.py reports the least the search step can take; it must plan
    # the very documents a build hands pagefind, or its floor would be another build's
    from search_floor import measure

    out = tmp_path / "site"
    assert build(synthetic, out) == 0
    found = measure(synthetic, out)
    indexes = list(out.glob("*/_pagefind"))
    fragments = [p for index in indexes for p in index.rglob("*.pf_fragment")]
    entries = [p for index in indexes for p in index.rglob("pagefind-entry.json")]
    pages = [p for p in out.rglob("index.html") if b"data-pagefind-body" in p.read_bytes()]
    assert indexes and found["documents"] == len(fragments)
    assert found["bundles"] == len(entries) and found["pages"] == len(pages)
    assert found["documents"] < found["pages"]  # versions that read alike share a document
    assert found["wall"] > 0 and found["cpu"] > 0
