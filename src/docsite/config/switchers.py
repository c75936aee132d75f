"""Switchers: the platforms and tools a page can show one at a time, with their labels.

`{% mac %}…{% endmac %}` and `{% cli %}…{% endcli %}` wrap what holds for one platform or tool;
the page then offers a switcher among those it uses. Both kinds are configured the same way
(`platforms:` and `tools:` in docsite.yml, name -> label); the defaults are GitHub's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

PLATFORMS = {"mac": "Mac", "windows": "Windows", "linux": "Linux"}
# The tools GitHub's docs switched between (its `allTools`), in the order its picker showed them.
TOOLS = {
    "webui": "Web browser",
    "cli": "GitHub CLI",
    "desktop": "Desktop",
    "curl": "cURL",
    "codespaces": "Codespaces",
    "vscode": "Visual Studio Code",
    "visualstudio": "Visual Studio",
    "jetbrains": "JetBrains IDEs",
    "eclipse": "Eclipse",
    "xcode": "Xcode",
    "azure_data_studio": "Azure Data Studio",
    "importer_cli": "GitHub Enterprise Importer CLI",
    "graphql": "GraphQL API",
    "api": "REST API",
    "powershell": "PowerShell",
    "bash": "Bash",
    "javascript": "JavaScript",
}
NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Switchers:
    """Each kind of switcher (`platform`, `tool`): its names in order, with their labels."""

    kinds: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: {"platform": PLATFORMS, "tool": TOOLS}
    )

    def names(self) -> list[tuple[str, str]]:
        """Every (kind, name) a block tag is made for."""
        return [(kind, name) for kind, names in self.kinds.items() for name in names]


def names_of(raw: object, default: Mapping[str, str]) -> Mapping[str, str]:
    """One kind's configured names and labels; raises ValueError naming what is wrong."""
    if raw is None:
        return default
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        raise ValueError("a mapping of names to labels, such as `cli: GitHub CLI`")
    bad = [str(k) for k in raw if not NAME.fullmatch(str(k))]
    if bad:
        raise ValueError(f"{bad[0]!r} cannot be a tag name: use lowercase letters, digits, `_`")
    return {str(k): str(v) for k, v in raw.items()}
