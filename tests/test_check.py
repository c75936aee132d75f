"""`check` for CI: every problem located, CI formats, version-logic analysis, determinism."""

import json
import re
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT, Site, page
from docsite.cli import main
from test_corpus import listed
from test_safety import files_below, same_tree

FPT_ONLY = "versions:\n  free-pro-team: '*'\n"


def check(site: Site, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--source", str(site.root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_github_format_prints_annotations_on_stdout(site, capsys):
    site.write("content/a.md", page("{% data variables.nope %}\n"))
    code, out, err = check(site, capsys, "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=content/a.md,line=8,col=9,endColumn=23,title=docsite::"
        "data key `variables.nope` not found%0Aexisting keys here: versions"
    )
    assert "1 error," in err  # the summary stays on stderr


def test_json_format_is_a_list_of_located_problems(site, capsys):
    site.write(
        "content/a.md", page("```yaml\nrun: echo ${{ secrets.TOKEN }}\n```\n", versions=FPT_ONLY)
    )
    site.write("content/b.md", page("{% link /nowhere %}\n"))
    code, out, _ = check(site, capsys, "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert {(p["path"], p["line"], p["column"], p["severity"]) for p in problems} == {
        ("content/a.md", 7, 11, "warning"),  # Liquid in a code block
        ("content/a.md", 7, 15, "error"),  # `secrets.TOKEN` is not defined (strict Liquid)
        ("content/b.md", 8, 4, "error"),
    }
    assert all(set(p) >= {"message", "hint", "source_line", "kind"} for p in problems)


def test_liquid_in_a_code_block_is_a_warning_unless_raw_or_known(site, capsys):
    body = (
        "```yaml\nrun: echo ${{ secrets.TOKEN }}\n```\n\n"
        "{% raw %}\n```yaml\nrun: echo ${{ github.ref }}\n```\n{% endraw %}\n\n"
        "```\nversion {{ currentVersion }}\n```\n"
    )
    site.write("content/a.md", page(body))
    code, _, err = check(site, capsys)
    assert code == 1  # strict Liquid: `secrets.TOKEN` names nothing, an error of the build too
    assert (
        "content/a.md:9:11: warning: `{{ secrets` in a code block is Liquid: it renders as nothing"
        in err
    )
    assert "hint: wrap the code block in {% raw %} ... {% endraw %}" in err
    assert "content/a.md:9:15: error: `secrets.TOKEN` is not defined" in err
    assert "github" not in err and "currentVersion" not in err
    assert main(["build", "--source", str(site.root), "--out", str(site.root / "o")]) == 1
    build = capsys.readouterr().err
    assert "`secrets.TOKEN` is not defined" in build and ": warning:" not in build


def test_dead_branches_are_warnings(site, capsys):
    site.write(
        "content/a.md", page("{% ifversion fpt %}Always here.{% endif %}\n", versions=FPT_ONLY)
    )
    site.write(
        "content/b.md",
        page('X{% if currentVersion == "enterprise-server@2.20" %} old{% endif %}\n'),
    )
    site.write("content/c.md", page("{% ifversion fpt %}Dotcom.{% else %}Server.{% endif %}\n"))
    site.write("content/d.md", page("{% if page.title %}Titled.{% endif %}\n", versions=FPT_ONLY))
    code, _, err = check(site, capsys)
    assert code == 0
    assert (
        "content/a.md:6:4: warning: condition is true in every version it is rendered in (fpt)"
        in err
    )
    assert (
        "content/b.md:8:5: warning: no branch is taken in any version it is rendered in "
        "(fpt, ghae, ghes-2.22, ghes-3.0)"
    ) in err
    assert "content/c.md" not in err and "content/d.md" not in err
    code, _, _ = check(site, capsys, "--strict")
    assert code == 1


def test_a_branch_is_not_called_dead_when_only_some_versions_were_checked(site, capsys):
    site.write("content/c.md", page("{% ifversion fpt %}Dotcom.{% else %}Server.{% endif %}\n"))
    _, _, err = check(site, capsys, "--version", "fpt")
    assert ": warning:" not in err


def test_an_empty_page_and_a_range_that_matches_nothing_are_warnings(site, capsys):
    site.write("content/a.md", page("{% ifversion ghes %}Server only.{% endif %}\n"))
    versions = "versions:\n  free-pro-team: '*'\n  enterprise-server: '<2.0'\n"
    site.write("content/b.md", page("Text.\n", versions=versions))
    _, _, err = check(site, capsys)
    assert "content/a.md:8:1: warning: the body is empty in fpt, ghae" in err
    assert (
        "content/b.md:5:22: warning: range '<2.0' for `enterprise-server` matches no release "
        "(3.0, 2.22; next 3.1)"
    ) in err
    assert err.count("range '<2.0'") == 1  # the plan reports it (every build), check not again


def test_matrix_shows_which_page_is_in_which_version(site, capsys):
    site.write("content/a.md", page("A.\n", versions=FPT_ONLY))
    _, out, _ = check(site, capsys, "--matrix")
    lines = out.splitlines()
    assert lines[0].split() == ["fpt", "ghes-3.0", "ghes-2.22", "ghae"]
    assert re.fullmatch(r"a\.md\s+x\s*", lines[1])
    assert re.fullmatch(r"index\.md\s+x\s+x\s+x\s+x\s*", lines[2])


def test_check_writes_nothing(site, capsys):
    site.write("content/a.md", page("A.\n"))
    before = files_below(site.root)
    assert check(site, capsys)[0] == 0
    assert files_below(site.root) == before


def test_output_is_the_same_in_any_order_of_versions_and_processes(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path / "big", 250)
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(tmp_path / "big")]
    runs = [
        ["--jobs", "1", "--out", str(tmp_path / "one")],
        ["--jobs", "2", "--out", str(tmp_path / "two"), "--version"],
    ]
    versions = (
        subprocess.run(
            [*command[:2], "check", *command[2:], "--matrix"], capture_output=True, text=True
        )
        .stdout.splitlines()[0]
        .split()
    )
    runs[1] += reversed(versions)  # every version, named in reverse order
    for args in runs:
        assert subprocess.run([*command, *args], capture_output=True).returncode == 0
    assert same_tree(tmp_path / "one", tmp_path / "two")


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_check_reports_the_corpus_real_problems_located(tmp_path, capsys):
    skips = str(ROOT / "tests" / "corpus-skips.txt")
    code = main(["check", "--source", str(CORPUS), "--skip-file", skips, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    problems = json.loads(out)
    errors = [
        re.sub(
            r" \(in [^)]*\)$", "", f"{p['path']}:{p['line']}:{p['column']}: error: {p['message']}"
        )
        for p in problems
        if p["severity"] == "error"
    ]
    expected = [
        line if re.match(r"^\S+:\d+:\d+: ", line) else line.replace(": error: ", ":0:0: error: ", 1)
        for line in listed("corpus-expected-errors.txt")
    ]
    assert sorted(errors) == sorted(expected)
    warnings = [p for p in problems if p["severity"] == "warning"]
    assert any("condition is true in every version" in p["message"] for p in warnings)
    assert all(p["line"] > 0 for p in warnings if p["path"].startswith("content/"))


def test_names_the_page_assigns_are_not_reported_in_code(site, capsys):
    body = "{% capture name %}runner{% endcapture %}\n\n```\nStart-Service {{ name }}\n```\n"
    site.write("content/a.md", page(body))
    _, _, err = check(site, capsys)
    assert ": warning:" not in err
