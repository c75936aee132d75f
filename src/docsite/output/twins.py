"""Markdown twins: each page as Markdown beside its HTML; an `llms.txt` per version and language."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from docsite.render import RenderedPage
from docsite.render.links import LinkRewriter

# `[text](/product/path#x)`: product-rooted links, rewritten as the HTML's are.
MARKDOWN_LINK = re.compile(r"(\]\()(/[^)\s]*)(\))")


def twin(page: RenderedPage, rewriter: LinkRewriter) -> str:
    """The page with Liquid resolved for its version and language; front matter: title, intro."""
    target = page.target
    front = {"title": page.title} | ({"intro": page.summary} if page.summary else {})

    def local(m: re.Match[str]) -> str:
        link = rewriter.target(m.group(2), target.language, target.version)
        fragment = f"#{link.fragment}" if link.fragment else ""
        return f"{m.group(1)}{link.url}{fragment}{m.group(3)}"

    body = MARKDOWN_LINK.sub(local, page.markdown).strip()
    # JSON strings are YAML strings, and json's C encoder is 20 times faster than PyYAML's.
    matter = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items()
    )
    return f"---\n{matter}---\n\n{body}\n"


def twin_file(html_file: str) -> str:
    """Where a page's twin goes: `en/packages/x/index.md` beside `index.html`."""
    return html_file.removesuffix(".html") + ".md"


def llms_txt(title: str, pages: Iterable[tuple[str, str, str]], base_url: str) -> str:
    """An `llms.txt` (llmstxt.org): the site's title, then each page's twin with its intro."""
    lines = [f"# {title}", ""]
    for url, name, intro in sorted(pages):
        about = f": {' '.join(intro.split())}" if intro else ""
        lines.append(f"- [{name}]({base_url}{url}index.md){about}")
    return "\n".join(lines) + "\n"
