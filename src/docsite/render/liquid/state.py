"""Per-render state: what one render read and said (`Trace`), reached by tags as render globals.

A page's render creates one `Trace` and passes it, with the site's page index, in the Liquid
globals; tags record into it, and the render returns it. Nothing is reset between pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from liquid.exceptions import LiquidError

from docsite.config import Version
from docsite.errors import DocsiteError, Location
from docsite.render.liquid.problems import tolerance

if TYPE_CHECKING:
    from liquid.context import RenderContext

# Per `if` of a file: (its place, its number of branches, {(branch taken, version name)}).
BranchLog = dict[tuple[str, int], tuple[Location, int, set[tuple[int, str]]]]
# Keys of the render globals; a space makes them names no template can write.
TRACE = "docsite trace"
INDEX = "docsite pages"


class Condition(Protocol):
    """A branch condition, decided for a render context."""

    def test(self, context: RenderContext) -> bool:
        """Decide it."""
        ...


@dataclass
class Probe:
    """The version reads of one render: the decisions they made, or that the text names it."""

    checks: list[tuple[Condition, bool]] = field(default_factory=list)
    bound: bool = False  # the version was read outside a condition
    local: bool = False  # a snippet read or wrote the page's own names (`snippets.py`)
    share: bool = True  # False renders every version (and every snippet) apart
    deciding: int = 0  # > 0 while a condition is being decided
    reads: int = 0  # version reads while deciding

    def read(self) -> None:
        """Note one read of a version global."""
        if self.deciding:
            self.reads += 1
        else:
            self.bound = True


@dataclass
class Trace:
    """What one render depended on and said: data files, other pages, branches, warnings."""

    data: set[str] = field(default_factory=set)  # data files read
    pages: set[str] = field(default_factory=set)  # pages whose title or intro it shows
    warnings: list[DocsiteError] = field(default_factory=list)
    branches: BranchLog | None = None  # only while `check` analyses version logic
    # Errors strict Liquid found while rendering, each reported once the field is rendered.
    failures: list[LiquidError] = field(default_factory=list)
    # While a template renders for sharing across versions: its version reads (`probe.py`).
    probe: Probe | None = None

    def nested(self) -> Trace:
        """A trace for a value computed once and shown by many renders.

        It keeps its own reads (each later render shows them too). Its warnings and branches
        go to the render that computed it; `Titles.remembered` says the warnings again in each
        render that shows the value.
        """
        return Trace(set(), set(), self.warnings, self.branches)

    def absorb(self, data: frozenset[str], pages: frozenset[str]) -> None:
        """Count a remembered value's reads as this render's."""
        self.data |= data
        self.pages |= pages

    def tolerate(self, problem: LiquidError, origin: tuple[str, str]) -> None:
        """Record something the file `origin` (path, mode) was allowed by its Liquid mode."""
        self.warnings.append(tolerance(problem, *origin))


@dataclass(frozen=True)
class LinkInfo:
    """What a link tag shows of its target in one version and language."""

    url: str
    title: str
    intro: str


class PageIndex(Protocol):
    """What link tags need from the site: a target page's URL, title and intro, or None."""

    def link_info(
        self, href: str, current: str, version: Version, language: str, trace: Trace, *, short: bool
    ) -> LinkInfo | None:
        """Resolve `href` as seen from the page file `current`; LookupError if it is no page."""
        ...


def trace_of(context: RenderContext) -> Trace:
    """The trace of the render a tag is part of."""
    found = context.globals[TRACE]
    assert isinstance(found, Trace)
    return found


def index_of(context: RenderContext) -> PageIndex:
    """The site's page index, for link tags."""
    return context.globals[INDEX]  # type: ignore[return-value]


def at_render(context: RenderContext, error: LiquidError, origin: tuple[str, str]) -> None:
    """A problem found while rendering a node parsed from `origin`: an error unless lax.

    The node writes nothing and the render goes on, so that it reports every such error.
    """
    trace = trace_of(context)
    if origin[1] == "strict":
        error.template_name = error.template_name or origin[0]
        trace.failures.append(error)
    else:
        trace.tolerate(error, origin)
