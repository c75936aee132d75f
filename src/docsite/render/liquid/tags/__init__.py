"""docsite's Liquid tags, one module each (a family made by one factory shares one module).

`register` adds them all to an environment, through python-liquid's own `add_tag`.
"""

from __future__ import annotations

from liquid import Environment
from liquid.tag import Tag

from docsite.config.switchers import Switchers
from docsite.render.liquid.tags.callout_tags import CALLOUT_TAGS
from docsite.render.liquid.tags.data_tag import DataTag
from docsite.render.liquid.tags.if_tag import IfTag
from docsite.render.liquid.tags.ifversion_tag import IfversionTag
from docsite.render.liquid.tags.include_tag import IncludeTag
from docsite.render.liquid.tags.indented_data_reference_tag import IndentedDataReferenceTag
from docsite.render.liquid.tags.link_tags import LINK_TAGS
from docsite.render.liquid.tags.octicon_tag import OcticonTag
from docsite.render.liquid.tags.output_statement import LaxOutput
from docsite.render.liquid.tags.switcher_tags import switcher_tags
from docsite.render.liquid.tags.table_tags import CodetabsTag, CodetabTag, RowheadersTag
from docsite.render.liquid.tags.unless_tag import UnlessTag

TAGS: list[type[Tag]] = [
    IfTag,
    UnlessTag,
    IfversionTag,
    DataTag,
    IndentedDataReferenceTag,
    IncludeTag,
    OcticonTag,
    *CALLOUT_TAGS,
    RowheadersTag,
    CodetabsTag,
    CodetabTag,
    *LINK_TAGS,
    LaxOutput,
]


def register(env: Environment, switchers: Switchers) -> None:
    """Add every docsite tag to a Liquid environment, and a block tag per platform and tool."""
    for tag in [*TAGS, *switcher_tags(switchers)]:
        env.add_tag(tag)
