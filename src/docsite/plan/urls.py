"""URLs of the site: where a page of a version and language is, which file serves a URL."""

from __future__ import annotations

from docsite.config import Version
from docsite.source.files import path_problem

__all__ = ["output_file", "page_url", "path_problem"]


def page_url(language: str, version: Version, route: str) -> str:
    """`/cn/enterprise-server@2.22/packages/x/`; the default version has no segment."""
    # On every link's path (tens of calls per page): no list, no join, when there is a language.
    if not language:
        return "/" + "/".join([p for p in (version.segment, route) if p]) + "/"
    if version.in_url:
        return f"/{language}/{version.id}/{route}/" if route else f"/{language}/{version.id}/"
    return f"/{language}/{route}/" if route else f"/{language}/"


def output_file(url: str) -> str:
    """The file that serves a URL: `cn/packages/x/index.html`."""
    return f"{url.strip('/')}/index.html".lstrip("/")
