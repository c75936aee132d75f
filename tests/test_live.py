"""The preview server's in-memory site: after any edits, the output equals a clean build."""

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, page
from docsite.build import BuildOptions, build
from docsite.commands.live import Live
from docsite.output.staging import Staging
from test_safety import same_tree

GHES_ONLY = "versions:\n  enterprise-server: '>=3.0'\n"
EDITS = [
    ("content/a.md", page("A body {% data reusables.r %}.\n\n## Part\n", title="A")),
    ("content/a.md", page("A new body {% data variables.product.name %}.\n", title="A")),
    ("content/a.md", page("A in GHES only.\n", title="A", versions=GHES_ONLY)),
    ("content/a.md", page("Moved.\n", title="A", extra="redirect_from:\n  - /old-a\n")),
    ("content/b.md", page("B links to [A](/a#part).\n", title="B")),
    ("content/b.md", None),  # deleted
    ("content/c.md", page("{% ifversion fpt %}C dotcom{% else %}C server{% endif %}\n", title="C")),
    ("data/reusables/r.md", "Reused text"),
    ("data/reusables/r.md", "Reused {% ifversion ghes %}server{% endif %} text"),
    ("data/variables/product.yml", "name: Acme\n"),
    ("data/variables/product.yml", "name: Zenith\n"),
    ("translations/cn/content/a.md", page("中文 {% data reusables.r %}\n", title="甲")),
    ("translations/cn/content/a.md", None),
    ("templates/page.html", None),
    ("templates/page.html", "<main>{{ page.title }}{{ page.body | safe }}</main>\n"),
    ("content/index.md", page("Home.\n", title="Home", extra="children:\n  - /a\n")),
    ("content/index.md", page("Home again.\n", title="Home")),
    ("content/a.md", page("A body {% data reusables.r %}.\n\n## Part\n", title="A renamed")),
    (
        "content/a.md",
        page("Intro.\n", title="A", extra="intro: 'About {% data variables.product.name %}'\n"),
    ),
    ("content/c.md", page("C links {% link /a %}.\n", title="C")),
    ("rename", ("content/b.md", "content/b2.md")),
    ("rename", ("content/b2.md", "content/b.md")),
    ("rename", ("data/reusables/r.md", "data/reusables/q.md")),  # pages that use r now fail
    ("rename", ("data/reusables/q.md", "data/reusables/r.md")),
    ("data/reusables/new.md", "A new reusable"),
]


def start(root: Path) -> Site:
    site = Site(root)
    site.write("data/variables/product.yml", "name: Acme\n")
    site.write("data/reusables/r.md", "Reused text")
    site.write("content/a.md", page("A body {% data reusables.r %}.\n\n## Part\n", title="A"))
    site.write("content/b.md", page("B links to [A](/a#part).\n", title="B"))
    return site


def apply(site: Site, rel: str, text: object) -> list[Path]:
    if rel == "rename":
        old, new = (site.root / p for p in text)  # type: ignore[attr-defined]
        if old.exists():
            old.rename(new)
        return [old, new]
    path = site.root / rel
    if text is None:
        path.unlink(missing_ok=True)
    else:
        site.write(rel, str(text))
    return [path]


@settings(
    max_examples=int(os.environ.get("DOCSITE_LIVE_EXAMPLES", "25")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(range(len(EDITS))), min_size=1, max_size=6))
def test_after_any_edits_the_live_output_equals_a_clean_build(choices):
    with tempfile.TemporaryDirectory() as tmp:
        site = start(Path(tmp) / "src")
        options = BuildOptions(
            source=site.root, out=Path(tmp) / "live", keep_going=True, progress=False, jobs=1
        )
        live = Live(options)
        for step, index in enumerate(choices):
            live.apply(apply(site, *EDITS[index]))
            live.settle()  # search indexes are rebuilt in the background
            clean = Path(tmp) / f"clean{step}"
            build(
                BuildOptions(source=site.root, out=clean, keep_going=True, progress=False, jobs=1)
            )
            assert same_tree(options.out, clean), (step, [EDITS[i][0] for i in choices[: step + 1]])
            shutil.rmtree(clean)


def test_a_reusable_edit_re_renders_exactly_the_outputs_that_use_it(tmp_path):
    site = start(tmp_path / "src")
    live = Live(
        BuildOptions(source=site.root, out=tmp_path / "out", keep_going=True, progress=False)
    )
    change = live.apply(apply(site, "data/reusables/r.md", "Changed"))
    assert not change.full
    urls = sorted(change.urls)
    assert urls == sorted(u for u in live.entries if u.endswith("/a/"))
    assert "Changed" in (tmp_path / "out" / "en" / "a" / "index.html").read_text()
    assert len(urls) == 8  # four versions, two languages; b and the home page untouched


def test_a_body_edit_is_in_memory_and_a_versions_edit_builds(tmp_path):
    site = start(tmp_path / "src")
    live = Live(
        BuildOptions(source=site.root, out=tmp_path / "out", keep_going=True, progress=False)
    )
    body = live.apply(apply(site, "content/b.md", page("B edited.\n", title="B")))
    assert not body.full and len(body.urls) == 8
    front = live.apply(
        apply(site, "content/b.md", page("B edited.\n", title="B", versions=GHES_ONLY))
    )
    assert front.full  # the versions moved: the tree, links and redirects move with them
    assert 'http-equiv="refresh"' in (tmp_path / "out" / "en" / "b" / "index.html").read_text()
    assert (tmp_path / "out" / "en" / "enterprise-server@3.0" / "b" / "index.html").is_file()


def test_a_title_edit_re_renders_the_page_and_the_outputs_that_show_it(tmp_path):
    site = start(tmp_path / "src")
    site.write(
        "content/index.md", page("Home.\n", title="Home", extra="children:\n  - /a\n  - /b\n")
    )
    live = Live(
        BuildOptions(source=site.root, out=tmp_path / "out", keep_going=True, progress=False)
    )
    change = live.apply(
        apply(site, "content/a.md", page("Body.\n\n## Part\n", title="A new title"))
    )
    assert not change.full
    assert {u.rstrip("/").rsplit("/", 1)[-1] for u in change.urls} == {
        "a",
        "b",  # its "Previous" link shows a's title
        "en",
        "cn",
        "enterprise-server@3.0",
        "enterprise-server@2.22",
        "github-ae@latest",
    }
    assert "A new title" in (tmp_path / "out" / "en" / "index.html").read_text()
    assert "A new title</a>" in (tmp_path / "out" / "en" / "b" / "index.html").read_text()
    assert not any(u.endswith("/c/") for u in change.urls)


def test_a_title_edit_reaches_a_body_that_shows_the_title(tmp_path):
    site = start(tmp_path / "src")
    site.write("content/b.md", page("This is {{ page.title }}.\n", title="Old B"))
    live = Live(BuildOptions(source=site.root, out=tmp_path / "out", progress=False, jobs=1))
    change = live.apply(
        apply(site, "content/b.md", page("This is {{ page.title }}.\n", title="New B"))
    )
    assert not change.full
    for url in ("en/b", "cn/b", "en/enterprise-server@3.0/b"):
        assert "This is New B." in (tmp_path / "out" / url / "index.html").read_text(), url


def test_an_intro_edit_in_memory_rewrites_llms_txt_and_the_search_index(tmp_path):
    site = start(tmp_path / "src")
    live = Live(
        BuildOptions(source=site.root, out=tmp_path / "out", keep_going=True, progress=False)
    )
    index = tmp_path / "out" / "en" / "_pagefind" / "pagefind-entry.json"
    live.settle()  # the server indexes in the background, from its first build on
    before = index.read_text()
    change = live.apply(
        apply(site, "content/a.md", page("Zebra body.\n", title="A", extra="intro: Striped.\n"))
    )
    assert not change.full
    assert "- [A](/en/a/index.md): Striped.\n" in (tmp_path / "out" / "en" / "llms.txt").read_text()
    live.settle()
    assert index.read_text() != before  # the fpt English index was rebuilt with the new text
    assert (tmp_path / "out" / "en" / "a" / "index.md").read_text().endswith("Zebra body.\n")


def test_stopping_before_the_search_is_rebuilt_leaves_it_to_the_next_build(tmp_path):
    site = start(tmp_path / "src")
    options = BuildOptions(source=site.root, out=tmp_path / "out", progress=False, jobs=1)
    live = Live(options)
    # a body edit: 8 outputs, 8 indexes; stopping at once, before (or while) they are rebuilt
    live.apply(apply(site, "content/a.md", page("Zebra.\n\n## Part\n", title="A")))
    live.save()
    # save returns once the indexer has let go of the output: none of its scratch is left
    assert not live.search.running
    assert not (options.out / ".docsite" / "search").exists()
    assert build(options).report.committed
    clean = tmp_path / "clean"
    build(BuildOptions(source=site.root, out=clean, progress=False, jobs=1))
    assert same_tree(options.out, clean)


def test_after_a_variable_edit_the_next_start_renders_nothing(tmp_path):
    site = start(tmp_path / "src")
    site.write("content/index.md", page("Home.\n", title="Home", extra="children:\n  - /a\n"))
    options = BuildOptions(source=site.root, out=tmp_path / "out", progress=False, jobs=1)
    live = Live(options)
    live.apply(apply(site, "data/variables/product.yml", "name: Zenith\n"))  # in memory
    live.settle()
    live.save()
    assert Live(options).rendered == 0  # its fingerprints are a build's


def test_feature_and_release_notes_edits_re_render_exactly_their_readers(tmp_path):
    site = start(tmp_path / "src")
    site.write("data/features/meow.yml", "versions:\n  fpt: '*'\n")
    site.write("content/c.md", page("{% ifversion meow %}Purr{% endif %}.\n", title="C"))
    notes = "intro: First notes.\nsections:\n  bugs:\n    - A bug.\n"
    site.write("data/release-notes/enterprise-server/3-0/0.yml", notes)
    site.write(
        "content/notes.md",
        page(
            "",
            title="Notes",
            extra="layout: release-notes\n",
            versions="versions:\n  ghes: '3.0'\n",
        ),
    )
    live = Live(
        BuildOptions(source=site.root, out=tmp_path / "out", keep_going=True, progress=False)
    )
    change = live.apply(apply(site, "data/features/meow.yml", "versions:\n  ghae: '*'\n"))
    assert not change.full
    assert sorted(change.urls) == sorted(u for u in live.entries if u.endswith("/c/"))
    assert "Purr" in (tmp_path / "out/en/github-ae@latest/c/index.html").read_text()
    assert "Purr" not in (tmp_path / "out/en/c/index.html").read_text()
    notes = notes.replace("First", "Second")
    change = live.apply(apply(site, "data/release-notes/enterprise-server/3-0/0.yml", notes))
    assert not change.full
    assert sorted(change.urls) == [
        "/cn/enterprise-server@3.0/notes/",
        "/en/enterprise-server@3.0/notes/",
    ]
    assert (
        "Second notes." in (tmp_path / "out/en/enterprise-server@3.0/notes/index.html").read_text()
    )


def test_a_build_does_not_take_a_running_indexers_scratch_as_the_previous_site(tmp_path):
    site = start(tmp_path / "src")
    options = BuildOptions(source=site.root, out=tmp_path / "out", progress=False, jobs=1)
    build(options)
    # what a preview server's indexer (or one killed mid-run) has in the output folder now
    scratch = options.out / ".docsite" / "search" / "tmp1" / "0" / "en" / "a"
    scratch.mkdir(parents=True)
    (scratch / "index.html").write_text("<p>half written</p>")
    staged = Staging(options.out)
    try:
        assert (staged.dir / "en" / "a" / "index.html").is_file()  # the site is seeded
        assert not (staged.dir / ".docsite" / "search").exists()  # the scratch is not
    finally:
        staged.discard()
