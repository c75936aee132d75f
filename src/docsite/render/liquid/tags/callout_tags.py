"""Callouts: `{% note %}`, `{% tip %}`, `{% warning %}`, `{% danger %}` ... `{% endnote %}`."""

from __future__ import annotations

from docsite.render.liquid.tags.div_block import div_tag

CALLOUTS = {
    "note": "note border rounded-1 mb-4 p-3 color-border-info color-bg-info f5",
    "tip": "tip border rounded-1 mb-4 p-3 color-border-info color-bg-info f5",
    "warning": "warning border rounded-1 mb-4 p-3 color-border-danger color-bg-danger f5",
    "danger": "danger border rounded-1 mb-4 p-3 color-border-danger color-bg-danger f5",
}
CALLOUT_TAGS = [div_tag(name, css) for name, css in CALLOUTS.items()]
