"""Which versions render a template to the same text: the version decisions of one render.

A render's output is a function of what it reads. Of the render globals only a few name the
version (`currentVersion`, `currentVersionObj`, the plan flag such as `ghes`); the page, the
language and the data are the same in every version. So while a template renders, every read
of those globals is noted in the render's `Probe`:

- read while an `if`, `elsif`, `unless` or `ifversion` decides a branch, by a condition that
  reads no local variable, it is the decision that counts: the condition and its outcome are
  recorded, and another version that decides every recorded condition the same way takes the
  same path through the template and writes the same text;
- read anywhere else (`{{ currentVersion }}`, a link tag, a loop over versions, a condition on
  a loop variable), the text names the version: it is this version's own (`bound`).

`Shared.holds` decides the recorded conditions for another version without rendering.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docsite.errors import DocsiteError
from docsite.render.liquid.expressions import Binary, Cond, Not, Var
from docsite.render.liquid.state import TRACE, Condition, Trace, trace_of

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.template import BoundTemplate

VERSION_GLOBALS = frozenset(("currentVersion", "currentVersionObj"))


class VersionedGlobals(dict[str, object]):
    """Render globals that tell the render's probe when a version global is read."""

    __slots__ = ("trace", "versioned")

    def __init__(self, values: Mapping[str, Any], versioned: frozenset[str], trace: Trace) -> None:
        super().__init__(values)
        self.versioned, self.trace = versioned, trace

    def __getitem__(self, key: str) -> object:
        if key in self.versioned:  # read even when absent: `ghes` is missing in `fpt`
            probe = self.trace.probe  # the innermost render's: a snippet has its own
            if probe is not None:
                probe.read()
        return dict.__getitem__(self, key)

    def get(self, key: str, default: object = None) -> object:
        """`dict.get`, noting a version read as `[]` does."""
        try:
            return self[key]
        except KeyError:
            return default


class Decided(Cond):
    """A branch condition that records its outcome when it reads the version."""

    __slots__ = ("inner", "names")

    def __init__(self, inner: Cond) -> None:
        super().__init__(inner.token)
        self.inner = inner
        self.names = frozenset(names_of(inner))

    def test(self, context: RenderContext) -> bool:
        """Decide the inner condition; record it in the render's probe if it read the version."""
        probe = trace_of(context).probe
        if probe is None:
            return self.inner.test(context)
        probe.deciding += 1
        before = probe.reads
        try:
            outcome = self.inner.test(context)
        finally:
            probe.deciding -= 1
        if probe.reads != before:
            if self.names and any(self.names & scope.keys() for scope in local_scopes(context)):
                probe.bound = True  # a loop variable or an assign: not decidable elsewhere
            else:
                probe.checks.append((self.inner, outcome))
        return outcome


def names_of(cond: object) -> Iterator[str]:
    """The variable names a condition reads (every segment of every path)."""
    if isinstance(cond, Var):
        yield from (str(part) for part in cond.value)  # type: ignore[attr-defined]
    elif isinstance(cond, Not):
        yield from names_of(cond.inner)
    elif isinstance(cond, Binary):
        yield from names_of(cond.left)
        yield from names_of(cond.right)


def local_scopes(context: RenderContext) -> Iterator[Mapping[str, object]]:
    """The scopes above the render globals: assigns, captures, loop variables, arguments."""
    for scope in context.scope._maps:  # python-liquid keeps the chain private
        if scope is context.globals:
            return
        yield scope


@dataclass(frozen=True)
class Shared:
    """One render's text and what it read, with the version decisions that fixed the text."""

    checks: tuple[tuple[Condition, bool], ...]
    text: str
    data: frozenset[str]
    pages: frozenset[str]
    warnings: tuple[DocsiteError, ...]

    def holds(self, template: BoundTemplate, values: Mapping[str, Any]) -> bool:
        """Whether a render with these globals decides every recorded condition the same way."""
        if not self.checks:
            return True
        scratch = Trace(set(), set(), [])  # what deciding reads (a feature file) is recorded
        context = template.context_class(template, globals={**values, TRACE: scratch})
        try:
            return all(cond.test(context) == outcome for cond, outcome in self.checks)
        except Exception:  # deciding failed here: render it, and let it say why
            return False
