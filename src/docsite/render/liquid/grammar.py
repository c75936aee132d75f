"""The grammar of conditions: Liquid's with `ver_gt`/`ver_lt`, and `ifversion`'s; validated."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from liquid.token import Token

from docsite.config.versions import Registry, release_key
from docsite.errors import did_you_mean
from docsite.render.liquid.expressions import (
    VERSION_OPS,
    Compare,
    Cond,
    Const,
    FeatureTest,
    Logic,
    Var,
)
from docsite.render.liquid.problems import ConditionError
from docsite.source.features import Features

LEX = re.compile(
    r"""(?P<ws>\s+)|(?P<str>"[^"]*"|'[^']*')|(?P<num>-?\d+(?:\.\d+)*)
    |(?P<op>==|!=|<>|<=|>=|<|>|=|\(|\)|&&|\|\|)
    |(?P<word>[A-Za-z_][\w\-]*(?:\.[\w\-]+|\[\d+\]|\["[^"]*"\]|\['[^']*'\])*\??)|(?P<bad>.)""",
    re.X,
)
COMPARE_OPS = ("==", "!=", "<>", "<", ">", "<=", ">=", "contains", *VERSION_OPS)
KEYWORDS = {"true": True, "false": False, "nil": None, "null": None}
MAX_DEPTH = 32  # parentheses in one condition


@dataclass(frozen=True)
class Lexeme:
    """One token of a condition: its kind, text and a Liquid token locating it in the source."""

    kind: str
    text: str
    token: Token


def lex(expr: Token) -> list[Lexeme]:
    """Split a tag's expression into lexemes that remember their place in the file."""
    out = []
    for m in LEX.finditer(expr.value):
        kind = m.lastgroup or "bad"
        if kind != "ws":
            where = Token(expr.kind, m.group(), expr.start_index + m.start(), expr.source)
            out.append(Lexeme(kind, m.group(), where))
    return out


class Parser:
    """Recursive-descent parser over a condition's lexemes."""

    def __init__(
        self,
        expr: Token,
        registry: Registry,
        features: Features,
        warnings: list[ConditionError] | None = None,
        tolerate: Callable[[ConditionError], None] | None = None,
    ) -> None:
        self.warnings = warnings if warnings is not None else []
        self.tolerate = tolerate or _raise
        self.items = lex(expr)
        self.pos = 0
        self.expr = expr
        self.registry = registry
        self.features = features
        self.depth = 0  # parentheses open now

    def peek(self) -> Lexeme | None:
        """The next lexeme, or None at the end."""
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> Lexeme:
        """Consume the next lexeme; error at the end of the condition."""
        item = self.peek()
        if item is None:
            end = Token(
                self.expr.kind, " ", self.expr.start_index + len(self.expr.value), self.expr.source
            )
            raise ConditionError("condition ends too early", end)
        self.pos += 1
        return item

    def fail(self, item: Lexeme, message: str, hint: str = "") -> ConditionError:
        """Build an error pointing at one lexeme."""
        if item.text in ("&&", "||"):
            hint = "write `and` / `or`; Liquid has no `&&` or `||`"
        return ConditionError(message, item.token, hint)

    def done(self) -> None:
        """Require the end of the condition; liquidjs ignored what followed a whole one."""
        item = self.peek()
        if item is not None:
            hint = (
                "there is an extra `if`: write `or currentVersion ...`"
                if item.text == "if"
                else "join conditions with `and` or `or`"
            )
            self.tolerate(self.fail(item, f"unexpected `{item.text}` in condition", hint))
            self.pos = len(self.items)

    # -- 2021 Liquid conditions ------------------------------------------------------------
    def liquid(self) -> Cond:
        """`cmp (and|or cmp)*`, folded from the right as Liquid does."""
        parts = [self.comparison()]
        ops: list[Lexeme] = []
        while (item := self.peek()) is not None and item.text in ("and", "or"):
            ops.append(self.take())
            parts.append(self.comparison())
        self.done()
        return fold_right(parts, ops)

    def comparison(self) -> Cond:
        """`operand [op operand]`, validating version names against the registry."""
        left = self.operand()
        item = self.peek()
        if item is None or item.text not in COMPARE_OPS:
            return left
        op = self.take()
        right = self.operand()
        self.check_versions(op.text, left, right)
        return Compare(op.token, op.text, left, right)

    def operand(self) -> Const:
        """A string, number, keyword or variable path."""
        item = self.take()
        if item.kind == "str":
            return Const(item.token, item.text[1:-1])
        if item.kind == "num":
            return Const(item.token, float(item.text) if "." in item.text else int(item.text))
        if item.kind == "word" and item.text in KEYWORDS:
            return Const(item.token, KEYWORDS[item.text])
        if item.kind == "word" and item.text in self.features.found:
            return FeatureTest(item.token, item.text)  # `{% if my-feature %}`
        if item.kind == "word" and item.text not in ("and", "or", "if", "contains", *VERSION_OPS):
            return Var(item.token, tuple(_path(item.text)))
        if item.text == "if":  # `a or if b`: to liquidjs `if` was a name with no value
            hint = "there is an extra `if`: write `or currentVersion ...`"
            self.tolerate(self.fail(item, "expected a value, found `if`", hint))
            self.pos = len(self.items)  # the rest is ignored, as liquidjs ignored it
            return Const(item.token, None)
        raise self.fail(item, f"expected a value, found `{item.text}`")

    def check_versions(self, op: str, left: Const, right: Const) -> None:
        """A version literal compared with `currentVersion` must name a real version."""
        for var, lit in ((left, right), (right, left)):
            if (
                type(var) is Var
                and var.value == ("currentVersion",)
                and type(lit) is Const
                and isinstance(lit.value, str)
            ):
                name = (
                    lit.value
                    if "@" in lit.value or op not in VERSION_OPS
                    else (f"enterprise-server@{lit.value}")
                )
                if self.registry.is_known_id(name):
                    continue
                plan = self.registry.plan(name.partition("@")[0])
                if op in VERSION_OPS and plan is not None and release_key(name.partition("@")[2]):
                    self.warnings.append(
                        ConditionError(
                            f"{lit.value!r} is not a release; comparing by number",
                            lit.token,
                            self.version_hint(name),
                        )
                    )
                    continue
                self.tolerate(  # to liquidjs a version was a string: equal to none
                    ConditionError(
                        f"unknown version {lit.value!r}", lit.token, self.version_hint(name)
                    )
                )

    def version_hint(self, name: str) -> str:
        """Suggest the closest real version id."""
        known = [f"{p.name}@{r}" for p in self.registry.plans for r in p.known_releases()]
        close = did_you_mean(name, known, cutoff=0.5, quote="'")
        return close or "versions: " + ", ".join(known[:8])

    # -- ifversion ---------------------------------------------------------------------------


def fold_right(parts: list[Cond], ops: list[Lexeme]) -> Cond:
    """`a and b or c` as `a and (b or c)`: Liquid's `and`/`or` group from the right."""
    result = parts[-1]
    for op, left in zip(reversed(ops), reversed(parts[:-1]), strict=True):
        result = Logic(op.token, op.text, left, result)
    return result


def _raise(error: ConditionError) -> None:
    raise error


def _path(text: str) -> Sequence[object]:
    parts: list[object] = []
    for m in re.finditer(r"\[(\d+)\]|\[[\"']([^\"']*)[\"']\]|([^.\[\]]+)", text):
        index, quoted, name = m.groups()
        parts.append(int(index) if index is not None else (quoted if quoted is not None else name))
    return parts
