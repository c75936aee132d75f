"""The Liquid stage: each page's body and front matter fields parsed once, rendered per outcome.

A field renders once per distinct outcome, not once per version: each render records the
version decisions it made (`liquid/probe.py`), and a later version of the same page and
language that decides them all the same way takes that text without rendering.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from io import StringIO
from typing import Any

from liquid.exceptions import LiquidError
from liquid.output import LimitedStringIO
from liquid.template import BoundTemplate

from docsite.errors import DocsiteError, DocsiteErrors, Location, TemplateError, problems_of
from docsite.plan import SitePlan
from docsite.render.liquid import DocsEnvironment
from docsite.render.liquid.environment import Parsed
from docsite.render.liquid.probe import VERSION_GLOBALS, Shared, VersionedGlobals
from docsite.render.liquid.problems import LiquidErrors
from docsite.render.liquid.state import Probe, Trace
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
REMEMBERED = 4096  # fields (page, field, language) whose outcomes a process keeps


def source_text(page: Page, field: str) -> str:
    """The Liquid source of a page's body or of one of its front matter fields."""
    return page.body if field == "body" else str(getattr(page.front, FIELDS[field]))


class LiquidStage:
    """Parsed templates of a build, shared by every render of every version and language."""

    def __init__(self, plan: SitePlan, env: DocsEnvironment) -> None:
        self.plan = plan
        self.env = env
        self.templates: dict[tuple[str, str], Parsed] = {}
        # Each tag Liquid knows, and the tags that end its block (none for a tag with none).
        self.block_ends: dict[str, tuple[str, ...]] = {
            name: tuple(getattr(tag, "ends", None) or [getattr(tag, "end", "")])
            if getattr(tag, "block", False) and getattr(tag, "end", "")
            else ()
            for name, tag in env.tags.items()
        }
        self.versioned = VERSION_GLOBALS | {p.short for p in env.registry.plans}
        # (page file, field, language) -> the distinct texts rendered so far, newest last
        self.outcomes: OrderedDict[tuple[str, str, str], list[Shared]] = OrderedDict()
        self.share = True  # False renders every version (the test of sharing compares both)

    def template(self, page: Page, field: str, trace: Trace) -> BoundTemplate:
        """Parse a page's body or Liquid field once per build."""

        def source() -> str:
            return HTML_COMMENT.sub(
                lambda m: "\n" * m.group().count("\n"), source_text(page, field)
            )

        try:
            return self.env.parse_once(
                self.templates, (page.source, field), source, page.source, trace
            )
        except LiquidError as err:
            raise self.error(err, page, field) from None

    def render(self, page: Page, field: str, context: dict[str, Any], trace: Trace) -> str:
        """Render one Liquid field (or the body) of a page with a render's globals."""
        text = source_text(page, field)
        if "{" not in text and "<!--" not in text:  # no Liquid: rendering would return it as is
            return text
        template = self.template(page, field, trace)
        key = (page.source, field, str(context.get("currentLanguage", "")))
        sharing = self.share and trace.branches is None  # `check` logs each version's branches
        if sharing:
            for shared in self.outcomes.get(key, ()):
                if shared.holds(template, context):
                    trace.absorb(shared.data, shared.pages)
                    trace.warnings += shared.warnings
                    return shared.text
        before = len(trace.failures)
        try:
            out, found = self.probed(template, context, trace)
        except LiquidError as err:
            raise self.error(self.with_failures(trace, before, err), page, field) from None
        if len(trace.failures) > before:
            raise self.error(self.with_failures(trace, before), page, field)
        if sharing and found is not None:
            self.remember(key, found)
        return out

    def probed(
        self, template: BoundTemplate, context: Mapping[str, Any], trace: Trace
    ) -> tuple[str, Shared | None]:
        """Render, noting the version decisions; the text as `Shared` unless it names the version.

        What this render reads (data files, pages shown) is collected apart, then added to the
        trace: a version that reuses the text counts the same reads.
        """
        probe, outer = Probe(share=self.share), trace.probe
        data, pages, warned = set(trace.data), set(trace.pages), len(trace.warnings)
        trace.data.clear()  # in place: the globals' `site.data` records into this very set
        trace.pages.clear()
        trace.probe = probe
        try:
            values = VersionedGlobals(context, self.versioned, trace)
            render = template.context_class(template, globals=template.make_globals(values))
            limit = template.env.output_stream_limit
            buffer = StringIO() if limit is None else LimitedStringIO(limit=limit)
            template.render_with_context(render, buffer)
            out = buffer.getvalue()
        finally:
            trace.probe = outer
            read, shown = frozenset(trace.data), frozenset(trace.pages)
            trace.data |= data
            trace.pages |= pages
        if probe.bound:
            return out, None
        said = tuple(trace.warnings[warned:])
        return out, Shared(tuple(probe.checks), out, read, shown, said)

    def remember(self, key: tuple[str, str, str], shared: Shared) -> None:
        """Keep a distinct text of a field; the fields least recently rendered go first."""
        self.outcomes.setdefault(key, []).append(shared)
        self.outcomes.move_to_end(key)
        if len(self.outcomes) > REMEMBERED:
            self.outcomes.popitem(last=False)

    @staticmethod
    def with_failures(trace: Trace, before: int, last: LiquidError | None = None) -> LiquidError:
        """The errors a render went on past (and the one that stopped it), taken off the trace."""
        found = [*trace.failures[before:], *([last] if last else [])]
        del trace.failures[before:]
        return found[0] if len(found) == 1 else LiquidErrors(found)

    def parsed(self, key: tuple[str, str], text: str, origin: str, trace: Trace) -> BoundTemplate:
        """A template of generated or data text, parsed once under its own key."""
        return self.env.parse_once(self.templates, key, lambda: text, origin, trace)

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
        for field_key in [k for k in self.outcomes if k[0] == source]:
            del self.outcomes[field_key]

    def forget_outcomes(self) -> None:
        """Drop every remembered text: a data file changed, which any of them may have read."""
        self.outcomes.clear()
        self.env.snippets.clear()
