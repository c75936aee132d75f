"""YAML as docsite reads it: PyYAML's C loader, and where a key sits in a file's text."""

from __future__ import annotations

import contextlib

import yaml

from docsite.errors import Location

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
