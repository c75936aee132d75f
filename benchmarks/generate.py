"""Generate a synthetic docs corpus: N pages of about 3 KB with versions, data and conditionals."""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

VERSIONS = """\
plans:
  - {plan: free-pro-team, short: fpt, title: Free Pro Team, releases: [latest], url_segment: false}
  - plan: enterprise-server
    short: ghes
    title: Enterprise Server
    releases: ["3.0", "2.22"]
    next: "3.1"
    deprecated: ["2.21"]
  - {plan: github-ae, short: ghae, title: GitHub AE, releases: [latest]}
languages:
  en: {name: English, source: ""}
"""

WORDS = [
    "package",
    "registry",
    "workflow",
    "repository",
    "token",
    "version",
    "release",
    "branch",
    "commit",
    "review",
    "action",
    "runner",
    "secret",
    "policy",
    "member",
    "team",
    "enterprise",
    "server",
    "cloud",
    "access",
]

CONDITIONS = (
    '{% if currentVersion == "free-pro-team@latest" %}',
    "{% ifversion ghes %}",
    "{% if enterpriseServerVersions contains currentVersion %}",
    "{% ifversion fpt or ghae %}",
    '{% if currentVersion ver_gt "enterprise-server@2.22" %}',
)


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def page_text(i: int, n: int, rng: random.Random) -> str:
    links = [f"[page {j}](/section-{j % 20}/page-{j})" for j in rng.sample(range(n), 3)]
    reusables = [f"{{% data reusables.shared.r{rng.randrange(100)} %}}" for _ in range(3)]
    conds = [
        f"{c}{sentence(rng, 8)}{{% else %}}{sentence(rng, 8)}{{% endif %}}"
        for c in rng.sample(CONDITIONS, 5)
    ]
    return f"""---
title: Page {i} about {rng.choice(WORDS)}
intro: 'How {{% data variables.v.name{i % 40} %}} works with {rng.choice(WORDS)}.'
versions:
  free-pro-team: '*'
  enterprise-server: '>=2.22'
  github-ae: '*'
---

{reusables[0]}

## Overview of {rng.choice(WORDS)}

{sentence(rng)} {sentence(rng)} {conds[0]} {sentence(rng)} See {links[0]}.

{conds[1]}

- {sentence(rng, 6)}
- {sentence(rng, 6)} {{% data variables.v.name{(i + 1) % 40} %}}
- {sentence(rng, 6)}

## Configuring {rng.choice(WORDS)}

1. {sentence(rng)} {links[1]}
2. {sentence(rng)} {conds[2]}
3. {sentence(rng)}

{reusables[1]}

| Setting | Meaning |
| --- | --- |
| `{rng.choice(WORDS)}` | {sentence(rng, 6)} |
| `{rng.choice(WORDS)}` | {sentence(rng, 6)} {conds[3]} |
| `{rng.choice(WORDS)}` | {sentence(rng, 6)} |

```yaml
name: {rng.choice(WORDS)}
on: push
jobs:
  build:
    runs-on: ubuntu-latest
```

## Troubleshooting

{sentence(rng)} {sentence(rng)} {conds[4]} {links[2]}

{reusables[2]}

{sentence(rng)} {sentence(rng)} {sentence(rng)}
"""


def generate(root: Path, pages: int, seed: int = 1) -> None:
    """Write the corpus below `root` (replacing what was there)."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "data" / "variables").mkdir(parents=True)
    (root / "data" / "reusables" / "shared").mkdir(parents=True)
    (root / "data" / "versions.yml").write_text(VERSIONS)
    (root / "data" / "variables" / "v.yml").write_text(
        "".join(f"name{k}: Product {k}\n" for k in range(40))
    )
    for k in range(100):
        text = f"{sentence(rng)} {{% ifversion ghes %}}Server only.{{% endif %}}\n"
        (root / "data" / "reusables" / "shared" / f"r{k}.md").write_text(text)
    index = "---\ntitle: Home\nversions: '*'\n---\nSynthetic corpus.\n"
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text(index)
    for i in range(pages):
        folder = root / "content" / f"section-{i % 20}"
        folder.mkdir(exist_ok=True)
        (folder / f"page-{i}.md").write_text(page_text(i, pages, rng))
    for s in range(20):
        text = (
            f"---\ntitle: Section {s}\nversions:\n  free-pro-team: '*'\n"
            f"  enterprise-server: '>=2.22'\n  github-ae: '*'\n---\n"
        )
        (root / "content" / f"section-{s}" / "index.md").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    generate(args.root, args.pages)


if __name__ == "__main__":
    main()
