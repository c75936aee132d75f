"""URLs of the site: where a page of a version and language is, which file serves a URL."""

from __future__ import annotations

import re

from docsite.config import Version

SAFE_SEGMENT = re.compile(r"[^\x00-\x1f\x7f/\\?#]+")


def path_problem(path: str) -> str | None:
    """Why a site path such as a `redirect_from` entry cannot become a file, or None."""
    segments = path.strip().strip("/").split("/")
    for segment in segments if path.strip("/ ") else []:
        if segment in ("", ".", ".."):
            return f"the path has an empty, `.` or `..` segment ({segment or '//'})"
        if not SAFE_SEGMENT.fullmatch(segment):
            return f"the segment {segment!r} holds a control character, `\\`, `?` or `#`"
    return None


def page_url(language: str, version: Version, route: str) -> str:
    """`/cn/enterprise-server@2.22/packages/x/`; the default version has no segment."""
    return "/" + "/".join(p for p in (language, version.segment, route) if p) + "/"


def output_file(url: str) -> str:
    """The file that serves a URL: `cn/packages/x/index.html`."""
    return f"{url.strip('/')}/index.html".lstrip("/")
