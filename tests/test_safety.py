"""Never lose data, never write outside the output, never crash on bad bytes (issue 17)."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, page, serve_process, site_paths
from docsite.cli import main

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def same_tree(a: Path, b: Path) -> bool:
    """Whether two built sites hold the same files with the same bytes (state aside)."""
    return files_below(a) == files_below(b)


def files_below(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in site_paths(folder)}


# 1. The output folder is docsite's alone.


@pytest.mark.parametrize("where", [".", "content", "content/sub", "data", ".."])
def test_an_out_that_holds_or_is_inside_the_sources_is_refused(site, capsys, where):
    site.write("content/sub/a.md", page("A.\n"))
    before = files_below(site.root)
    code = main(["build", "--source", str(site.root), "--out", str(site.root / where)])
    assert code == 2
    assert "docsite: error: --out" in capsys.readouterr().err
    assert files_below(site.root) == before


def test_a_folder_of_other_files_is_refused_unless_forced(site, tmp_path, capsys):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("years of work")
    result = site.build(out=foreign, capsys=capsys)
    assert result.code == 2
    assert "holds files docsite did not write" in result.err and "--force" in result.err
    assert (foreign / "thesis.txt").read_text() == "years of work"
    forced = site.build("--force", out=foreign, capsys=capsys)
    assert forced.code == 0
    assert not (foreign / "thesis.txt").exists() and (foreign / "en" / "index.html").is_file()
    assert site.build(out=foreign, capsys=capsys).code == 0  # now it is docsite's: the marker


def test_a_file_beside_a_folder_never_makes_it_docsites(site, tmp_path, capsys):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("mine")
    (tmp_path / ".victim.docsite-manifest.json").write_text('{"format": 8, "pages": {}}')
    (victim / ".docsite").mkdir()
    (victim / ".docsite" / "README").write_text("not docsite's words")
    result = site.build(out=victim, capsys=capsys)
    assert result.code == 2 and "holds files docsite did not write" in result.err
    assert (victim / "notes.txt").read_text() == "mine"


def test_a_build_changes_nothing_outside_its_output_folder(site, tmp_path, capsys):
    parent = tmp_path / "public"
    parent.mkdir()
    (parent / "keep.txt").write_text("neighbour")

    def outside() -> dict[Path, int]:  # every file but the output's (folders change times)
        found = {}
        for root, folders, files in os.walk(tmp_path):
            # not into the output, nor into a replaced one that `rm` is deleting right now
            folders[:] = [f for f in folders if f != "_out" and not f.startswith("._out.")]
            found |= {Path(root, f): Path(root, f).stat().st_mtime_ns for f in files}
        return found

    before = outside()
    out = parent / "_out"
    assert site.build(out=out, capsys=capsys).code == 0
    site.write("content/b.md", page("B.\n"))  # an incremental build, then a replayed one
    after_sources = {site.root / "content/b.md"}
    assert site.build(out=out, capsys=capsys).code == 0
    assert site.build(out=out, capsys=capsys).code == 0
    now = outside()
    changed = {p for p in now if before.get(p) != now[p]}
    assert changed <= after_sources, changed
    deadline = time.monotonic() + 30  # the replaced site is deleted in the background
    while len(list(parent.iterdir())) > 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in parent.iterdir()) == ["_out", "keep.txt"]
    assert (out / ".docsite" / "manifest.json").is_file()


def test_state_older_docsites_left_beside_the_output_is_swept(site, tmp_path, capsys):
    out = tmp_path / "site"
    assert site.build(out=out, capsys=capsys).code == 0
    for name in (".site.docsite-manifest.json", ".site.docsite-stamp.json"):
        (tmp_path / name).write_text("{}")
    assert site.build(out=out, capsys=capsys).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]


def test_an_empty_or_new_folder_is_taken(site, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert site.build(out=tmp_path / "empty", capsys=capsys).code == 0
    assert (tmp_path / "empty" / ".docsite" / "README").is_file()
    assert site.build(out=tmp_path / "new" / "site", capsys=capsys).code == 0


# 2. Writes stay inside the output folder.


def test_a_redirect_from_that_climbs_out_is_a_located_error(site, tmp_path, capsys):
    site.write(
        "content/a.md",
        page("A.\n", extra="redirect_from:\n  - /../../../../../../tmp/x/victim\n"),
    )
    result = site.build(out=tmp_path / "out", capsys=capsys)
    assert result.code == 1
    assert "content/a.md:4:5: error: redirect_from /../../../../../../tmp/x/victim: " in result.err
    assert "`..` segment" in result.err
    assert not (tmp_path / "out").exists()
    assert not Path("/tmp/x/victim/index.html").exists()


def test_a_language_code_that_climbs_out_is_a_located_error(site, capsys):
    text = (site.root / "data" / "versions.yml").read_text()
    site.write("data/versions.yml", text.replace("  cn: {", "  ../../x: {"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "data/versions.yml:12:3: error: language code: '../../x' cannot be part of a URL" in (
        result.err
    )


def test_a_data_file_linked_out_of_data_is_not_read(site, capsys):
    os.symlink("/etc/passwd", site.root / "data" / "secret.md")
    (site.root / "data" / "reusables").mkdir()
    os.symlink("/etc/passwd", site.root / "data" / "reusables" / "pw.md")
    site.write("content/a.md", page("{% data reusables.pw %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "data/reusables/pw.md: error: data/reusables/pw.md leads outside data/" in result.err
    assert "root:" not in result.err


def test_a_page_linked_out_of_content_is_not_read(site, tmp_path, capsys):
    outside = tmp_path / "outside.md"
    outside.write_text(page("Private.\n"))
    os.symlink(outside, site.root / "content" / "b.md")
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/b.md: error: content/b.md leads outside content/" in result.err


def test_the_server_does_not_follow_a_symlink_out_of_the_output(site):
    out = site.root / "_site"
    proc = serve_process(site.root, out, 0)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().split()[-1].removesuffix("/en/")
        os.symlink("/etc", out / "etc")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/etc/passwd", timeout=5)
        assert refused.value.code == 404
        with urllib.request.urlopen(f"{base}/en/", timeout=5) as ok:
            assert ok.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# 3. The incremental build sees every input.


@pytest.mark.parametrize(
    ("rel", "old", "new", "url", "text"),
    [
        (
            "data/versions.yml",
            "title: Enterprise Server",
            "title: Server Edition",
            "/en/enterprise-server@3.0/a/",
            "Server Edition 3.0",
        ),
        ("data/variables/product.yml", "Acme", "Zenith", "/en/a/", "Zenith"),
        ("data/reusables/r.md", "Reused", "Recycled", "/en/a/", "Recycled"),
        ("data/ui.yml", "In this page", "On this page", "/en/a/", "On this page"),
        ("templates/page.html", "<main>", "<main class=own>", "/en/a/", "<main class=own>"),
        ("translations/cn/content/a.md", "中文", "汉字", "/cn/a/", "汉字"),
        ("content/a.md", "## Part", "## Section", "/en/a/", 'id="section"'),
    ],
)
def test_an_edit_of_any_input_rebuilds_as_a_clean_build_does(
    site, tmp_path, capsys, rel, old, new, url, text
):
    site.write("data/variables/product.yml", "name: Acme\n")
    site.write("data/reusables/r.md", "Reused text.\n")
    site.write("data/ui.yml", "docsite:\n  in_this_article: In this page\n")
    site.write(
        "templates/page.html",
        "<main>{{ page.title }} - {{ version.title }} {{ ui.in_this_article }}"
        "{{ page.body | safe }}</main>\n",
    )
    body = "{% data variables.product.name %} {% data reusables.r %}\n\n## Part\n"
    site.write("content/a.md", page(body))
    site.write("translations/cn/content/a.md", page("中文\n"))
    assert site.build(capsys=capsys).code == 0
    path = site.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    rebuilt = site.build(capsys=capsys)
    clean = site.build(out=tmp_path / "clean", capsys=capsys)
    assert rebuilt.code == clean.code == 0
    assert text in rebuilt.html(url)
    assert same_tree(rebuilt.out, clean.out)


# 4. Liquid runs within limits.


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '{% assign x = "ab" %}{% for i in (1..60) %}'
            "{% capture x %}{{ x }}{{ x }}{% endcapture %}{% endfor %}",
            "content/a.md:8:25: error: local namespace limit reached",
        ),
        (
            "{% for i in (1..100000000) %}{% endfor %}",
            "content/a.md:8:4: error: loop iteration limit reached",
        ),
    ],
)
def test_runaway_liquid_is_stopped_with_a_located_error(site, capsys, body, message):
    site.write("content/a.md", page(body + "\n"))
    started = time.monotonic()
    result = site.build("--jobs", "1", capsys=capsys)
    assert time.monotonic() - started < 20
    assert result.code == 1
    assert message in result.err


# 5. Bad bytes and deep nesting.


def test_a_page_that_is_not_utf8_is_a_located_error(site, capsys):
    (site.root / "content" / "a.md").write_bytes(page("Caf\xe9 ok\n").encode("latin-1"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:8:4: error: not UTF-8: byte 0xe9\n 8 | Caf\ufffd ok\n   |    ^" in result.err
    )
    assert "Traceback" not in result.err


def test_a_translation_that_is_not_utf8_falls_back_to_english(site, capsys):
    site.write("content/a.md", page("English.\n"))
    (site.root / "translations" / "cn" / "content").mkdir(parents=True)
    (site.root / "translations" / "cn" / "content" / "a.md").write_bytes(
        b"\xff\xfe" + "中文".encode("utf-16-le")
    )
    result = site.build("--verbose", capsys=capsys)
    assert result.code == 0
    assert "<p>English.</p>" in result.html("/cn/a/")
    assert (
        "translations/cn/content/a.md:1:1: warning: translation falls back to English: "
        "not UTF-8: byte 0xff" in result.err
    )


def test_a_binary_reusable_is_reported_in_its_own_file(site, capsys):
    (site.root / "data" / "reusables").mkdir()
    (site.root / "data" / "reusables" / "bin.md").write_bytes(b"PNG\x00\x01\x02")
    site.write("content/a.md", page("{% data reusables.bin %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "data/reusables/bin.md:1:4: error: a binary file (NUL byte)" in result.err
    assert "internal error" not in result.err


def test_reusables_nested_a_thousand_deep_stop_with_a_located_error(site, capsys):
    for i in range(1000):
        site.write(f"data/reusables/deep/r{i}.md", f"{{% data reusables.deep.r{i + 1} %}}\n")
    site.write("data/reusables/deep/r1000.md", "bottom\n")
    site.write("content/a.md", page("{% data reusables.deep.r0 %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "data/reusables/deep/r49.md:1:9: error: reusables nested more than 50 deep" in result.err
    assert "RecursionError" not in result.err


def test_an_unclosed_for_is_located_at_its_tag(site, capsys):
    site.write("content/a.md", page("Text.\n\n{% for x in (1..3) %}\nhello\n"))
    result = site.build(capsys=capsys)
    assert "content/a.md:10:4: error: `for` opened here is never closed" in result.err
    assert "hint: add {% endfor %}" in result.err


# 6. What used to be silently wrong.


@pytest.mark.parametrize(
    ("path", "text", "message"),
    [
        (
            "content/a.md",
            "---\ntitle: A\ntitle: B\nversions: '*'\n---\n",
            "content/a.md:3:1: error: duplicate key `title`",
        ),
        (
            "content/a.md",
            page("{% link /nonexistent %}\n"),
            "content/a.md:8:4: error: `link`: no page /nonexistent",
        ),
        (
            "content/a.md",
            page("{{ site.data.variables.nope }}\n"),
            "content/a.md:8:1: error: data key `site.data.variables` not found",
        ),
        (
            "content/a.md",
            page("A.\n", versions="versions:\n  enterprise-server: '>=2.22 <'\n"),
            "content/a.md:4:22: error: invalid semver range '>=2.22 <'",
        ),
        (
            "content/index.md",
            page("Home.\n", extra="children:\n  - /ghost\n"),
            "content/index.md:4:5: error: children: no page /ghost",
        ),
    ],
)
def test_silent_mistakes_are_located_errors(site, capsys, path, text, message):
    site.write(path, text)
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert message in result.err


def test_a_tree_without_content_is_an_error(site, capsys):
    (site.root / "content" / "index.md").unlink()
    (site.root / "content").rmdir()
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "error: no content/ folder in" in result.err


# 7. Killed builds leave a complete site and nothing else.


@pytest.fixture
def big(tmp_path: Path) -> Path:
    generate(tmp_path / "big", 300)
    return tmp_path / "big"


def leftovers(out: Path) -> list[str]:
    return sorted(
        p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.is_dir()
    )


def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(big, tmp_path):
    out, reference = tmp_path / "site", tmp_path / "reference"
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(big), "--jobs", "2"]
    assert subprocess.run([*command, "--out", str(reference)], capture_output=True).returncode == 0
    assert subprocess.run([*command, "--out", str(out)], capture_output=True).returncode == 0
    index = big / "content" / "index.md"
    for delay in (0.2, 0.5, 0.9, 1.4, 2.0, 3.0):
        index.write_text(index.read_text() + f"\nEdit {delay}.\n")
        proc = subprocess.Popen(
            [*command, "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert (out / "en" / "index.html").is_file()
        text = (out / "en" / "index.html").read_text()
        # The previous site, or the whole new one: never a mixture, never missing.
        assert "Edit" not in text or f"Edit {delay}." in text
        assert len(files_below(out)) == len(files_below(reference))
    assert subprocess.run([*command, "--out", str(out)], capture_output=True).returncode == 0
    assert leftovers(out) == [] or all(".trash-" in name for name in leftovers(out))


def test_ctrl_c_stops_a_build_with_a_sentence_not_tracebacks(big, tmp_path):
    out = tmp_path / "site"
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(big), "--jobs", "2"]
    assert subprocess.run([*command, "--out", str(out)], capture_output=True).returncode == 0
    before = files_below(out)
    # a page slow enough that the build is still rendering when Ctrl-C comes
    slow = "{% for i in (1..400000) %}{% endfor %}Slow.\n"
    (big / "content" / "section-0" / "slow.md").write_text(page(slow, title="Slow"))
    index = big / "content" / "index.md"
    index.write_text(index.read_text() + "\nEdited.\n")
    proc = subprocess.Popen(
        [*command, "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not leftovers(out) and time.monotonic() < deadline:  # staging: rendering has begun
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the build and every worker
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "docsite: interrupted" in err and "Traceback" not in err, err
    assert files_below(out) == before  # the previous site, whole
    with pytest.raises(ProcessLookupError):  # no worker outlived the build
        os.killpg(proc.pid, 0)


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(site, capsys):
    out = site.root / "_site"
    assert site.build(capsys=capsys).code == 0
    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = finished.pid  # a build that was killed
    out.rename(site.root / f"._site.old-{dead}")
    (site.root / f"._site.staging-{dead}").mkdir()  # and a half-written staging folder
    assert site.build(capsys=capsys).code == 0
    assert (out / "en" / "index.html").is_file()
    assert leftovers(out) == [] or all(".trash-" in name for name in leftovers(out))


def test_a_killed_check_leaves_no_temporary_folder(big, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    command = [sys.executable, str(ROOT / "build.py"), "check", "--source", str(big)]
    proc = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run(command, env=env, capture_output=True, check=True)
    assert list((tmp_path / "tmp").iterdir()) == []


# 8. Shards merge into one full build.


def test_version_and_language_shards_copied_together_equal_one_full_build(tmp_path, capsys):
    args = ["build", "--source", str(ROOT)]
    assert main([*args, "--out", str(tmp_path / "full")]) == 0
    merged = tmp_path / "merged"
    merged.mkdir()
    shards = [["--version", v] for v in ("fpt", "ghes-3.0", "ghes-2.22")]
    shards += [["--version", "ghae", "--lang", lang] for lang in ("en", "cn")]
    for i, shard in enumerate(shards):
        out = tmp_path / f"shard{i}"
        assert main([*args, "--out", str(out), "--shard", *shard]) == 0
        subprocess.run(["cp", "-r", f"{out}/.", str(merged)], check=True)
    assert not same_tree(tmp_path / "full", merged)  # the last shard's maps won
    assert main(["merge", str(merged)]) == 0
    assert same_tree(tmp_path / "full", merged)
    assert main(["merge", str(tmp_path)]) == 2
    assert "holds no .docsite/parts" in capsys.readouterr().err


GOOD_PART = {
    "base_url": "https://docs.example.com",
    "home": "/en/",
    "title": "Docs",
    "language": "en",
    "version": "free-pro-team@latest",
    "search": "en",
    "pages": [["/en/a/", "A", "An intro"]],
    "redirects": [["/a", "/en/a/", "no-language"]],
}


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            b'{"home": ',
            "parts/en-fpt.json:1:10: error: not a docsite part: not JSON: Expecting value",
        ),
        (b"\xff\xfe", "parts/en-fpt.json:1:1: error: not a docsite part: not UTF-8 text"),
        ({**GOOD_PART, "home": "/../../escaped/"}, "`home` is not a value docsite writes"),
        ({**GOOD_PART, "home": "/en"}, "`home` is not a value docsite writes"),
        ({k: v for k, v in GOOD_PART.items() if k != "title"}, "`title` is missing"),
        ({**GOOD_PART, "pages": {"a": 1}}, "`pages` must be a list"),
        ({**GOOD_PART, "pages": [["/en/a/", "A"]]}, "`pages[0]` must be a list of 3 texts"),
        ({**GOOD_PART, "pages": [["/en/a/", 7, ""]]}, "`pages[0][1]` must be text, not int"),
        ({**GOOD_PART, "redirects": [["//evil.example/x", "/en/a/", "legacy"]]}, "redirects[0][0]"),
        ({**GOOD_PART, "redirects": [["/a\n/b https://evil", "/en/", "x"]]}, "redirects[0][0]"),
        ({**GOOD_PART, "base_url": "javascript:alert(1)"}, "`base_url` is not a value docsite"),
        ({**GOOD_PART, "language": ".."}, "`language` is not a value docsite writes"),
        ({**GOOD_PART, "search": "zh; rm"}, "`search` is not a value docsite writes"),
        ([1, 2], "`base_url` is missing"),
        ("directory", ".docsite/parts/en-fpt.json is not a file"),
    ],
)
def test_merge_reads_parts_as_untrusted_input(tmp_path, capsys, part, expected):
    folder = tmp_path / "merged"
    parts = folder / ".docsite" / "parts"
    parts.mkdir(parents=True)
    (parts / "cn-fpt.json").write_text(json.dumps({**GOOD_PART, "home": "/cn/"}))
    if part == "directory":
        (parts / "en-fpt.json").mkdir()
    else:
        raw = part if isinstance(part, bytes) else json.dumps(part).encode()
        (parts / "en-fpt.json").write_bytes(raw)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["merge", str(folder)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert "hint: copy the output folders of docsite builds into DIR" in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # none written


def test_merge_reports_every_bad_part_and_writes_nothing_outside(tmp_path, capsys):
    folder = tmp_path / "merged"
    parts = folder / ".docsite" / "parts"
    parts.mkdir(parents=True)
    for name in ("a", "b"):
        (parts / f"{name}.json").write_text(json.dumps({**GOOD_PART, "home": "/../x/"}))
    assert main(["merge", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("not a docsite part") == 2
    (parts / "a.json").write_text(json.dumps(GOOD_PART))
    (parts / "b.json").unlink()
    assert main(["merge", str(folder)]) == 1  # its page was not copied
    assert ".docsite/parts/a.json: error: .docsite/parts/a.json lists /en/a/, which is not in" in (
        capsys.readouterr().err
    )
    page = "<html><body><main data-pagefind-body><h1>A</h1><p>Aardvark.</p></main></body></html>"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page)
    (folder / "en").symlink_to(tmp_path)  # a folder on the way that leads out
    assert main(["merge", str(folder)]) == 2
    assert "would be written outside" in capsys.readouterr().err
    assert not (tmp_path / "llms.txt").exists()
    (folder / "en").unlink()
    (folder / "en" / "a").mkdir(parents=True)
    (folder / "en" / "a" / "index.html").write_text(page)
    assert main(["merge", str(folder)]) == 0
    assert "/en/a/" in (folder / "en" / "llms.txt").read_text()
    entry = json.loads((folder / "en" / "_pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1  # merge indexed the language


def test_a_title_that_links_to_itself_is_a_located_error(site, capsys):
    # Found by tests/test_fuzz.py: the title rendered its own title until RecursionError.
    site.write("content/a.md", page("A.\n", title="'A {% link /a %}'"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:2:8: error: `title` links to a page whose title links back to it" in (
        result.err
    )
    assert "RecursionError" not in result.err


def test_a_page_that_renders_too_long_is_stopped(site, tmp_path):
    body = "{% for i in (1..999) %}{% for j in (1..999) %}{% endfor %}{% endfor %}done\n"
    site.write("content/a.md", page(body))
    env = {**os.environ, "DOCSITE_PAGE_SECONDS": "0.2"}
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(site.root), "--jobs", "1"]
    proc = subprocess.run(
        [*command, "--out", str(tmp_path / "o")], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 1
    # Located at the innermost tag that was running; one error for the page, not one per
    # version (three versions here, one budget).
    message = "error: rendering took longer than 0.2 s and was stopped here"
    assert f"content/a.md:8:27: {message}" in proc.stderr  # the inner `for`
    assert proc.stderr.count(message) == 1


def test_a_reusable_that_renders_too_long_is_named(site, tmp_path):
    loop = "{% for i in (1..999) %}{% for j in (1..999) %}x{% endfor %}{% endfor %}\n"
    site.write("data/reusables/slow.md", "Intro.\n" + loop)
    site.write("content/a.md", page("{% data reusables.slow %}\n"))
    env = {**os.environ, "DOCSITE_PAGE_SECONDS": "0.2"}
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(site.root), "--jobs", "1"]
    proc = subprocess.run(
        [*command, "--out", str(tmp_path / "o")], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "data/reusables/slow.md:2:" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_data_keys_cannot_climb_out_of_data(site, tmp_path, capsys):
    (tmp_path / "secret.md").write_text("top secret")
    site.write("content/a.md", page("{% data reusables/../../../secret %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "top secret" not in result.err
    assert "content/a.md:8:9: error: data key `reusables/../../../secret` not found" in result.err


def test_variable_values_are_escaped_where_they_land_in_html(site, capsys):
    site.write("data/variables/product.yml", "name: '\"><script>alert(1)</script>'\n")
    site.write("content/a.md", page("Hi.\n", title="'{% data variables.product.name %}'"))
    site.write("content/index.md", page("{% link /a %}\n", title="Home"))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    for url in ("/en/a/", "/en/"):
        assert "<script>alert" not in result.html(url)
    assert "<title>&#34;&gt;&lt;script&gt;" in result.html("/en/a/")
