"""The Liquid environment: python-liquid 2 with docsite's tags, filters and template caches."""

from __future__ import annotations

from collections.abc import Callable

from liquid import Environment, Mode
from liquid.tag import Tag
from liquid.template import BoundTemplate

from docsite.data import DataStore, DataValue
from docsite.liquid.block_tags import DIV_TAGS
from docsite.liquid.conditional_tags import IfTag, IfversionTag, UnlessTag
from docsite.liquid.data_tags import DataTag, IndentedDataReferenceTag
from docsite.versions import Registry, Version


def version_num(value: object) -> str:
    """`enterprise-server@3.0` -> `3.0`."""
    return str(value).rpartition("@")[2]


class DocsEnvironment(Environment):
    """One per build (and per worker): holds the registry, the data and every parsed template."""

    def __init__(
        self,
        registry: Registry,
        data: DataStore,
        features: dict[str, Callable[[Version], bool]] | None = None,
    ) -> None:
        super().__init__(tolerance=Mode.STRICT)
        self.registry = registry
        self.data = data
        self.features = features or {}
        self._data_templates: dict[tuple[str, str, int | None], BoundTemplate] = {}
        tags: list[type[Tag]] = [IfTag, UnlessTag, IfversionTag, DataTag, IndentedDataReferenceTag]
        for tag in tags + DIV_TAGS:
            self.add_tag(tag)
        self.add_filter("version_num", version_num)

    def data_template(self, value: DataValue, indent: int | None) -> BoundTemplate:
        """Parse a data value once per process (trimmed, or indented for indented references)."""
        key = (value.path, value.key, indent)
        template = self._data_templates.get(key)
        if template is None:
            text = value.text.strip()
            if indent is not None:
                text = "\n".join(" " * indent + line for line in value.text.rstrip().split("\n"))
            template = self.from_string(text, path=value.path)
            self._data_templates[key] = template
        return template
