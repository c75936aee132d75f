"""Conditions of `if`/`unless` (Liquid, `ver_gt`, `ver_lt`) and of `ifversion`, validated."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liquid.exceptions import LiquidSyntaxError
from liquid.expression import Expression
from liquid.token import Token
from liquid.undefined import Undefined

from docsite.versions import Registry, Version, release_key

if TYPE_CHECKING:
    from liquid.context import RenderContext

LEX = re.compile(
    r"""(?P<ws>\s+)|(?P<str>"[^"]*"|'[^']*')|(?P<num>-?\d+(?:\.\d+)*)
    |(?P<op>==|!=|<>|<=|>=|<|>|=|\(|\)|&&|\|\|)
    |(?P<word>[A-Za-z_][\w\-]*(?:\.[\w\-]+|\[\d+\]|\["[^"]*"\]|\['[^']*'\])*\??)|(?P<bad>.)""",
    re.X,
)
VERSION_OPS = ("ver_gt", "ver_lt")
COMPARE_OPS = ("==", "!=", "<>", "<", ">", "<=", ">=", "contains", *VERSION_OPS)
KEYWORDS = {"true": True, "false": False, "nil": None, "null": None}


class ConditionError(LiquidSyntaxError):
    """A condition that does not parse or names a version that does not exist."""

    def __init__(self, message: str, token: Token, hint: str = "") -> None:
        super().__init__(message, token=token)
        self.hint = hint


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


class Cond(Expression):
    """A condition node; `test` decides it for a render context."""

    def evaluate(self, context: RenderContext) -> object:
        """Evaluate to a Python bool."""
        return self.test(context)

    def test(self, context: RenderContext) -> bool:
        """Decide the condition."""
        raise NotImplementedError

    def children(self) -> Iterable[Expression]:
        """Conditions expose no child expressions to static analysis."""
        return []


class Const(Cond):
    """A literal operand."""

    __slots__ = ("value",)

    def __init__(self, token: Token, value: object) -> None:
        super().__init__(token)
        self.value = value

    def get(self, context: RenderContext) -> object:
        """The literal value."""
        return self.value

    def test(self, context: RenderContext) -> bool:
        """Liquid truthiness of the value."""
        return truthy(self.get(context))


class Var(Const):
    """A variable path such as `page.title` or `site.data.x[0]`."""

    def get(self, context: RenderContext) -> object:
        """Look the path up in the render context (undefined is None)."""
        return context.get(list(self.value), token=self.token, default=None)  # type: ignore[call-overload]


class Not(Cond):
    """Negation (`unless`, `ifversion not ...`)."""

    __slots__ = ("inner",)

    def __init__(self, token: Token, inner: Cond) -> None:
        super().__init__(token)
        self.inner = inner

    def test(self, context: RenderContext) -> bool:
        """The opposite of the inner condition."""
        return not self.inner.test(context)


class Logic(Cond):
    """`and` / `or` of two conditions."""

    __slots__ = ("left", "op", "right")

    def __init__(self, token: Token, op: str, left: Cond, right: Cond) -> None:
        super().__init__(token)
        self.op, self.left, self.right = op, left, right

    def test(self, context: RenderContext) -> bool:
        """Short-circuit evaluation."""
        if self.op == "and":
            return self.left.test(context) and self.right.test(context)
        return self.left.test(context) or self.right.test(context)


class Compare(Cond):
    """`left op right` with Liquid's comparison operators plus `ver_gt` / `ver_lt`."""

    __slots__ = ("left", "op", "right")

    def __init__(self, token: Token, op: str, left: Const, right: Const) -> None:
        super().__init__(token)
        self.op, self.left, self.right = op, left, right

    def test(self, context: RenderContext) -> bool:
        """Compare the two operands."""
        return compare(self.op, self.left.get(context), self.right.get(context))


class VersionTest(Cond):
    """`ifversion` atom: `fpt`, `ghes > 3.0`, or a feature name."""

    __slots__ = ("feature", "op", "plan", "release")

    def __init__(
        self,
        token: Token,
        plan: str,
        op: str = "",
        release: str = "",
        feature: Callable[[Version], bool] | None = None,
    ) -> None:
        super().__init__(token)
        self.plan, self.op, self.release, self.feature = plan, op, release, feature

    def test(self, context: RenderContext) -> bool:
        """Decide against the version being rendered."""
        version: Version = context.resolve("currentVersionObj")
        if self.feature is not None:
            return self.feature(version)
        if version.plan != self.plan:
            return self.op == "!="
        if not self.op:
            return True
        return compare(self.op, release_key(version.release), release_key(self.release))


def truthy(value: object) -> bool:
    """Liquid truthiness: only false, nil and undefined are false."""
    return value is not None and value is not False and not isinstance(value, Undefined)


def compare(op: str, left: Any, right: Any) -> bool:
    """Liquid comparison semantics; mismatched types compare false."""
    try:
        if op == "==":
            return bool(left == right)
        if op in ("!=", "<>"):
            return bool(left != right)
        if op == "contains":
            return _contains(left, right)
        if op in VERSION_OPS:
            return _version_compare(op, left, right)
        return bool(
            {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]
        )
    except TypeError:
        return False


def _contains(left: object, right: object) -> bool:
    if isinstance(left, str):
        return isinstance(right, str) and right in left
    if isinstance(left, list | tuple | dict | set | frozenset):
        return right in left
    return False


def _split_version(value: object) -> tuple[str, tuple[int, ...]] | None:
    if not isinstance(value, str):
        return None
    plan, at, release = value.rpartition("@")
    plan = plan if at else "enterprise-server"
    return (plan, release_key(release)) if release_key(release) else None


def _version_compare(op: str, left: object, right: object) -> bool:
    a, b = _split_version(left), _split_version(right)
    if a is None or b is None or a[0] != b[0]:
        return False
    return a[1] > b[1] if op == "ver_gt" else a[1] < b[1]


class Parser:
    """Recursive-descent parser over a condition's lexemes."""

    def __init__(
        self,
        expr: Token,
        registry: Registry,
        features: dict[str, Callable[[Version], bool]],
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
        result = parts[-1]
        for op, left in zip(reversed(ops), reversed(parts[:-1]), strict=True):
            result = Logic(op.token, op.text, left, result)
        return result

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
        if item.kind == "word" and item.text not in ("and", "or", "if", "contains", *VERSION_OPS):
            return Var(item.token, tuple(_path(item.text)))
        hint = "there is an extra `if`: write `or currentVersion ...`" if item.text == "if" else ""
        raise self.fail(item, f"expected a value, found `{item.text}`", hint)

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
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        return f"did you mean {close[0]!r}?" if close else "versions: " + ", ".join(known[:8])

    # -- ifversion ---------------------------------------------------------------------------
    def ifversion(self) -> Cond:
        """`or`-expression of the `ifversion` grammar, with parentheses and `not`."""
        cond = self.v_or()
        self.done()
        return cond

    def v_or(self) -> Cond:
        """`and-expr (or and-expr)*`."""
        left = self.v_and()
        while (item := self.peek()) is not None and item.text == "or":
            left = Logic(self.take().token, "or", left, self.v_and())
        return left

    def v_and(self) -> Cond:
        """`unary (and unary)*`."""
        left = self.v_not()
        while (item := self.peek()) is not None and item.text == "and":
            left = Logic(self.take().token, "and", left, self.v_not())
        return left

    def v_not(self) -> Cond:
        """`not unary | primary`."""
        item = self.peek()
        if item is not None and item.text == "not":
            return Not(self.take().token, self.v_not())
        return self.v_atom()

    def v_atom(self) -> Cond:
        """`( expr )`, or a plan with an optional comparison, or a feature name."""
        item = self.take()
        if item.text == "(":
            inner = self.v_or()
            close = self.take()
            if close.text != ")":
                raise self.fail(close, f"expected `)`, found `{close.text}`")
            return inner
        if item.kind != "word":
            raise self.fail(item, f"expected a plan or feature name, found `{item.text}`")
        if item.text in self.features:
            return VersionTest(item.token, item.text, feature=self.features[item.text])
        plan = self.registry.plan(item.text)
        if plan is None:
            names = self.registry.plan_names() + sorted(self.features)
            similar = difflib.get_close_matches(item.text, names, n=1)
            hint = f"did you mean `{similar[0]}`?" if similar else "names: " + ", ".join(names)
            raise self.fail(item, f"unknown version or feature `{item.text}`", hint)
        nxt = self.peek()
        if nxt is None or nxt.text not in ("=", "==", "!=", "<", ">", "<=", ">="):
            return VersionTest(item.token, plan.name)
        op = self.take()
        release = self.take()
        if not plan.numbered:
            raise self.fail(op, f"`{plan.short}` has no numbered releases to compare")
        if release.text not in plan.known_releases():
            raise self.fail(
                release,
                f"unknown {plan.short} release `{release.text}`",
                "releases: " + ", ".join(plan.known_releases()[:10]),
            )
        return VersionTest(item.token, plan.name, "==" if op.text == "=" else op.text, release.text)


def _raise(error: ConditionError) -> None:
    raise error


def _path(text: str) -> Sequence[object]:
    parts: list[object] = []
    for m in re.finditer(r"\[(\d+)\]|\[[\"']([^\"']*)[\"']\]|([^.\[\]]+)", text):
        index, quoted, name = m.groups()
        parts.append(int(index) if index is not None else (quoted if quoted is not None else name))
    return parts
