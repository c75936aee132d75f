"""`docsite migrate`: rewrite 2021 version conditions as `ifversion`, proven equal.

`{% if currentVersion == "free-pro-team@latest" %}` becomes `{% ifversion fpt %}`,
`currentVersion ver_gt "enterprise-server@2.21"` becomes `ghes > 2.21`, `!=` becomes `not` (or
`!=` for a release), `enterpriseServerVersions contains currentVersion` becomes `ghes`, and
`and`/`or` keep their grouping. GitHub did this by script in mid-2021; docsite proves each
rewrite: the old and the new condition are rendered in every version the site publishes, and a
block is rewritten only where every branch agrees in every one. Anything else that reads the
version is left as written and listed.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from liquid.exceptions import LiquidError
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.config import Registry, SiteConfig, load_config
from docsite.errors import DocsiteError, Location, UsageError
from docsite.render.liquid import environment
from docsite.render.liquid.expressions import Compare, Cond, Const, Logic, Not, Var
from docsite.render.liquid.grammar import Parser
from docsite.render.liquid.lexer import TOKENIZE
from docsite.render.liquid.state import TRACE, Trace
from docsite.source.data import DataStore
from docsite.source.features import Features

HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
VERSION_WORDS = re.compile(r"\b(currentVersion|enterpriseServerVersions)\b")
NESTED = {"if", "unless", "ifversion", "for", "case", "capture", "tablerow", "comment"}


@dataclass
class Block:
    """An open block tag; for an `if`, its branch tags (name token, expression token)."""

    name: str
    branches: list[tuple[Token, Token | None]]


class Migrator:
    """Translates one condition at a time, and proves the translation in every version."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.env = environment(registry, DataStore({}))
        self.done: dict[str, str | None] = {}

    def condition(self, expr: str) -> str | None:
        """The `ifversion` form of a 2021 condition, or None where there is no equal one."""
        if expr not in self.done:
            self.done[expr] = self.translate(expr)
        return self.done[expr]

    def translate(self, expr: str) -> str | None:
        """The candidate, kept only if it takes the old branch in every published version."""
        token = Token(TOKEN_EXPRESSION, expr, 0, expr)
        try:
            written = self.text(Parser(token, self.registry, Features()).liquid())
            versions = self.registry.versions
            if written is None or not all(self.same(expr, written, v) for v in versions):
                return None
        except LiquidError:
            return None
        return written

    def same(self, old: str, new: str, version: object) -> bool:
        """Whether both conditions take the same branch in a version (rendered for real)."""
        results = []
        for tag, cond in (("if", old), ("ifversion", new)):
            source = f"{{% {tag} {cond} %}}1{{% else %}}0{{% endif %}}"
            context = self.globals(version)
            results.append(self.env.parse(source, "migrate", Trace()).render(**context))
        return results[0] == results[1]

    def globals(self, version: object) -> dict[str, object]:
        """What a condition on versions reads."""
        ghes = self.registry.plan("enterprise-server")
        supported = list(ghes.releases) if ghes else []
        return {
            "currentVersion": getattr(version, "id", ""),
            "currentVersionObj": version,
            "enterpriseServerVersions": [f"enterprise-server@{r}" for r in supported],
            TRACE: Trace(),
        }

    def text(self, cond: Cond) -> str | None:
        """The `ifversion` words for a condition tree, or None for one it cannot express."""
        if isinstance(cond, Logic):
            left, right = self.text(cond.left), self.text(cond.right)
            if left is None or right is None:
                return None
            if isinstance(cond.right, Logic) and cond.right.op != cond.op:
                right = f"({right})"
            return f"{left} {cond.op} {right}"
        if isinstance(cond, Not):
            inner = self.text(cond.inner)
            return None if inner is None or " " in inner else f"not {inner}"
        if isinstance(cond, Compare):
            return self.comparison(cond)
        return None

    def comparison(self, cond: Compare) -> str | None:
        """One comparison of the current version as `fpt`, `not fpt`, `ghes > 2.21`, `ghes`."""
        left, right = cond.left, cond.right
        if cond.op == "contains" and _var(left) == "enterpriseServerVersions":
            return "ghes" if _var(right) == "currentVersion" else None
        if _var(left) != "currentVersion" or type(right) is not Const:
            return None
        plan_name, _, release = str(right.value).rpartition("@")
        plan = self.registry.plan(plan_name or "enterprise-server")
        if plan is None or release in ("", "next"):
            return None
        if not plan.numbered:
            return {"==": plan.short, "!=": f"not {plan.short}"}.get(cond.op)
        op = {"==": "=", "!=": "!=", "ver_gt": ">", "ver_lt": "<"}.get(cond.op)
        return f"{plan.short} {op} {release}" if op else None


def _var(operand: object) -> str:
    """A variable operand's dotted path; "" for anything else."""
    if type(operand) is not Var:
        return ""
    return ".".join(str(part) for part in operand.value)  # type: ignore[attr-defined]


def rewrite(text: str, display: str, migrator: Migrator) -> tuple[str, list[DocsiteError]]:
    """A file's text with each provable version `if` block rewritten; the places left as are."""
    blanked = HTML_COMMENT.sub(lambda m: " " * len(m.group()), text)
    edits: list[tuple[int, int, str]] = []
    left: list[DocsiteError] = []
    stack: list[Block] = []
    tokens = list(TOKENIZE(blanked))
    for index, token in enumerate(tokens):
        if token.kind != TOKEN_TAG:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        expr = following if following is not None and following.kind == TOKEN_EXPRESSION else None
        name, top = token.value, stack[-1].name if stack else ""
        if top == "comment" and name != "endcomment":
            continue  # tags in a comment are text
        if name in NESTED:
            stack.append(Block(name, [(token, expr)]))
        elif name in ("elsif", "else") and top == "if":
            stack[-1].branches.append((token, expr))
        elif stack and closes(name, top):
            block = stack.pop()
            if block.name == "if":
                edits += migrate_block(block, text, display, migrator, left)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text, left


def closes(name: str, top: str) -> bool:
    """Whether an end tag closes the innermost open block (`endif` also closes `ifversion`)."""
    return name == f"end{top}" or (top == "ifversion" and name == "endif")


def migrate_block(
    block: Block,
    text: str,
    display: str,
    migrator: Migrator,
    left: list[DocsiteError],
) -> list[tuple[int, int, str]]:
    """The edits of one `if` block whose every condition has an equal `ifversion` form."""
    conditions = [expr for tag, expr in block.branches if tag.value != "else" and expr]
    if not any(VERSION_WORDS.search(e.value) for e in conditions):
        return []  # not about versions: not this command's business
    edits = []
    for expr in conditions:
        new = migrator.condition(expr.value)
        if new is None:
            where = Location.at_offset(display, text, expr.start_index, len(expr.value))
            left.append(
                DocsiteError(
                    "left as written: no `ifversion` condition is equal in every version",
                    where,
                    "rewrite it by hand, or leave it: `if` keeps working",
                    "warning",
                )
            )
            return []
        edits.append((expr.start_index, expr.start_index + len(expr.value), new))
    first = block.branches[0][0]
    edits.append((first.start_index, first.start_index + 2, "ifversion"))
    return edits


def files(root: Path, config: SiteConfig) -> list[Path]:
    """Every source file with Liquid: pages, reusables and variables, of every language."""
    bases = [root] + [root / lang.source for lang in config.languages if lang.source]
    found: list[Path] = []
    for base in bases:
        found += sorted((base / "content").rglob("*.md"))
        found += sorted((base / "data").rglob("*.md")) + sorted((base / "data").rglob("*.yml"))
    return [p for p in found if p.is_file() and not p.is_symlink()]


def migrate(source: Path, into: Path | None = None, config_file: Path | None = None) -> int:
    """Rewrite a tree in place, or a copy of it in `into`; print the places left as written."""
    config = load_config(source, config_file)
    root = source
    if into is not None:
        if into.exists() and any(into.iterdir()):
            raise UsageError(f"{into} exists and is not empty; nothing was written")
        shutil.copytree(source, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
        root = into
    migrator = Migrator(config.registry)
    changed, left = 0, []
    for path in files(root, config):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        new, kept = rewrite(text, path.relative_to(root).as_posix(), migrator)
        left += kept
        if new != text:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")
            changed += 1
    for problem in sorted(left, key=DocsiteError.sort_key):
        print(problem.render(), file=sys.stderr)
    print(
        f"migrated {changed} files in {root}; {len(left)} conditions left as written",
        file=sys.stderr,
    )
    return 0
