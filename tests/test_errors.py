"""Bad input: every error of a run, each `path:line:col: message` with the line, a caret, a hint."""

import difflib
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, page
from docsite.errors import close_matches, closest


def test_unknown_front_matter_key_suggests_the_closest(site, capsys):
    site.write("content/a.md", "---\ntitle: A\nversons:\n  fpt: '*'\n---\nBody\n")
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:3:1: error: unknown front matter field `versons`" in result.err
    assert " 3 | versons:\n   | ^^^^^^^\n  hint: did you mean `versions`?" in result.err
    assert "content/a.md:1:1: error: missing required field `versions`" in result.err


def test_schema_types_are_checked(site, capsys):
    site.write(
        "content/a.md",
        "---\ntitle: A\nhidden: maybe\nchildren: /x\ntype: essay\nversions: '*'\n---\n",
    )
    result = site.build(capsys=capsys)
    assert "content/a.md:3:9: error: `hidden` must be true or false, not str 'maybe'" in result.err
    assert "content/a.md:4:11: error: `children` must be a list of strings" in result.err
    assert "content/a.md:5:7: error: `type` must be one of overview" in result.err


def test_unquoted_release_number_and_bad_range_and_unknown_plan(site, capsys):
    site.write("content/a.md", "---\ntitle: A\nversions:\n  fpt: '*'\n  ghes: 3.10\n---\n")
    site.write("content/b.md", "---\ntitle: B\nversions:\n  enterprise-server: '>=banana'\n---\n")
    site.write("content/c.md", "---\ntitle: C\nversions:\n  enterprize-server: '*'\n---\n")
    result = site.build(capsys=capsys)
    assert "content/a.md:5:9: error: range for `ghes` must be a quoted string, not float 3.1" in (
        result.err
    )
    assert "hint: write ghes: '3.10'" in result.err
    assert "content/b.md:4:22: error: invalid semver range '>=banana'" in result.err
    assert "content/c.md:4:22: error: unknown plan `enterprize-server` in versions" in result.err
    assert "did you mean `enterprise-server`?" in result.err


def test_invalid_yaml_is_located(site, capsys):
    site.write("content/a.md", "---\ntitle: A: B: C\nversions: '*'\n---\n")
    result = site.build(capsys=capsys)
    assert "content/a.md:2:9: error: front matter is not valid YAML" in result.err


def test_missing_data_key_names_page_line_column_and_closest_key(site, capsys):
    site.write("data/variables/product.yml", "prodname_registry: Packages\n")
    site.write(
        "content/a.md", page("\nText.\nUse {% data variables.product.prodname_regstry %}.\n")
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:10:13: error: data key `variables.product.prodname_regstry` not found"
        in result.err
    )
    assert "hint: did you mean `variables.product.prodname_registry`?" in result.err


def test_error_inside_a_reusable_points_into_the_reusable(site, capsys):
    site.write("data/reusables/x/outer.md", "Outer.\n{% data reusables.x.inner %}\n")
    site.write(
        "data/reusables/x/inner.md", "First line.\n\n  {% ifversion fpt or gehs %}x{% endif %}\n"
    )
    site.write("content/a.md", page("{% data reusables.x.outer %}\n"))
    result = site.build(capsys=capsys)
    assert "data/reusables/x/inner.md:3:23: error: unknown version or feature `gehs`" in result.err
    assert "did you mean `ghes`?" in result.err


def test_reusable_cycle_prints_the_cycle(site, capsys):
    site.write("data/reusables/loop/one.md", "{% data reusables.loop.two %}\n")
    site.write("data/reusables/loop/two.md", "text {% data reusables.loop.one %}\n")
    site.write("content/a.md", page("{% data reusables.loop.one %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "data/reusables/loop/two.md:1:14: error: reusable includes itself: "
        "reusables.loop.one -> reusables.loop.two -> reusables.loop.one"
    ) in result.err


def test_direct_self_inclusion_is_a_cycle(site, capsys):
    site.write("data/reusables/loop/self.md", "again {% data reusables.loop.self %}\n")
    site.write("content/a.md", page("{% data reusables.loop.self %}\n"))
    result = site.build(capsys=capsys)
    assert "reusables.loop.self -> reusables.loop.self" in result.err


def test_unknown_versions_in_conditions_are_errors_not_false(site, capsys):
    site.write(
        "content/a.md", page('{% if currentVersion == "enterprise-server@9.9" %}x{% endif %}\n')
    )
    site.write("content/b.md", page("{% ifversion ghes > 9.1 %}x{% endif %}\n"))
    site.write(
        "content/c.md",
        page('{% if currentVersion ver_gt "enterprize-server@2.22" %}x{% endif %}\n'),
    )
    result = site.build(capsys=capsys)
    assert "content/a.md:8:25: error: unknown version 'enterprise-server@9.9'" in result.err
    assert "content/b.md:8:21: error: unknown ghes release `9.1`" in result.err
    assert "content/c.md:8:29: error: unknown version 'enterprize-server@2.22'" in result.err
    assert "did you mean 'enterprise-server@2.22'?" in result.err


def test_common_authoring_mistakes(site, capsys):
    site.write(
        "content/a.md",
        page(
            '{% if currentVersion == "free-pro-team@latest" or if currentVersion ver_gt '
            '"enterprise-server@2.22" %}x{% endif %}\n'
        ),
    )
    site.write(
        "content/b.md",
        page('{% if currentVersion == "free-pro-team@latest" && true %}x{% endif %}\n'),
    )
    site.write("content/c.md", page("{% if true %}a{% else if false %}b{% endif %}\n"))
    result = site.build(capsys=capsys)
    assert "content/a.md:8:51: error: expected a value, found `if`" in result.err
    assert "there is an extra `if`" in result.err
    assert "content/b.md:8:48: error: unexpected `&&` in condition" in result.err
    assert "write `and` / `or`" in result.err
    assert "content/c.md:8:18: error: `else` takes no condition" in result.err


def test_unclosed_blocks_are_reported_where_they_open(site, capsys):
    site.write("content/a.md", page("\n{% if true %}\nnever closed\n"))
    site.write("content/b.md", page("{% note %}\nno end\n"))
    site.write("content/c.md", page("{% ifversion fpt %}\nno end\n"))
    result = site.build(capsys=capsys)
    assert "content/a.md:9:4: error: `if` opened here is never closed" in result.err
    assert "hint: add {% endif %}" in result.err
    assert "content/b.md:8:4: error: `note` opened here is never closed" in result.err
    assert "content/c.md:8:4: error: `ifversion` opened here is never closed" in result.err


def test_errors_in_front_matter_liquid_point_at_the_field(site, capsys):
    site.write("content/a.md", page("Body\n", extra="intro: '{% data variables.nope.x %}'\n"))
    result = site.build(capsys=capsys)
    assert (
        "content/a.md:3:8: error: in `intro`: data key `variables.nope.x` not found" in result.err
    )


def test_page_in_no_supported_version(site, capsys):
    site.write("content/old.md", page("x", versions="versions:\n  enterprise-server: '<2.22'\n"))
    site.write("content/next.md", page("x", versions="versions:\n  enterprise-server: '>=3.1'\n"))
    result = site.build(capsys=capsys)
    # at the range that matches no release, which a warning also names
    assert "content/old.md:4:22: error: page is not published in any supported version" in (
        result.err
    )
    assert "content/old.md:4:22: warning: range '<2.22' for `enterprise-server`" in result.err
    assert "next.md" not in result.err  # only the next release: quietly unpublished


def test_all_errors_are_reported_together_with_a_count(site, capsys):
    for name in "abc":
        site.write(f"content/{name}.md", page("{% data variables.missing.key %}\n"))
    site.write("content/d.md", "---\ntitle: D\n---\n")
    result = site.build(capsys=capsys)
    assert result.code == 1
    for name in "abc":
        assert f"content/{name}.md:8:9: error: data key" in result.err
    assert "content/d.md:1:1: error: missing required field `versions`" in result.err
    assert "; 4 errors," in result.err


def test_errors_exit_1_without_a_traceback(tmp_path):
    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    (src / "content").mkdir()
    (src / "docsite.yml").write_text((ROOT / "docsite.yml").read_text())
    (src / "content" / "index.md").write_text(page("{% if %}\n{% data %}\n"))
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--source",
            str(src),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "content/index.md:8:4: error: `if` needs a condition" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_data_file_that_is_not_yaml_is_named(site, capsys):
    site.write("data/variables/product.yml", "name: Acme\n  bad: [indent\n")
    site.write("content/a.md", page("{% data variables.product.name %}\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:8:9: error: data file data/variables/product.yml is not valid YAML" in (
        result.err
    )


@settings(max_examples=200, derandomize=True, database=None)
@given(
    st.text(alphabet="abcde/-", max_size=12),
    st.lists(st.text(alphabet="abcde/-", min_size=1, max_size=12), max_size=30),
)
def test_the_closest_option_is_difflibs_answer(word, options):
    """`closest` prunes the ratios it computes, and answers what difflib answers."""
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    assert closest(word, options) == (found[0] if found else None)


def test_a_link_to_no_page_is_answered_with_the_page_of_a_like_name(site, capsys):
    site.write("content/guides/getting-started.md", page("Start.\n", title="Start"))
    site.write("content/b.md", page("See [start](/guide/getting-startd).\n", title="B"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 1
    assert "hint: did you mean `/guides/getting-started`?" in result.err


@settings(max_examples=300, derandomize=True, database=None)
@given(
    st.text(alphabet="abcde/-", max_size=12),
    st.lists(st.text(alphabet="abcde/-", max_size=12), max_size=30),
    st.sampled_from([0.4, 0.6, 0.75]),
)
def test_close_matches_are_difflibs_answer(word, options, cutoff):
    """The options rapidfuzz leaves out could not have matched: the answer is difflib's."""
    expected = difflib.get_close_matches(word, options, n=5, cutoff=cutoff)
    assert close_matches(word, options, n=5, cutoff=cutoff) == expected
