"""The synthetic corpus in Hugo's form, for measuring Hugo as a peer on the same pages.

    python benchmarks/hugo.py SOURCE DEST     # SOURCE made by generate.py

Hugo cannot template content with Liquid, so each construct of generate.py becomes its Hugo
equivalent doing the same work per version: `{% data variables.v.nameN %}` a shortcode that
reads `data/v.yaml`; `{% data reusables.shared.rN %}` a shortcode that reads
`data/reusables.yaml` and tests the version as the reusable's own `{% ifversion ghes %}` does;
each conditional (`{COND}A{% else %}B{% endif %}`) a shortcode that tests `site.Params.version`
against the versions where COND holds. Intros get their variable resolved (Hugo renders no
shortcodes in front matter). The layout shows what docsite's does per page: title, intro, the
body, the section's pages as a sidebar, breadcrumbs and a version list. One Hugo build makes
one version (`HUGO_PARAMS_VERSION=ghes-3.0 hugo -d OUT`); four versions are four builds.
"""

# ruff: noqa: E501 - the Hugo templates below are kept one tag per line, as Hugo writes them

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

VERSIONS = ("fpt", "ghes-3.0", "ghes-2.22", "ghae")
GHES = "ghes-3.0,ghes-2.22"
# generate.py's conditions, by the versions where each holds
HOLDS = {
    '{% if currentVersion == "free-pro-team@latest" %}': "fpt",
    "{% ifversion ghes %}": GHES,
    "{% if enterpriseServerVersions contains currentVersion %}": GHES,
    "{% ifversion fpt or ghae %}": "fpt,ghae",
    '{% if currentVersion ver_gt "enterprise-server@2.22" %}': "ghes-3.0",
}
CONDITION = re.compile(
    "(" + "|".join(re.escape(c) for c in HOLDS) + r")(.*?)\{% else %\}(.*?)\{% endif %\}"
)
VARIABLE = re.compile(r"\{% data variables\.v\.(name\d+) %\}")
REUSABLE = re.compile(r"\{% data reusables\.shared\.(r\d+) %\}")
SERVER_ONLY = "{% ifversion ghes %}Server only.{% endif %}"

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Params.version }}</title>
<link rel="stylesheet" href="/assets/site.css"></head>
<body><header><a href="/">Docs</a><ul class="versions">{{ range site.Params.versions }}<li>{{ . }}</li>{{ end }}</ul></header>
<nav class="sidebar"><ul>{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>{{ with .Parent }}<nav class="breadcrumbs"><a href="{{ .RelPermalink }}">{{ .Title }}</a></nav>{{ end }}
<h1>{{ .Title }}</h1>{{ with .Params.intro }}<div class="intro">{{ . | markdownify }}</div>{{ end }}
{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": '{{ define "main" }}{{ .TableOfContents }}{{ .Content }}{{ end }}',
    "_default/list.html": """{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}""",
    "shortcodes/var.html": "{{ index site.Data.v (.Get 0) }}",
    "shortcodes/reusable.html": (
        "{{ index site.Data.reusables (.Get 0) }}"
        '{{ if in (split "' + GHES + '" ",") site.Params.version }} Server only.{{ end }}'
    ),
    "shortcodes/cond.html": (
        '{{ if in (split (.Get "in") ",") site.Params.version }}{{ .Get "yes" }}'
        '{{ else }}{{ .Get "no" }}{{ end }}'
    ),
}
CONFIG = """baseURL = "/"
title = "Docs"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[params]
version = "fpt"
versions = ["fpt", "ghes-3.0", "ghes-2.22", "ghae"]
[markup.highlight]
noClasses = false
"""


def page(text: str, variables: dict[str, str]) -> str:
    """One page of generate.py in Hugo's form."""

    def condition(m: re.Match[str]) -> str:
        return f'{{{{% cond in="{HOLDS[m[1]]}" yes="{m[2]}" no="{m[3]}" %}}}}'

    matter, body = text.split("\n---\n", 1)
    matter = VARIABLE.sub(lambda m: variables[m[1]], matter)
    body = CONDITION.sub(condition, body)
    body = VARIABLE.sub(lambda m: f'{{{{% var "{m[1]}" %}}}}', body)
    body = REUSABLE.sub(lambda m: f'{{{{% reusable "{m[1]}" %}}}}', body)
    assert not re.search(r"(?<!\{)\{%", body), body  # every construct has its Hugo form
    return f"{matter}\n---\n{body}"


def convert(source: Path, dest: Path) -> None:
    """Write the Hugo site of a generated corpus below `dest` (replacing what was there)."""
    if dest.exists():
        shutil.rmtree(dest)
    variables = dict(
        line.split(": ", 1)
        for line in (source / "data/variables/v.yml").read_text().splitlines()
        if line
    )
    (dest / "data").mkdir(parents=True)
    (dest / "data/v.yaml").write_text((source / "data/variables/v.yml").read_text())
    reusables = []
    for path in sorted((source / "data/reusables/shared").glob("*.md")):
        text = path.read_text().strip().replace(SERVER_ONLY, "").strip()
        reusables.append(f"{path.stem}: {text!r}\n")
    (dest / "data/reusables.yaml").write_text("".join(reusables))
    for rel, text in LAYOUTS.items():
        (dest / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / "layouts" / rel).write_text(text)
    (dest / "static/assets").mkdir(parents=True)
    (dest / "static/assets/site.css").write_text("body { font-family: sans-serif; }\n")
    (dest / "hugo.toml").write_text(CONFIG)
    for path in sorted((source / "content").rglob("*.md")):
        rel = path.relative_to(source / "content")
        if path.name == "index.md":
            rel = rel.with_name("_index.md")
        target = dest / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page(path.read_text(), variables))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    args = parser.parse_args()
    convert(args.source, args.dest)


if __name__ == "__main__":
    main()
