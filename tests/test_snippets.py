"""A reusable renders once per distinct text, for every page and version that agrees.

Its text is taken only where rendering it would write the same: every test compares with
`--render-each-version`, byte for byte, on pages that read, write and nest around snippets.
"""

from __future__ import annotations

from pathlib import Path

from conftest import VERSIONS, Site, built_both_ways, page
from docsite.build import BuildOptions, load_site
from docsite.render import Trace

REUSABLES = {
    "server": "{% ifversion ghes %}Server{% ifversion ghes < 3.0 %} (old){% endif %}.{% endif %}",
    # reads a name the page may assign, or a loop may bind
    "local": "Value [{{ x }}]{% ifversion ghes %} on server{% endif %}.",
    "title": "Titled {{ page.title }}{% ifversion fpt %} (cloud){% endif %}.",
    "path": "At {{ currentPath }}.",
    # writes the page's scope: the page reads what it assigned
    "sets": "{% assign shown = 'set here' %}{% ifversion ghae %}AE.{% endif %}",
    "outer": "Outer: {% data reusables.local %} {% data reusables.server %}",
    "outer_sets": "Around {% data reusables.sets %}",
    "count": "Count [{{ n }}]{% ifversion ghes %} on server{% endif %}.",
}
# Pages render in this order: a text kept from an earlier page must not show on a later one.
PAGES = {
    "a-undefined": "{% data reusables.local %} {% data reusables.outer %}",
    "b-assigned": "{% assign x = 'B' %}{% data reusables.local %} {% data reusables.outer %}",
    "c-assigned": "{% assign x = 'C' %}{% data reusables.local %} {% data reusables.outer %}",
    "d-loop": "{% for x in (1..2) %}{% data reusables.local %} {% endfor %}",
    "e-page": "{% data reusables.title %} {% data reusables.path %} {% data reusables.server %}",
    "f-page": "{% data reusables.title %} {% data reusables.path %} {% data reusables.server %}",
    "g-writes": "{% data reusables.sets %} Shown: {{ shown }}.",
    "h-writes": "{% assign shown = 'page' %}{% data reusables.outer_sets %} Shown: {{ shown }}.",
    "i-writes": "Shown: [{{ shown }}] {% data reusables.outer_sets %}",
    # python-liquid's counters come after the globals in the scope: still this page's own
    "j-counter": "{% increment n %}{% increment n %}{% data reusables.count %}",
    "k-counter": "{% data reusables.count %}",
}


def snippet_site(root: Path) -> Site:
    site = Site(root)
    site.write("data/versions.yml", VERSIONS + "liquid: lax\n")  # `{{ x }}` may be undefined
    for name, text in REUSABLES.items():
        site.write(f"data/reusables/{name}.md", text)
    for name, body in PAGES.items():
        site.write(f"content/{name}.md", page(f"{body}\n", title=name.upper()))
    return site


def article(out: Path, version: str, name: str) -> str:
    html = (out / "en" / version / name / "index.html").read_text()  # fpt: version ""
    return html.split('<div class="article-body">')[1].split("</div>")[0]


def test_kept_snippets_write_what_rendering_each_version_writes(tmp_path):
    shared = built_both_ways(snippet_site(tmp_path / "src"), tmp_path, "--jobs", "1")
    # what each page shows, read as a reader would
    ghes = "enterprise-server@2.22"
    assert "Value [] on server." in article(shared, ghes, "a-undefined")
    assert "Value [B] on server." in article(shared, ghes, "b-assigned")
    assert "Outer: Value [C] on server. Server (old)." in article(shared, ghes, "c-assigned")
    assert "Value [1] on server. Value [2] on server." in article(shared, ghes, "d-loop")
    assert "Titled F-PAGE (cloud). At f-page." in article(shared, "", "f-page")
    assert "Shown: set here." in article(shared, "github-ae@latest", "g-writes")
    assert "Around AE. Shown: set here." in article(shared, "github-ae@latest", "h-writes")
    assert "Shown: [] Around" in article(shared, ghes, "i-writes")
    assert "Count [2] on server." in article(shared, ghes, "j-counter")
    assert "Count [] on server." in article(shared, ghes, "k-counter")


def snippet_texts(root: Path, share: bool = True) -> dict[str, int]:
    """How many texts each reusable was kept with, rendering every page and version here."""
    site = load_site(BuildOptions(source=root, out=root / "_unused", jobs=1))
    site.renderer.stage.share = share
    for target in site.targets():
        site.renderer.pages.render(target, Trace())
    kept = site.renderer.env.snippets.texts
    return {Path(path).stem: len(texts) for (_, path, _, _), texts in kept.items()}


def test_a_snippet_renders_once_per_distinct_text_across_pages(tmp_path):
    counts = snippet_texts(snippet_site(tmp_path / "src").root)
    # four versions, used on many pages: 3.0; 2.22; fpt and ghae
    assert counts["server"] == 3
    # what reads the page's own names, or writes its scope, is rendered wherever it shows
    for bound in ("title", "path", "sets", "outer_sets"):
        assert bound not in counts, bound
    # read where `x` is undefined it is kept; where `x` is assigned it renders in place
    assert counts["local"] == 2  # ghes; the rest
    assert counts["outer"] == 3


def test_rendering_each_version_keeps_no_snippet(tmp_path):
    assert snippet_texts(snippet_site(tmp_path / "src").root, share=False) == {}
