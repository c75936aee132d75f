"""The grammar of `ifversion`: plan and feature names, comparisons, `not`, `and`/`or`, groups.

GitHub's rules (`README.md`, "GitHub's `ifversion` rules"): `not` negates the single term after
it; `and` and `or` share one precedence and group from the right, as liquidjs groups them.
"""

from __future__ import annotations

from docsite.errors import did_you_mean
from docsite.render.liquid.expressions import Cond, Const, FeatureTest, Not, VersionTest
from docsite.render.liquid.grammar import MAX_DEPTH, Lexeme, Parser, fold_right
from docsite.render.liquid.problems import ConditionError

NEGATED = {"==": "!=", "!=": "=", "<": ">=", ">": "<=", "<=": ">", ">=": "<"}


class VersionParser(Parser):
    """The condition parser of `ifversion` (and its `elsif`)."""

    def ifversion(self) -> Cond:
        """The `ifversion` grammar: names, comparisons, `not`, parentheses, `and`/`or`."""
        cond = self.v_chain()
        self.done()
        return cond

    def v_chain(self) -> Cond:
        """`term ((and|or) term)*`, grouped from the right as liquidjs groups them."""
        starts = [self.pos]
        parts = [self.v_not()]
        ops: list[Lexeme] = []
        while (item := self.peek()) is not None and item.text in ("and", "or"):
            ops.append(self.take())
            starts.append(self.pos)
            parts.append(self.v_not())
        if len({op.text for op in ops}) > 1:
            self.warnings.append(
                ConditionError(
                    "`and` and `or` without parentheses",
                    ops[0].token,
                    f"GitHub's engine groups them from the right: {self.grouped(starts)}; "
                    "parentheses say which grouping is meant",
                )
            )
        return fold_right(parts, ops)

    def grouped(self, starts: list[int]) -> str:
        """The terms from `starts` on, with the parentheses of a grouping from the right."""
        ends = [*(start - 1 for start in starts[1:]), self.pos]  # each term ends before its op
        items = self.items
        terms = [" ".join(i.text for i in items[a:b]) for a, b in zip(starts, ends, strict=True)]
        ops = [items[start - 1].text for start in starts[1:]]
        text, grouped = terms[-1], False
        for term, op in zip(reversed(terms[:-1]), reversed(ops), strict=True):
            text, grouped = f"{term} {op} {f'({text})' if grouped else text}", True
        return f"`{text}`"

    def v_not(self) -> Cond:
        """`not term | term`: `not` negates the single term after it."""
        item = self.peek()
        if item is None or item.text != "not":
            return self.v_atom()
        token = self.take().token
        inner = self.v_not()
        if isinstance(inner, VersionTest) and inner.op:
            opposite = NEGATED[inner.op]
            self.warnings.append(
                ConditionError(
                    "GitHub's engine read `not` before a comparison as false in every version",
                    token,
                    f"write `{inner.token.value} {opposite} {inner.release}` instead",
                )
            )
        return Not(token, inner)

    def v_atom(self) -> Cond:
        """`( expr )`, or a plan with an optional comparison, or a feature name."""
        item = self.take()
        if item.text == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail(item, f"parentheses nest more than {MAX_DEPTH} deep", "unnest them")
            inner = self.v_chain()
            self.depth -= 1
            close = self.take()
            if close.text != ")":
                raise self.fail(close, f"expected `)`, found `{close.text}`")
            return inner
        if item.kind != "word":
            raise self.fail(item, f"expected a plan or feature name, found `{item.text}`")
        if self.features.get(item.text) is not None:
            return FeatureTest(item.token, item.text)
        plan = self.registry.plan(item.text)
        if plan is None:
            return self.unknown(item)
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

    def unknown(self, item: Lexeme) -> Cond:
        """A name that is no plan and no feature: an error; false where the mode tolerates it."""
        names = self.registry.plan_names() + self.features.names()
        hint = did_you_mean(item.text, names) or "names: " + ", ".join(names)
        self.tolerate(self.fail(item, f"unknown version or feature `{item.text}`", hint))
        return Const(item.token, False)  # as GitHub read a name nothing defined
