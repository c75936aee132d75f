"""The Liquid environment: python-liquid 2 with docsite's tags, filters and template caches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from liquid import Environment, Mode
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.template import BoundTemplate
from liquid.token import Token

from docsite import limits
from docsite.data import DataPathError, DataStore, DataValue
from docsite.errors import DocsiteError, Location, Tolerated, Warning_
from docsite.liquid.block_tags import DIV_TAGS
from docsite.liquid.conditional_tags import IfTag, IfversionTag, UnlessTag
from docsite.liquid.conditions import Cond, ConditionError
from docsite.liquid.data_tags import DataTag, IndentedDataReferenceTag
from docsite.liquid.lax_output import LaxOutput
from docsite.liquid.lexer import TOKENIZE
from docsite.liquid.link_tags import LINK_TAGS, PageIndex
from docsite.liquid.octicon_tag import OcticonTag
from docsite.versions import Registry, Version

BranchLog = dict[tuple[str, int], tuple[Location, int, set[tuple[int, str]]]]


def _located(problem: LiquidError, path: str) -> tuple[str, Location, str]:
    """A parse-time problem's message, place in `path` and hint."""
    token = problem.token
    assert token is not None
    where = Location.at_offset(path, token.source, token.start_index, len(token.value))
    return str(problem.message), where, str(getattr(problem, "hint", ""))


def version_num(value: object) -> str:
    """`enterprise-server@3.0` -> `3.0`."""
    return str(value).rpartition("@")[2]


class DocsEnvironment(Environment):
    """One per build (and per worker): holds the registry, the data and every parsed template."""

    loop_iteration_limit = limits.LOOP_ITERATIONS
    local_namespace_limit = limits.NAMESPACE_BYTES
    output_stream_limit = limits.OUTPUT_BYTES

    def __init__(
        self,
        registry: Registry,
        data: DataStore,
        features: dict[str, Callable[[Version], bool]] | None = None,
        mode_of: Callable[[str], str] = lambda path: "strict",
    ) -> None:
        # python-liquid stays strict: lax Liquid here is the few things GitHub's engine
        # accepted, each tolerated in `tolerate`, not "drop whatever fails to parse".
        super().__init__(tolerance=Mode.STRICT)
        self.registry = registry
        self.data = data
        self.features = features or {}
        self.mode_of = mode_of
        self.mode_now = "strict"
        self.path_now = ""
        self.rendering = ("", "strict")  # the file whose template renders now, and its mode
        self.pages: PageIndex | None = None
        self.pending_warnings: list[ConditionError] = []
        self.pending_tolerated: list[LiquidError] = []
        # `check` sets this to note, per `if` of a file, (its place, branches, {(taken, version)}).
        self.branch_log: BranchLog | None = None
        self.conditions: dict[tuple[str, str], Cond] = {}
        self.warnings: list[DocsiteError] = []
        self._data_templates: dict[tuple[str, str, int | None], BoundTemplate] = {}
        tags: list[type[Tag]] = [
            IfTag,
            UnlessTag,
            IfversionTag,
            DataTag,
            IndentedDataReferenceTag,
            OcticonTag,
        ]
        for tag in tags + DIV_TAGS + LINK_TAGS:
            self.add_tag(tag)
        self.add_tag(LaxOutput)
        self.add_filter("version_num", version_num)

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """python-liquid's tokenizer with a faster rule for text (see `lexer.py`)."""
        return TOKENIZE

    def parse(self, source: str, path: str) -> BoundTemplate:  # type: ignore[override]
        """Parse a template once, in its file's mode; warnings and tolerances are located."""
        self.mode_now, self.path_now = self.mode_of(path), path
        try:
            return self.from_string(source, path=path)
        finally:
            for warning in self.pending_warnings:
                self.warnings.append(Warning_(*_located(warning, path)))
            for problem in self.pending_tolerated:
                self.tolerated(problem, path, self.mode_now)
            self.pending_warnings.clear()
            self.pending_tolerated.clear()
            self.mode_now, self.path_now = "strict", ""

    def origin(self) -> tuple[str, str]:
        """The file being parsed and its mode, kept by nodes whose problems show at render."""
        return self.path_now, self.mode_now

    def at_render(self, error: LiquidError, origin: tuple[str, str]) -> None:
        """A problem found while rendering a node parsed from `origin`: raise unless lax."""
        path, mode = origin
        if mode == "strict":
            raise error
        self.tolerated(error, path, mode)

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        """python-liquid's hook for an error in a top-level node: lax skips a missing data key.

        `{% assign x = site.data.maybe %}{% if x %}` probed for data in GitHub's engine.
        """
        if isinstance(exc, DataPathError) and self.rendering[1] != "strict":
            exc.token = exc.token or token
            self.tolerated(exc, *self.rendering)
            return
        super().error(exc, msg, token)

    def tolerated(self, problem: LiquidError, path: str, mode: str) -> None:
        """Report something tolerated: a warning in `warn` mode, counted in `lax` mode."""
        message, where, hint = _located(problem, path)
        kind = Warning_ if mode == "warn" else Tolerated
        self.warnings.append(kind(f"{message} (tolerated in {mode} Liquid)", where, hint))

    def tolerate(self, error: LiquidError) -> None:
        """The one place strictness is applied: raise when strict, else note and go on."""
        if self.mode_now == "strict":
            raise error
        self.pending_tolerated.append(error)

    def forget(self, path: str) -> None:
        """Drop the parsed templates of a data file that changed."""
        self._data_templates = {k: t for k, t in self._data_templates.items() if k[0] != path}

    def data_template(self, value: DataValue, indent: int | None) -> BoundTemplate:
        """Parse a data value once per process (trimmed, or indented for indented references)."""
        key = (value.path, value.key, indent)
        template = self._data_templates.get(key)
        if template is None:
            text = value.text.strip()
            if indent is not None:
                text = "\n".join(" " * indent + line for line in value.text.rstrip().split("\n"))
            template = self.parse(text, value.path)
            self._data_templates[key] = template
        return template
