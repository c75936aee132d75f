"""YAML as docsite reads it: PyYAML's C loader, and where a key sits in a file's text."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from docsite.errors import ConfigError, Location, did_you_mean

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[misc, valid-type]
    """PyYAML's C loader that refuses a key given twice (PyYAML keeps the last, silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        """A mapping, after checking that no plain key repeats."""
        seen: set[str] = set()
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key `{key.value}`", key.start_mark
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


NODES = 1_000_000  # values a file may expand to, its aliases counted each time they are used


class TooLarge(yaml.YAMLError):
    """A YAML file whose aliases expand beyond reason ("billion laughs")."""

    problem_mark = None
    problem = f"its aliases expand to more than {NODES:,} values"

    def __str__(self) -> str:
        return self.problem


def load(text: str) -> object:
    """Load YAML with docsite's loader, refusing a file whose aliases expand without bound."""
    value = yaml.load(text, Loader=Loader)
    if "&" in text and "*" in text:  # anchors and aliases: count what they expand to
        count(value)
    return value


def count(value: object) -> None:
    """Walk a loaded value, aliases included; raise TooLarge past `NODES` values."""
    stack, budget = [value], NODES
    while stack:
        budget -= 1
        if budget < 0:
            raise TooLarge
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def problem_of(
    exc: yaml.YAMLError, path: str, text: str, first_line: int = 1
) -> tuple[str, Location]:
    """What PyYAML found wrong in a file's YAML (starting on `first_line`), and where."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    if mark is None:
        return problem, Location.at_line(path, text, first_line)
    return problem, Location.at_line(path, text, mark.line + first_line, mark.column + 1)


def locate(
    path: str, text: str, yaml_text: str, keys: tuple[str, ...], *, value: bool, first_line: int
) -> Location:
    """Where a key (nested keys give a path into mappings), or its value, sits in a file.

    `yaml_text` is the YAML part of `text`, starting on line `first_line` of it.
    """
    node = None
    with contextlib.suppress(yaml.YAMLError):
        node = yaml.compose(yaml_text, Loader=Loader)
    found: tuple[yaml.Node, yaml.Node] | None = None
    for key in keys:
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        found = next(((k, v) for k, v in pairs if k.value == key), found)
        node = found[1] if found else None
    if found is None:
        return Location.at_line(path, text, first_line, 1)
    target = found[1] if value else found[0]
    start, end = target.start_mark, target.end_mark
    width = max(1, end.index - start.index) if end.line == start.line else len(keys[-1])
    return Location.at_line(path, text, start.line + first_line, start.column + 1, width)


@dataclass(frozen=True)
class Locator:
    """Locates keys of the config file for its error messages."""

    path: str
    text: str

    def at(self, *keys: str, value: bool = False) -> Location:
        """The location of a key (or of its value) in the config file."""
        return locate(self.path, self.text, self.text, keys, value=value, first_line=1)

    def unknown(self, raw: object, known: tuple[str, ...], at: tuple[str, ...]) -> None:
        """Refuse a key the config does not know, with the closest known one."""
        if not isinstance(raw, Mapping):
            raise ConfigError("expected a mapping of keys", self.at(*at, value=True))
        for key in raw:
            if str(key) not in known:
                hint = did_you_mean(str(key), known) or "keys: " + ", ".join(known)
                raise ConfigError(f"unknown key `{key}`", self.at(*at, str(key)), hint)


def text_value(raw: Mapping[str, object], key: str, default: str, where: Locator) -> str:
    """A key whose value is text (a number reads as text too)."""
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ConfigError(f"`{key}` must be text", where.at(key, value=True))
    return str(value)
