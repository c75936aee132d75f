"""`docsite merge DIR`: rewrite the site-wide files of shards copied into one folder."""

from __future__ import annotations

from pathlib import Path

from docsite.errors import UsageError
from docsite.output.shards import PARTS, Part, merged


def merge(folder: Path) -> int:
    """Join the parts of every shard in `folder` into its redirect maps, sitemaps and llms.txt."""
    found = sorted((folder / PARTS).glob("*.json"))
    if not found:
        raise UsageError(f"{folder} holds no {PARTS}/*.json: is it a docsite output folder?")
    for name, data in merged(Part.decode(p.read_bytes()) for p in found).items():
        (folder / name).write_bytes(data)
    return 0
