"""A reusable's distinct texts, rendered once and taken by every page and version that agrees.

`{% data reusables.x %}` renders its snippet in the page's scope, so in general its text could
depend on the page. Most snippets read only the version and the data: rendered once for a
language, their text holds for every page and version that decides the same conditions.

While a snippet renders for the first time, every name it looks up is watched (`Watched`):

- a name found in a local scope (an `assign` of the page, a loop variable) or a page's own
  global (`page`, `currentPath`, ...) ties the text to this page: it is not kept;
- a snippet that writes the page's scope (`assign`, `capture`, counters, `cycle`) is not kept
  either: taking its text would skip the writes;
- otherwise the text is kept with the conditions it decided (as `probe.py` records them), the
  data it read, its warnings and the names it looked up. A later render takes it when the
  conditions decide the same way and none of those names is local there.

Whatever ties a snippet to its page ties the snippets around it too: the flag travels up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import TYPE_CHECKING

from liquid.output import LimitedStringIO
from liquid.utils.chain_map import ReadOnlyChainMap

from docsite.render.liquid.probe import Shared, local_scopes
from docsite.render.liquid.state import Probe, Trace

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.template import BoundTemplate

# Globals that differ from page to page (`context.py`); the rest are the same for a language.
PAGE_GLOBALS = frozenset(("page", "currentPath", "currentPageFile", "currentProduct"))
WRITES = re.compile(r"\{%-?\s*(?:assign|capture|increment|decrement|cycle|ifchanged|liquid)\b")
Key = tuple[str, str, str, "int | None"]  # (language, data file, key, indent)


class Watched(ReadOnlyChainMap):
    """The render's scope chain, noting each name looked up and whether it was local."""

    def __init__(self, scope: ReadOnlyChainMap, globals_: object) -> None:
        super().__init__()
        self._maps = scope._maps  # the same chain: what the render pushes, it sees
        self.globals = globals_
        self.names: set[str] = set()
        self.local = False

    def __getitem__(self, key: str) -> object:
        self.names.add(key)  # if undefined here, it must be undefined where the text is taken
        for mapping in self._maps:
            try:
                found = mapping[key]
            except KeyError:
                continue
            # a local scope, or the counters and builtins after the globals: this render's own
            self.local = self.local or mapping is not self.globals or key in PAGE_GLOBALS
            return found
        raise KeyError(key)


@dataclass(frozen=True)
class Snippet:
    """One distinct text of a snippet, and the names it looked up."""

    shared: Shared
    names: frozenset[str]

    def fits(self, context: RenderContext, probe: Probe) -> bool:
        """Whether this render would write the same text: no name local, conditions alike."""
        scopes = list(local_scopes(context))
        if any(name in scope for scope in scopes for name in self.names):
            return False
        probe.deciding += 1  # deciding reads the version: not a read of the text
        try:
            return all(cond.test(context) == outcome for cond, outcome in self.shared.checks)
        except Exception:  # deciding failed here: render it, and let it say why
            return False
        finally:
            probe.deciding -= 1


class Snippets:
    """The distinct texts of each snippet in a process, per language and indent."""

    def __init__(self) -> None:
        self.texts: dict[Key, list[Snippet]] = {}

    def clear(self) -> None:
        """Forget every text: a data file changed, which any of them may have read."""
        self.texts.clear()

    def render(
        self,
        key: Key,
        template: BoundTemplate,
        context: RenderContext,
        trace: Trace,
        write: Callable[[RenderContext, StringIO], object],
    ) -> str:
        """The snippet's text in this render: a kept one that fits, or rendered and kept."""
        probe = trace.probe
        assert probe is not None
        for snippet in self.texts.get(key, ()):
            if snippet.fits(context, probe):
                kept = snippet.shared
                trace.absorb(kept.data, kept.pages)
                trace.warnings += kept.warnings
                probe.checks += kept.checks
                if isinstance(context.scope, Watched):  # a snippet around it reads them too
                    context.scope.names |= snippet.names
                return kept.text
        text, found = watched(template, context, trace, write)
        if found is not None:
            self.texts.setdefault(key, []).append(found)
        return text


def watched(
    template: BoundTemplate,
    context: RenderContext,
    trace: Trace,
    write: Callable[[RenderContext, StringIO], object],
) -> tuple[str, Snippet | None]:
    """Render with its own probe and a watched scope; the text, and a `Snippet` if it can be kept.

    What it decided and whether it named the version or the page pass to the render around it.
    """
    outer = trace.probe
    assert outer is not None
    probe = Probe()
    data, pages = set(trace.data), set(trace.pages)
    warned, failed = len(trace.warnings), len(trace.failures)
    trace.data.clear()  # in place: `site.data` records into this very set
    trace.pages.clear()
    scope = context.scope
    seen = context.scope = Watched(scope, context.globals)
    trace.probe = probe
    limit = template.env.output_stream_limit
    buffer = StringIO() if limit is None else LimitedStringIO(limit=limit)
    try:
        write(context, buffer)
    finally:
        context.scope, trace.probe = scope, outer
        read, shown = frozenset(trace.data), frozenset(trace.pages)
        trace.data |= data
        trace.pages |= pages
        outer.checks += probe.checks
        outer.bound = outer.bound or probe.bound
        outer.local = outer.local or probe.local or seen.local
        if isinstance(scope, Watched):  # a snippet around it reads them too
            scope.names |= seen.names
            scope.local = scope.local or seen.local
    text = buffer.getvalue()
    if seen.local or probe.local or probe.bound or shown or len(trace.failures) > failed:
        return text, None
    kept = Shared(tuple(probe.checks), text, read, shown, tuple(trace.warnings[warned:]))
    return text, Snippet(kept, frozenset(seen.names))


@functools.lru_cache(maxsize=4096)  # asked at every render of a reusable, kept or not
def writes(text: str) -> bool:
    """Whether a snippet's source writes the page's scope: its text cannot be kept."""
    return WRITES.search(text) is not None
