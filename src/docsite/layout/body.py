"""What the layout does to a rendered body before its template: heading links, translated labels.

The body is the Markdown stage's HTML, the same in every layout; these passes make it ready for
readers (self-links, an outline without gaps, keyboard-reachable scrolling) and the reader's
language.
"""

from __future__ import annotations

import re

from docsite.layout.nav import NavLink
from docsite.layout.ui import UI

ALERT_TITLE = re.compile(
    r'(<p class="markdown-alert-title">(?:<svg.*?</svg> )?)(Note|Tip|Important|Warning|Caution)</p>'
)
HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', re.S)
COPY_LABEL = ">Copy</button>"  # the Markdown stage's copy buttons, as the language says it


def unlisted(children: list[NavLink], body: str) -> list[NavLink]:
    """An index page's children, unless its text already links to every one of them.

    A body of `{% link_in_list %}` tags (GitHub's REST reference index) is the list: not twice.
    """
    return [] if children and all(f'href="{c.url}"' in body for c in children) else children


def anchored(body: str) -> str:
    """Headings as readers and assistive technology need them.

    Each heading's text is a link to itself, as GitHub's were (one already a link stays). A
    heading that skips levels (`#####` below `###`, or `###` as a page's top level) keeps its
    tag, so it looks as written, and gets the `aria-level` of the next level down, so the
    outline a screen reader announces has no gaps. Scrollable blocks (code, wide tables) can be
    reached by keyboard.
    """
    open_levels: list[int] = []  # the written levels of the sections the heading is inside

    def one(m: re.Match[str]) -> str:
        level, ident, inner = int(m[1]), m[2], m[3]
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        heard = len(open_levels) + 2  # below the page's title, one level per open section
        open_levels.append(level)
        aria = f' aria-level="{heard}"' if heard != level else ""
        if "<a " not in inner:
            inner = f'<a class="heading-link" href="#{ident}">{inner}</a>'
        return f'<h{level} id="{ident}"{aria}>{inner}</h{level}>'

    body = HEADING.sub(one, body)
    return body.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')


def labels(body: str, ui: UI) -> str:
    """Alert titles and copy buttons in the reader's language (a writer's own title stays)."""
    body = ALERT_TITLE.sub(lambda m: f"{m[1]}{ui.strings[f'alert_{m[2].lower()}']}</p>", body)
    return body.replace(COPY_LABEL, f">{ui.copy}</button>")
