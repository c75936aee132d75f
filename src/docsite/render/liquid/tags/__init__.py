"""docsite's Liquid tags, one module each (a family made by one factory shares one module).

`register` adds them all to an environment, through python-liquid's own `add_tag`.
"""

from __future__ import annotations

from liquid import Environment
from liquid.tag import Tag

from docsite.render.liquid.tags.callout_tags import CALLOUT_TAGS
from docsite.render.liquid.tags.data_tag import DataTag
from docsite.render.liquid.tags.if_tag import IfTag
from docsite.render.liquid.tags.ifversion_tag import IfversionTag
from docsite.render.liquid.tags.indented_data_reference_tag import IndentedDataReferenceTag
from docsite.render.liquid.tags.link_tags import LINK_TAGS
from docsite.render.liquid.tags.octicon_tag import OcticonTag
from docsite.render.liquid.tags.output_statement import LaxOutput
from docsite.render.liquid.tags.platform_tags import PLATFORM_TAGS
from docsite.render.liquid.tags.unless_tag import UnlessTag

TAGS: list[type[Tag]] = [
    IfTag,
    UnlessTag,
    IfversionTag,
    DataTag,
    IndentedDataReferenceTag,
    OcticonTag,
    *CALLOUT_TAGS,
    *PLATFORM_TAGS,
    *LINK_TAGS,
    LaxOutput,
]


def register(env: Environment) -> None:
    """Add every docsite tag to a Liquid environment."""
    for tag in TAGS:
        env.add_tag(tag)
