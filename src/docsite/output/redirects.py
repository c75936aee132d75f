"""Redirects as files: a stub page per source, and the maps static hosts and nginx read."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

from docsite.plan.redirects import Redirect

STUB = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Redirecting</title>\n'
    '<link rel="canonical" href="{href}">\n<meta http-equiv="refresh" content="0; url={href}">\n'
    "<script>location.replace({js}+location.hash)</script>\n</head>"
    '<body><a href="{href}">{href}</a></body></html>\n'
)


def stub(target: str) -> str:
    """A static page that redirects and keeps the `#fragment`."""
    return STUB.format(href=html.escape(target), js=json.dumps(target))


def maps(redirects: Iterable[Redirect]) -> dict[str, str]:
    """The machine-readable maps: JSON, Netlify `_redirects` and an nginx `map` include."""
    items = sorted(redirects, key=lambda r: r.source)
    return {
        "redirects.json": json.dumps({r.source: r.target for r in items}, indent=1) + "\n",
        "_redirects": "".join(f"{r.source} {r.target} 301\n" for r in items),
        "redirects.nginx.conf": (
            "# include inside http {}, then in server {}:\n"
            "# if ($docsite_redirect) { return 301 $docsite_redirect; }\n"
            'map $uri $docsite_redirect {\n    default "";\n'
            + "".join(
                f"    {r.source} {r.target};\n    {r.source}/ {r.target};\n"
                for r in items
                if r.source != "/"
            )
            + "}\n"
        ),
    }
