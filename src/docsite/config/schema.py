"""The front matter schema as data: docsite's `schema.yml`, extended by a site's config."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources

from docsite.config.yamlfile import load as load_yaml

Test = Callable[[object], bool]


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_strings(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(i, str) for i in v)


# Each type name: the test a value must pass, and how an error message names it.
TYPES: dict[str, tuple[Test, str]] = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
    "integer": (_is_int, "a whole number"),
    "number": (lambda v: _is_int(v) or isinstance(v, float), "a number"),
    "mapping": (lambda v: isinstance(v, dict), "a mapping"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "list of strings": (_is_strings, "a list of strings"),
    "versions": (
        lambda v: isinstance(v, dict) or v == "*",
        "a mapping of plans to ranges, or '*'",
    ),
    "any": (lambda v: True, "anything"),
}


class FieldSpecError(ValueError):
    """A site's field spec that docsite cannot read; names the field."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"front_matter.{name}: {message}")
        self.name = name


@dataclass(frozen=True)
class Field:
    """One front matter field: the test its value must pass and what that test expects."""

    name: str
    test: Test
    expected: str
    required: bool = False
    description: str = ""


def _yaml_word(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def field(name: str, spec: object) -> Field:
    """Read one field's type spec; raises ValueError naming what is wrong with it."""
    if isinstance(spec, str):
        if spec not in TYPES:
            raise ValueError(f"unknown type {spec!r}; types: {', '.join(TYPES)}")
        return Field(name, *TYPES[spec])
    if isinstance(spec, list) and spec:
        options = [field(name, s) for s in spec]
        expected = " or ".join(o.expected for o in options)
        return Field(name, lambda v: any(o.test(v) for o in options), expected)
    if isinstance(spec, dict) and ("type" in spec or "enum" in spec):
        unknown = set(spec) - {"type", "enum", "required", "description"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r} in a field spec")
        return _detailed(name, spec)
    raise ValueError("a field's type is a type name, a list of them, or a mapping with `type`")


def _detailed(name: str, spec: Mapping[str, object]) -> Field:
    base = field(name, spec["type"]) if "type" in spec else Field(name, TYPES["any"][0], "")
    test, expected = base.test, base.expected
    choices = spec.get("enum")
    if choices is not None:
        if not isinstance(choices, list) or not choices:
            raise ValueError("`enum` must be a non-empty list of values")
        # `2 == 2.0` and `True == 1` in Python: compare types too.
        allowed = {(type(c), c) for c in choices}
        test = _within(base.test, allowed)
        expected = "one of " + ", ".join(_yaml_word(c) for c in choices)
    return Field(
        name, test, expected, spec.get("required") is True, str(spec.get("description", ""))
    )


def _within(test: Test, allowed: set[tuple[type, object]]) -> Test:
    return lambda v: test(v) and (type(v), v) in allowed


@dataclass(frozen=True)
class Schema:
    """Every known front matter field, by name."""

    fields: Mapping[str, Field]

    def required(self) -> list[str]:
        """The fields every page must have."""
        return [f.name for f in self.fields.values() if f.required]

    def extend(self, specs: Mapping[str, object]) -> Schema:
        """The schema with a site's own fields added; raises FieldSpecError naming a bad one."""
        added = dict(self.fields)
        for name, spec in specs.items():
            try:
                added[str(name)] = field(str(name), spec)
            except ValueError as exc:
                raise FieldSpecError(str(name), str(exc)) from None
        return Schema(added)


def builtin() -> Schema:
    """Docsite's own schema, shipped as package data."""
    text = resources.files("docsite.config").joinpath("schema.yml").read_text(encoding="utf-8")
    specs = load_yaml(text)
    assert isinstance(specs, dict)
    return Schema({name: field(name, spec) for name, spec in specs.items()})
