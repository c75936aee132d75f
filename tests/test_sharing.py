"""Each distinct text of a page is rendered once: the versions that decide alike share it.

Sharing must never show: every test compares with `--render-each-version`, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Site, built_both_ways, page, site_paths
from docsite.build import BuildOptions, load_site
from docsite.render import Trace

# Every way a page's text depends on the version, each in a page of its own.
BODIES = {
    "equals": '{% if currentVersion == "free-pro-team@latest" %}Dotcom.{% else %}Other.{% endif %}',
    "ifversion": "{% ifversion ghes > 2.22 %}New server.{% elsif ghes %}Old server.{% endif %}",
    "flag": "{% if ghes %}Server flag.{% endif %}{% unless ghae %} Not AE.{% endunless %}",
    "contains": "{% if enterpriseServerVersions contains currentVersion %}In GHES.{% endif %}",
    "ver_gt": '{% if currentVersion ver_gt "enterprise-server@2.22" %}After 2.22.{% endif %}',
    "feature": "{% ifversion meow %}Purr.{% else %}Silence.{% endif %}",
    "output": "You read {{ currentVersion }} ({{ currentVersion | version_num }}).",
    "loop": (
        "{% for v in enterpriseServerVersions %}"
        "{% if v == currentVersion %}This is {{ v }}.{% endif %}{% endfor %}"
    ),
    "assigned": (
        "{% assign here = currentVersion %}"
        '{% if here == "enterprise-server@3.0" %}Three.{% else %}Not three.{% endif %}'
    ),
    "case": '{% case currentVersion %}{% when "github-ae@latest" %}AE.{% else %}Else.{% endcase %}',
    "reusable": "Before. {% data reusables.server %} After.",
    "link": "{% link /equals %}",
    "nested": (
        "{% if page.title %}{% ifversion fpt or ghae %}Cloud"
        "{% if currentVersion == 'github-ae@latest' %} AE{% endif %}.{% endif %}{% endif %}"
    ),
    "plain": "No version in here: {% data variables.product.name %}.",
}


def sharing_site(root: Path) -> Site:
    site = Site(root)
    site.write("data/features/meow.yml", "versions:\n  fpt: '*'\n  ghes: '>=3.0'\n")
    site.write("data/variables/product.yml", "name: Octo\n")
    site.write(
        "data/reusables/server.md",
        "{% ifversion ghes %}Server{% ifversion ghes < 3.0 %} (old){% endif %}.{% endif %}",
    )
    for name, body in BODIES.items():
        title = f"'{{% ifversion ghes %}}Server {{% endif %}}{name.title()}'"
        site.write(f"content/{name}.md", page(f"{body}\n", title=title))
    return site


def test_shared_renders_write_what_rendering_each_version_writes(tmp_path):
    shared = built_both_ways(sharing_site(tmp_path / "src"), tmp_path, "--lang", "en")
    assert len(site_paths(shared)) > 5 * len(BODIES)
    article = (shared / "en/enterprise-server@2.22/ifversion/index.html").read_text()
    assert "Old server." in article and "New server." not in article
    assert (
        "This is enterprise-server@2.22."
        in (shared / "en/enterprise-server@2.22/loop/index.html").read_text()
    )


def distinct_texts(root: Path, share: bool = True) -> dict[str, int]:
    """How many texts each page's body rendered to, rendering every version in this process."""
    site = load_site(BuildOptions(source=root, out=root / "_unused", languages=("en",), jobs=1))
    site.renderer.stage.share = share
    for target in site.targets():
        site.renderer.pages.render(target, Trace())
    outcomes = site.renderer.stage.outcomes
    return {
        Path(source).stem: len(texts)
        for (source, field, _), texts in outcomes.items()
        if field == "body"
    }


def test_each_distinct_text_is_rendered_once(tmp_path):
    counts = distinct_texts(sharing_site(tmp_path / "src").root)
    # fpt, ghes-3.0, ghes-2.22 and ghae: the versions that decide alike share one render.
    assert counts["equals"] == 2  # fpt; the rest
    assert counts["ifversion"] == 3  # 3.0; 2.22; fpt and ghae
    assert counts["flag"] == 3  # ghes; ghae; fpt
    assert counts["contains"] == 2
    assert counts["feature"] == 2  # fpt and 3.0; 2.22 and ghae
    assert counts["reusable"] == 3  # 3.0; 2.22; fpt and ghae
    assert counts["nested"] == 3  # fpt; ghae; both servers
    assert counts["plain"] == 1
    # A text that names the version, or reads it where no condition decides, is its own.
    for bound in ("output", "loop", "assigned", "case", "link"):
        assert bound not in counts, bound


def test_rendering_each_version_remembers_nothing(tmp_path):
    assert distinct_texts(sharing_site(tmp_path / "src").root, share=False) == {}


def test_a_changed_reusable_is_not_answered_from_an_earlier_text(tmp_path):
    site = sharing_site(tmp_path / "src")
    loaded = load_site(BuildOptions(source=site.root, out=tmp_path / "out", jobs=1))
    target = next(t for t in loaded.targets() if t.url == "/en/enterprise-server@3.0/reusable/")
    assert "Before. Server. After." in loaded.renderer.pages.render(target, Trace()).body
    site.write("data/reusables/server.md", "{% ifversion ghes %}Appliance.{% endif %}")
    assert loaded.invalidate("data/reusables/server.md") == "data"
    assert "Before. Appliance. After." in loaded.renderer.pages.render(target, Trace()).body


@pytest.mark.parametrize("name", ["ifversion", "reusable", "feature"])
def test_what_a_shared_text_read_counts_for_every_version_sharing_it(tmp_path, name):
    site = sharing_site(tmp_path / "src")
    loaded = load_site(BuildOptions(source=site.root, out=tmp_path / "out", jobs=1))
    read = {}
    for target in loaded.targets():
        if target.english.rel == f"{name}.md" and target.language == "en":
            trace = Trace()
            loaded.renderer.pages.render(target, trace)
            read[target.version.name] = trace.data
    assert len(set(map(frozenset, read.values()))) == 1, read  # rendered or shared, the same
