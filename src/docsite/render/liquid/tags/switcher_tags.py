"""Switcher blocks, one tag per configured platform and tool: `{% cli %}`…`{% endcli %}`.

GitHub's names are the default; `{% all %}` holds what every platform shares.
"""

from __future__ import annotations

from liquid.tag import Tag

from docsite.config.switchers import Switchers
from docsite.render.liquid.tags.div_block import div_tag


def switcher_tags(switchers: Switchers) -> list[type[Tag]]:
    """A block tag per configured name: its `<div>` is classed `KIND-NAME` (`tool-cli`)."""
    tags = [div_tag(name, f"{kind}-{name}") for kind, name in switchers.names()]
    return [*tags, div_tag("all", "platform-all")]
