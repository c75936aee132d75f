"""The Liquid environment: python-liquid 2 in docsite's modes, with its parse caches.

It holds what every render of a build shares (versions, data, parsed templates). What one
render reads and says travels in its `Trace`, in the render globals (`state.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO, TypeVar

from liquid import Environment, Mode
from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.template import BoundTemplate
from liquid.token import Token

from docsite.config import Registry, limits
from docsite.errors import DocsiteError, warning
from docsite.render.liquid.expressions import Cond
from docsite.render.liquid.lexer import TOKENIZE
from docsite.render.liquid.problems import ConditionError, LiquidErrors, located
from docsite.render.liquid.snippets import Snippets
from docsite.render.liquid.state import Trace, trace_of
from docsite.source.data import DataPathError, DataStore, DataValue
from docsite.source.features import Features

if TYPE_CHECKING:
    from liquid.context import RenderContext

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Parsed:
    """A template parsed once, and what its parse said (warnings, tolerances)."""

    template: BoundTemplate
    said: tuple[DocsiteError, ...]


class Tolerant(Node):
    """A top-level node of a non-strict file: a missing `site.data` key skips it, counted.

    `{% assign x = site.data.maybe %}{% if x %}` probed for data in GitHub's engine.
    """

    __slots__ = ("node", "origin")

    def __init__(self, node: Node, origin: tuple[str, str]) -> None:
        super().__init__(node.token)
        self.node, self.origin = node, origin
        self.blank = node.blank

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the node; a missing data key is tolerated, and the node writes no more."""
        try:
            return self.node.render(context, buffer)
        except DataPathError as err:
            err.token = err.token or self.token
            trace_of(context).tolerate(err, self.origin)
            return 0


class DocsEnvironment(Environment):
    """One per build (and per worker): holds the registry, the data and every parsed template."""

    loop_iteration_limit = limits.LOOP_ITERATIONS
    local_namespace_limit = limits.NAMESPACE_BYTES
    output_stream_limit = limits.OUTPUT_BYTES

    def __init__(
        self,
        registry: Registry,
        data: DataStore,
        features: Features | None = None,
        mode_of: Callable[[str], str] = lambda path: "strict",
    ) -> None:
        # python-liquid stays strict: lax Liquid here is the few things GitHub's engine
        # accepted, each tolerated in `tolerate`, not "drop whatever fails to parse".
        super().__init__(tolerance=Mode.STRICT)
        self.registry = registry
        self.data = data
        self.features = features or Features()
        self.mode_of = mode_of
        self.parsing = ("", "strict")  # the file being parsed, and its mode
        self.pending_warnings: list[ConditionError] = []
        self.pending_tolerated: list[LiquidError] = []
        self.pending_errors: list[LiquidError] = []  # strict: reported together after the parse
        self.conditions: dict[tuple[str, str], Cond] = {}
        self._data_templates: dict[tuple[str, str, int | None], Parsed] = {}
        self.snippets = Snippets()  # each reusable's distinct texts (`snippets.py`)

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """python-liquid's tokenizer with a faster rule for text (see `lexer.py`)."""
        return TOKENIZE

    def parse(self, source: str, path: str, trace: Trace) -> BoundTemplate:  # type: ignore[override]
        """Parse a template in its file's mode; its warnings and tolerances go to `trace`.

        In strict mode what lax Liquid would tolerate is an error, and every such error of the
        template is raised together (with the syntax error that stopped the parse, if any).
        """
        self.parsing = (path, self.mode_of(path))
        try:
            template = self.from_string(source, path=path)
        except LiquidError as err:
            if self.pending_errors:
                raise LiquidErrors(named([*self.pending_errors, err], path)) from None
            raise
        finally:
            trace.warnings += [warning(*located(w, path)) for w in self.pending_warnings]
            for problem in self.pending_tolerated:
                trace.tolerate(problem, self.parsing)
            errors = list(self.pending_errors)
            self.pending_warnings.clear()
            self.pending_tolerated.clear()
            self.pending_errors.clear()
            origin, self.parsing = self.parsing, ("", "strict")
        if errors:
            raise LiquidErrors(named(errors, path))
        if origin[1] != "strict":
            template.nodes = [Tolerant(node, origin) for node in template.nodes]
        return template

    def noted(self) -> int:
        """How many warnings, tolerances and errors this parse has noted so far."""
        return len(self.pending_warnings) + len(self.pending_tolerated) + len(self.pending_errors)

    def origin(self) -> tuple[str, str]:
        """The file being parsed and its mode, kept by nodes whose problems show at render."""
        return self.parsing

    def tolerate(self, error: LiquidError) -> None:
        """The one place strictness is applied at parse time: an error when strict, else noted.

        Either way the parse goes on, reading the text as lax Liquid would, so that one parse
        finds every such error of a template.
        """
        if self.parsing[1] == "strict":
            self.pending_errors.append(error)
        else:
            self.pending_tolerated.append(error)

    def forget(self, path: str) -> None:
        """Drop the parsed templates of a data file that changed, and every snippet's texts."""
        self._data_templates = {k: t for k, t in self._data_templates.items() if k[0] != path}
        self.snippets.clear()

    def data_template(self, value: DataValue, indent: int | None, trace: Trace) -> BoundTemplate:
        """Parse a data value once per process (trimmed, or indented for indented references)."""

        def source() -> str:
            if indent is None:
                return value.text.strip()
            return "\n".join(" " * indent + line for line in value.text.rstrip().split("\n"))

        key = (value.path, value.key, indent)
        return self.parse_once(self._data_templates, key, source, value.path, trace)

    def parse_once(
        self, cache: dict[K, Parsed], key: K, source: Callable[[], str], path: str, trace: Trace
    ) -> BoundTemplate:
        """A template parsed at its first use; every later use says the parse's warnings again.

        A warning belongs to each render that reads the template. Said only by the first, it
        would leave the report once that page changed, while other pages still read the file.
        """
        found = cache.get(key)
        if found is None:
            before = len(trace.warnings)
            template = self.parse(source(), path, trace)
            found = cache[key] = Parsed(template, tuple(trace.warnings[before:]))
        else:
            trace.warnings += found.said
        return found.template


def named(errors: list[LiquidError], path: str) -> list[LiquidError]:
    """Errors of a template, each naming the file it was parsed from."""
    for error in errors:
        error.template_name = error.template_name or path
    return errors
