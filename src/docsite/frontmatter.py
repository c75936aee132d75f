"""Front matter: split it from the body, parse it with PyYAML, validate it against the schema."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import yaml

from docsite.config import Loader
from docsite.errors import DocsiteError, FrontMatterError, Location, VersionError
from docsite.versions import Registry, parse_range

FENCE = re.compile(r"^---[ \t]*$", re.M)


def _is_str(v: object) -> bool:
    return isinstance(v, str)


def _is_bool(v: object) -> bool:
    return isinstance(v, bool)


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(i, str) for i in v)


def _is_map(v: object) -> bool:
    return isinstance(v, dict)


def _one_of(*choices: str) -> Callable[[object], bool]:
    return lambda v: v in choices


Check = tuple[Callable[[object], bool], str]
STR: Check = (_is_str, "a string")
BOOL: Check = (_is_bool, "true or false")
LIST: Check = (_is_list, "a list of strings")
MAP: Check = (_is_map, "a mapping")
STR_OR_LIST: Check = (lambda v: _is_str(v) or _is_list(v), "a string or a list of strings")

# The 2021 schema of docs.github.com (lib/frontmatter.js), plus the fields it gained later.
SCHEMA: dict[str, Check] = {
    "title": STR,
    "shortTitle": STR,
    "intro": STR,
    "product": STR,
    "permissions": STR,
    "versions": (lambda v: _is_map(v) or v == "*", "a mapping of plans to ranges, or '*'"),
    "redirect_from": STR_OR_LIST,
    "children": LIST,
    "showMiniToc": BOOL,
    "miniTocMaxHeadingLevel": (lambda v: _is_int(v) and v in (2, 3, 4), "a number from 2 to 4"),
    "mapTopic": BOOL,
    "subcategory": BOOL,
    "hidden": BOOL,
    "layout": (lambda v: _is_str(v) or v is False, "a layout name or false"),
    "allowTitleToDifferFromFilename": BOOL,
    "introLinks": MAP,
    "authors": LIST,
    "examples_source": STR,
    "featuredLinks": MAP,
    "changelog": MAP,
    "type": (
        _one_of("overview", "quick_start", "tutorial", "how_to", "reference"),
        "one of overview, quick_start, tutorial, how_to, reference",
    ),
    "topics": LIST,
    "includeGuides": LIST,
    "learningTracks": LIST,
    "beta_product": BOOL,
    "product_video": STR,
    "interactive": BOOL,
    "defaultPlatform": (_one_of("mac", "windows", "linux"), "one of mac, windows, linux"),
    "defaultTool": (_one_of("webui", "cli", "desktop", "curl"), "one of webui, cli, desktop, curl"),
    "contributor": MAP,
    "externalProducts": MAP,
}
REQUIRED = ("title", "versions")


@dataclass(frozen=True)
class FrontMatter:
    """The validated front matter of one page; `versions` maps long plan names to ranges."""

    title: str
    versions: Mapping[str, str]
    intro: str = ""
    short_title: str = ""
    product: str = ""
    permissions: str = ""
    redirect_from: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    show_mini_toc: bool | None = None
    hidden: bool = False
    raw: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Split:
    """A source file cut into its front matter text and its body (padded to keep line numbers)."""

    matter: str
    body: str


def split(text: str) -> Split | None:
    """Separate `---` front matter from the body; None when there is none."""
    if not FENCE.match(text):
        return None
    end = FENCE.search(text, 3)
    if end is None:
        return None
    matter = text[text.index("\n") + 1 : end.start()]
    body_start = end.end() + 1
    return Split(matter, "\n" * text.count("\n", 0, body_start) + text[body_start:])


def key_location(path: str, text: str, *keys: str, value: bool = False) -> Location:
    """Find where a key (nested keys give a path into mappings), or its value, sits in a file."""
    parts = split(text)
    node = None
    with contextlib.suppress(yaml.YAMLError):
        node = yaml.compose(parts.matter, Loader=Loader) if parts else None
    found: tuple[yaml.Node, yaml.Node] | None = None
    for key in keys:
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        found = next(((k, v) for k, v in pairs if k.value == key), found)
        node = found[1] if found else None
    if found is None:
        return Location.at_line(path, text, 2, 1)
    target = found[1] if value else found[0]
    start, end = target.start_mark, target.end_mark
    width = max(1, end.index - start.index) if end.line == start.line else len(keys[-1])
    return Location.at_line(path, text, start.line + 2, start.column + 1, width)


Parsed = tuple[FrontMatter | None, Split | None, list[DocsiteError]]


def parse(path: str, text: str, registry: Registry) -> Parsed:
    """Parse and validate; returns the front matter (None on error), the split and all errors."""
    parts = split(text)
    if parts is None:
        return (
            None,
            None,
            [
                FrontMatterError(
                    "missing front matter",
                    Location.at_line(path, text, 1),
                    "start the file with a `---` line, the YAML fields, and another `---` line",
                )
            ],
        )
    try:
        data = yaml.load(parts.matter, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        col = mark.column + 1 if mark else 1
        return (
            None,
            parts,
            [
                FrontMatterError(
                    f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                    Location.at_line(path, text, line, col),
                    "quote values that contain `:` or start with `{`, `*`, `&` or `'`",
                )
            ],
        )
    errors = validate(path, text, data if data is not None else {}, registry)
    return (None if errors else _build(data, registry)), parts, errors


def validate(path: str, text: str, data: object, registry: Registry) -> list[DocsiteError]:
    """Check every field against the schema; return all problems."""
    if not isinstance(data, dict):
        return [
            FrontMatterError(
                "front matter must be a mapping of fields", Location.at_line(path, text, 2)
            )
        ]
    errors: list[DocsiteError] = []
    for name in REQUIRED:
        if name not in data:
            errors.append(
                FrontMatterError(
                    f"missing required field `{name}`", Location.at_line(path, text, 1, 1, 3)
                )
            )
    for key, val in data.items():
        errors += _check_field(path, text, str(key), val, registry)
    return errors


def _check_field(path: str, text: str, key: str, val: object, reg: Registry) -> list[DocsiteError]:
    if key not in SCHEMA:
        close = difflib.get_close_matches(key, SCHEMA, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "known fields: " + ", ".join(SCHEMA)
        return [
            FrontMatterError(
                f"unknown front matter field `{key}`", key_location(path, text, key), hint
            )
        ]
    ok, expected = SCHEMA[key]
    if not ok(val):
        return [
            FrontMatterError(
                f"`{key}` must be {expected}, not {_describe(val)}",
                key_location(path, text, key, value=True),
            )
        ]
    if key == "versions" and isinstance(val, dict):
        return _check_versions(path, text, val, reg)
    return []


def _check_versions(
    path: str, text: str, spec: dict[object, object], reg: Registry
) -> list[DocsiteError]:
    errors: list[DocsiteError] = []
    for plan, rng in spec.items():
        problem = _version_problem(str(plan), rng, reg)
        if problem:
            where = key_location(path, text, "versions", str(plan), value=True)
            message, hint = problem
            if not isinstance(rng, str):  # quote what the author wrote, not what YAML made of it
                written = where.source_line[where.column - 1 : where.column - 1 + where.width]
                hint = hint.replace(f"'{rng}'", f"'{written or rng}'")
            errors.append(VersionError(message, where, hint))
    return errors


def _version_problem(plan: str, rng: object, reg: Registry) -> tuple[str, str] | None:
    """What is wrong with one `plan: range` entry, as (message, hint), or None."""
    if reg.plan(plan) is None:
        close = difflib.get_close_matches(plan, reg.plan_names(), n=1)
        hint = f"did you mean `{close[0]}`?" if close else "plans: " + ", ".join(reg.plan_names())
        return f"unknown plan `{plan}` in versions", hint
    if not isinstance(rng, str):
        return (
            f"range for `{plan}` must be a quoted string, not {_describe(rng)}",
            f"write {plan}: '{rng}' (unquoted, 3.10 loads as the number 3.1)",
        )
    try:
        if rng != "next":
            parse_range(rng)
    except ValueError:
        return (
            f"invalid semver range {rng!r} for `{plan}`",
            "use npm-style ranges: '*', '>=2.22', '>=2.20 <3.0'",
        )
    return None


def _describe(val: object) -> str:
    return (
        f"{type(val).__name__} {val!r}" if not isinstance(val, (dict, list)) else type(val).__name__
    )


def _build(data: dict[str, object], registry: Registry) -> FrontMatter:
    spec = data["versions"]
    if spec == "*":
        versions = {p.name: "*" for p in registry.plans}
    else:
        assert isinstance(spec, dict)
        versions = {registry.plan(str(k)).name: str(v) for k, v in spec.items()}  # type: ignore[union-attr]
    redirects = data.get("redirect_from") or ()
    return FrontMatter(
        title=str(data["title"]),
        versions=versions,
        intro=str(data.get("intro") or ""),
        short_title=str(data.get("shortTitle") or ""),
        product=str(data.get("product") or ""),
        permissions=str(data.get("permissions") or ""),
        redirect_from=(redirects,) if isinstance(redirects, str) else tuple(redirects),  # type: ignore[arg-type]
        children=tuple(data.get("children") or ()),  # type: ignore[arg-type]
        show_mini_toc=data.get("showMiniToc"),  # type: ignore[arg-type]
        hidden=bool(data.get("hidden", False)),
        raw=data,
    )
