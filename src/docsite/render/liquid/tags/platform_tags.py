"""Platform blocks: `{% mac %}`, `{% windows %}`, `{% linux %}`, `{% all %}` ... `{% endmac %}`."""

from __future__ import annotations

from docsite.render.liquid.tags.div_block import div_tag

PLATFORMS = ("mac", "windows", "linux", "all")
PLATFORM_TAGS = [div_tag(name, f"platform-{name}") for name in PLATFORMS]
