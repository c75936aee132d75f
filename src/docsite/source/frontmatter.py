"""Front matter: split it from the body, parse it with PyYAML, validate it against the schema."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import yaml

from docsite.config.schema import Schema
from docsite.config.versions import Registry, parse_range
from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import locate, problem_of
from docsite.errors import DocsiteError, FrontMatterError, Location, VersionError, did_you_mean

FENCE = re.compile(r"^---[ \t]*$", re.M)
YAML_HINT = "quote values that contain `:` or start with `{`, `*`, `&` or `'`"


@dataclass(frozen=True)
class FrontMatter:
    """The validated front matter of one page; `versions` maps long plan names to ranges."""

    title: str
    versions: Mapping[str, str]
    intro: str = ""
    features: tuple[str, ...] = ()  # `versions: {feature: NAME}`: that feature's versions too
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
    return locate(path, text, parts.matter if parts else "", keys, value=value, first_line=2)


Parsed = tuple[FrontMatter | None, Split | None, list[DocsiteError]]


def parse(path: str, text: str, registry: Registry, schema: Schema) -> Parsed:
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
        data = load_yaml(parts.matter)
    except yaml.YAMLError as exc:
        problem, where = problem_of(exc, path, text, first_line=2)
        duplicate = problem.startswith("duplicate key")
        message = problem if duplicate else f"front matter is not valid YAML: {problem}"
        hint = "keep one of them" if duplicate else YAML_HINT
        if duplicate:
            where = Location(
                where.path, where.line, where.column, where.source_line, len(problem.split("`")[1])
            )
        return None, parts, [FrontMatterError(message, where, hint)]
    errors = validate(path, text, data if data is not None else {}, registry, schema)
    return (None if errors else _build(data, registry)), parts, errors  # type: ignore[arg-type]


def validate(
    path: str, text: str, data: object, registry: Registry, schema: Schema
) -> list[DocsiteError]:
    """Check every field against the schema; return all problems."""
    if not isinstance(data, dict):
        return [
            FrontMatterError(
                "front matter must be a mapping of fields", Location.at_line(path, text, 2)
            )
        ]
    errors: list[DocsiteError] = []
    for name in schema.required():
        if name not in data:
            errors.append(
                FrontMatterError(
                    f"missing required field `{name}`", Location.at_line(path, text, 1, 1, 3)
                )
            )
    for key, val in data.items():
        errors += _check_field(path, text, str(key), val, registry, schema)
    return errors


def _check_field(
    path: str, text: str, key: str, val: object, reg: Registry, schema: Schema
) -> list[DocsiteError]:
    known = schema.fields.get(key)
    if known is None:
        own = "a field of the site's own is declared in docsite.yml: "
        own += f"`front_matter: {{{key}: string}}`"
        close = did_you_mean(key, schema.fields)
        hint = f"{close} ({own})" if close else own
        return [
            FrontMatterError(
                f"unknown front matter field `{key}`", key_location(path, text, key), hint
            )
        ]
    if not known.test(val):
        return [
            FrontMatterError(
                f"`{key}` must be {known.expected}, not {_describe(val)}",
                key_location(path, text, key, value=True),
            )
        ]
    if key == "title" and isinstance(val, str) and not val.strip():
        return [
            FrontMatterError(
                "`title` is empty",
                key_location(path, text, key, value=True),
                "every page needs a title: it heads the page and names it in lists",
            )
        ]
    if key == "versions" and isinstance(val, dict):
        return check_versions(
            val, reg, lambda *keys: key_location(path, text, "versions", *keys, value=True)
        )
    return []


def check_versions(
    spec: dict[object, object], reg: Registry, where: Callable[..., Location]
) -> list[DocsiteError]:
    """Every problem of a `versions` mapping; `where(plan)` locates an entry's value."""
    errors: list[DocsiteError] = []
    for plan, rng in spec.items():
        problem = (
            _feature_problem(rng) if plan == "feature" else _version_problem(str(plan), rng, reg)
        )
        if problem:
            place = where(str(plan))
            message, hint = problem
            if not isinstance(rng, str):  # quote what the author wrote, not what YAML made of it
                at = place.column - 1 - place.shown_from
                written = place.source_line[at : at + place.width]
                hint = hint.replace(f"'{rng}'", f"'{written or rng}'")
            errors.append(VersionError(message, place, hint))
    return errors


def _feature_problem(names: object) -> tuple[str, str] | None:
    """`feature:` names one feature or a list of them (data/features/NAME.yml)."""
    if isinstance(names, str) or (
        isinstance(names, list) and all(isinstance(n, str) for n in names)
    ):
        return None
    return (
        f"`feature` must be a feature name or a list of them, not {_describe(names)}",
        "write feature: my-feature, for data/features/my-feature.yml",
    )


def _version_problem(plan: str, rng: object, reg: Registry) -> tuple[str, str] | None:
    """What is wrong with one `plan: range` entry, as (message, hint), or None."""
    if reg.plan(plan) is None:
        hint = did_you_mean(plan, reg.plan_names()) or "plans: " + ", ".join(reg.plan_names())
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
    features: tuple[str, ...] = ()
    if spec == "*":
        versions = {p.name: "*" for p in registry.plans}
    else:
        assert isinstance(spec, dict)
        named = spec.get("feature", ())
        features = (named,) if isinstance(named, str) else tuple(named)
        versions = {
            registry.plan(str(k)).name: str(v)  # type: ignore[union-attr]
            for k, v in spec.items()
            if k != "feature"
        }
    redirects = data.get("redirect_from") or ()
    return FrontMatter(
        title=str(data["title"]),
        versions=versions,
        intro=str(data.get("intro") or ""),
        features=features,
        short_title=str(data.get("shortTitle") or ""),
        product=str(data.get("product") or ""),
        permissions=str(data.get("permissions") or ""),
        redirect_from=(redirects,) if isinstance(redirects, str) else tuple(redirects),  # type: ignore[arg-type]
        children=tuple(data.get("children") or ()),  # type: ignore[arg-type]
        show_mini_toc=data.get("showMiniToc"),  # type: ignore[arg-type]
        hidden=bool(data.get("hidden", False)),
        raw=data,
    )
