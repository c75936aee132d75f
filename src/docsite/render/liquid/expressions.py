"""The conditions of `if`, `unless` and `ifversion`, as nodes that decide for a render context."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

from liquid.expression import Expression
from liquid.token import Token
from liquid.undefined import Undefined

from docsite.config.versions import Version, release_key
from docsite.render.liquid.state import trace_of
from docsite.source.features import Features

if TYPE_CHECKING:
    from liquid.context import RenderContext

VERSION_OPS = ("ver_gt", "ver_lt")


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

    __slots__ = ("inner",)  # the condition it negates: `not` binds to the term after it

    def __init__(self, token: Token, inner: Cond) -> None:
        super().__init__(token)  # the `not` (or `unless`) token
        self.inner = inner

    def test(self, context: RenderContext) -> bool:
        """The opposite of the inner condition."""
        return not self.inner.test(context)


class Binary(Cond):
    """`left op right`: the shape of `and`/`or` and of comparisons."""

    __slots__ = ("left", "op", "right")

    def __init__(self, token: Token, op: str, left: Any, right: Any) -> None:
        super().__init__(token)
        self.op, self.left, self.right = op, left, right


class Logic(Binary):
    """`and` / `or` of two conditions."""

    __slots__ = ()
    left: Cond
    right: Cond

    def test(self, context: RenderContext) -> bool:
        """Short-circuit evaluation."""
        if self.op == "and":
            return self.left.test(context) and self.right.test(context)
        return self.left.test(context) or self.right.test(context)


class Compare(Binary):
    """`left op right` with Liquid's comparison operators plus `ver_gt` / `ver_lt`."""

    __slots__ = ()
    left: Const
    right: Const

    def test(self, context: RenderContext) -> bool:
        """Compare the two operands."""
        return compare(self.op, self.left.get(context), self.right.get(context))


class VersionTest(Cond):
    """`ifversion` atom: `fpt`, `ghes > 3.0`."""

    __slots__ = ("op", "plan", "release")

    def __init__(self, token: Token, plan: str, op: str = "", release: str = "") -> None:
        super().__init__(token)
        self.plan, self.op, self.release = plan, op, release

    def test(self, context: RenderContext) -> bool:
        """Decide against the version being rendered."""
        version: Version = context.resolve("currentVersionObj")
        if version.plan != self.plan:
            return self.op == "!="
        if not self.op:
            return True
        return compare(self.op, release_key(version.release), release_key(self.release))


class FeatureTest(Const):
    """A feature name (`data/features/NAME.yml`): true in the versions the feature is in.

    Looked up at render time, so an edited feature file needs no new parse; the file counts
    as read by the render.
    """

    def get(self, context: RenderContext) -> object:
        """Whether the feature is in the version being rendered."""
        feature = cast("FeatureSource", context.env).features.get(str(self.value))
        if feature is None:  # gone since the parse: as GitHub read an undefined name
            return False
        if feature.path:
            trace_of(context).data.add(feature.path)
        return feature(context.resolve("currentVersionObj"))


class FeatureSource(Protocol):
    """The environment's features."""

    features: Features


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
