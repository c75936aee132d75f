"""The Liquid stage: each page's body and front matter fields parsed once, rendered per version."""

from __future__ import annotations

import re
from typing import Any

from liquid.exceptions import LiquidError
from liquid.template import BoundTemplate

from docsite.errors import DocsiteError, DocsiteErrors, Location, TemplateError, problems_of
from docsite.plan import SitePlan
from docsite.render.liquid import DocsEnvironment
from docsite.render.liquid.problems import LiquidErrors
from docsite.render.liquid.state import Trace
from docsite.render.locate import liquid_error
from docsite.source.pages import Page

HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
FIELDS = {
    "title": "title",
    "shortTitle": "short_title",
    "intro": "intro",
    "product": "product",
    "permissions": "permissions",
}


def source_text(page: Page, field: str) -> str:
    """The Liquid source of a page's body or of one of its front matter fields."""
    return page.body if field == "body" else str(getattr(page.front, FIELDS[field]))


class LiquidStage:
    """Parsed templates of a build, shared by every render of every version and language."""

    def __init__(self, plan: SitePlan, env: DocsEnvironment) -> None:
        self.plan = plan
        self.env = env
        self.templates: dict[tuple[str, str], BoundTemplate] = {}
        # Each tag Liquid knows, and the tags that end its block (none for a tag with none).
        self.block_ends: dict[str, tuple[str, ...]] = {
            name: tuple(getattr(tag, "ends", None) or [getattr(tag, "end", "")])
            if getattr(tag, "block", False) and getattr(tag, "end", "")
            else ()
            for name, tag in env.tags.items()
        }

    def template(self, page: Page, field: str, trace: Trace) -> BoundTemplate:
        """Parse a page's body or Liquid field once per build."""
        key = (page.source, field)
        found = self.templates.get(key)
        if found is None:
            text = HTML_COMMENT.sub(
                lambda m: "\n" * m.group().count("\n"), source_text(page, field)
            )
            try:
                found = self.env.parse(text, page.source, trace)
            except LiquidError as err:
                raise self.error(err, page, field) from None
            self.templates[key] = found
        return found

    def render(self, page: Page, field: str, context: dict[str, Any], trace: Trace) -> str:
        """Render one Liquid field (or the body) of a page with a render's globals."""
        text = source_text(page, field)
        if "{" not in text and "<!--" not in text:  # no Liquid: rendering would return it as is
            return text
        before = len(trace.failures)
        try:
            out = self.template(page, field, trace).render(**context)
        except LiquidError as err:
            raise self.error(self.with_failures(trace, before, err), page, field) from None
        if len(trace.failures) > before:
            raise self.error(self.with_failures(trace, before), page, field)
        return out

    @staticmethod
    def with_failures(trace: Trace, before: int, last: LiquidError | None = None) -> LiquidError:
        """The errors a render went on past (and the one that stopped it), taken off the trace."""
        found = [*trace.failures[before:], *([last] if last else [])]
        del trace.failures[before:]
        return found[0] if len(found) == 1 else LiquidErrors(found)

    def parsed(self, key: tuple[str, str], text: str, origin: str, trace: Trace) -> BoundTemplate:
        """A template of generated or data text, parsed once under its own key."""
        found = self.templates.get(key)
        if found is None:
            found = self.templates[key] = self.env.parse(text, origin, trace)
        return found

    def text(self, text: str, origin: str, context: dict[str, Any], trace: Trace) -> str:
        """Liquid in a data value a layout shows (a learning track's title), as a page sees it."""
        if "{" not in text:
            return text
        try:
            return self.parsed((origin, text), text, origin, trace).render(**context)
        except LiquidError as err:
            raise TemplateError(str(err.message or err), Location(origin)) from None

    def error(self, err: LiquidError, page: Page, field: str) -> DocsiteError:
        """A Liquid error (or several) located in the file that holds the text."""
        if isinstance(err, LiquidErrors):
            found = [p for e in err.errors for p in problems_of(self.error(e, page, field))]
            return DocsiteErrors(found)
        return liquid_error(err, page, field, self.plan.config.root, self.block_ends)

    def forget(self, source: str) -> None:
        """Drop the templates parsed under one name: a page file that changed, `release-notes`."""
        for key in [k for k in self.templates if k[0] == source]:
            del self.templates[key]
