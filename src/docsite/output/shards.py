"""Site-wide files (redirect maps, sitemaps, llms.txt): one part per language and version, merged.

Shards built apart (`--version`, `--lang`) and copied together then equal one full build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from docsite.output.redirects import maps
from docsite.output.sitemaps import sitemap, sitemap_index
from docsite.output.twins import llms_txt
from docsite.plan.redirects import Redirect

PARTS = ".docsite/parts"

# What each field of a part may hold: URL paths that stay inside the site (no `..`, `.` or empty
# segment, no `//` start, no control character, backslash, `?` or `#`), bounded texts.
SEGMENT = r"(?!\.\.?(?:/|$))[^/\\?#\x00-\x1f\x7f]+"
URL = re.compile(rf"/(?:{SEGMENT}/?)*(?<!//)")
HOME = re.compile(rf"/(?:{SEGMENT}/)+")
BASE_URL = re.compile(r"(?:https?://[^\s<>\"'\\]+)?")
TEXT = re.compile(r"[^\x00]*")
KIND = re.compile(r"[a-z_-]+")
LANGUAGE = re.compile(r"[A-Za-z0-9_-]+")  # a language code: a folder name, never `..`
VERSION = re.compile(r"[\w.@-]+")  # a version id
SEARCH = re.compile(r"[a-z]*")  # an ISO 639-1 code, or none
LONGEST = 4096  # characters of any one field


class PartError(ValueError):
    """A part file that docsite did not write: what is wrong, and where in the file."""

    def __init__(self, message: str, offset: int = -1) -> None:
        super().__init__(message)
        self.offset = offset  # in the file's text, when the JSON parser knows it


def checked(data: object, key: str | int, form: re.Pattern[str], within: str = "") -> str:
    """`data[key]`, a string of the given form; PartError naming the field otherwise."""
    name = f"{within}[{key}]" if isinstance(key, int) else f"{within}.{key}".lstrip(".")
    if isinstance(key, str) and (not isinstance(data, dict) or key not in data):
        raise PartError(f"`{name}` is missing")
    value = data[key] if isinstance(data, (dict, list)) else None  # type: ignore[index]
    if not isinstance(value, str):
        raise PartError(f"`{name}` must be text, not {type(value).__name__}")
    if len(value) > LONGEST or not form.fullmatch(value):
        raise PartError(f"`{name}` is not a value docsite writes: {value[:80]!r}")
    return value


def rows(data: Any, key: str, forms: tuple[re.Pattern[str], ...]) -> tuple[Any, ...]:
    """`data[key]`: a list of rows, each a list of strings of the given forms."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise PartError(f"`{key}` must be a list")
    found = []
    for n, row in enumerate(items):
        if not isinstance(row, list) or len(row) != len(forms):
            raise PartError(f"`{key}[{n}]` must be a list of {len(forms)} texts")
        found.append(tuple(checked(row, i, f, f"{key}[{n}]") for i, f in enumerate(forms)))
    return tuple(found)


PageInfo = tuple[str, str, str]  # (URL, title, intro)


def part_name(language: str, version: str) -> str:
    """Where one language and version keep their part: `.docsite/parts/en-ghes-2.22.json`."""
    return f"{PARTS}/{language}-{version}.json"


@dataclass(frozen=True)
class Part:
    """One built language and version: home, `llms.txt` title, pages and redirects to them."""

    base_url: str
    home: str  # `/cn/enterprise-server@2.22/`
    title: str  # `Docs (Enterprise Server 2.22, 简体中文)`
    language: str = ""  # `cn`
    version: str = ""  # `enterprise-server@2.22`
    search: str = ""  # the language pagefind splits words in (`zh`); "" builds no index
    pages: tuple[PageInfo, ...] = ()
    redirects: tuple[Redirect, ...] = ()

    def encode(self) -> bytes:
        """The part as the JSON file `.docsite/parts/NAME.json` holds."""
        data = {
            "base_url": self.base_url,
            "home": self.home,
            "title": self.title,
            "language": self.language,
            "version": self.version,
            "search": self.search,
            "pages": [list(p) for p in self.pages],
            "redirects": [list(r) for r in self.redirects],
        }
        # compact: json's C encoder (an indent falls back to its Python one, 5 times slower)
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    @classmethod
    def decode(cls, raw: bytes) -> Part:
        """A part read back from its file; PartError where it is not one docsite could write.

        Parts come from other jobs' outputs, copied together: they are read as untrusted input.
        """
        try:
            data = json.loads(raw.decode("utf-8"))  # bytes would let json guess UTF-16
        except UnicodeDecodeError as err:
            raise PartError("not UTF-8 text", err.start) from None
        except json.JSONDecodeError as err:
            raise PartError(f"not JSON: {err.msg}", err.pos) from None
        return cls(
            checked(data, "base_url", BASE_URL),
            checked(data, "home", HOME),
            checked(data, "title", TEXT),
            checked(data, "language", LANGUAGE),
            checked(data, "version", VERSION),
            checked(data, "search", SEARCH),
            rows(data, "pages", (URL, TEXT, TEXT)),
            tuple(Redirect(*r) for r in rows(data, "redirects", (URL, URL, KIND))),
        )

    def urls(self) -> list[str]:
        """The URLs of its pages."""
        return [url for url, _, _ in self.pages]


def parts(
    redirects: Iterable[Redirect],
    pages: dict[str, tuple[str, str, str]],  # page URL -> (part name, title, intro)
    shards: dict[str, Part],  # part name -> its home and title
) -> dict[str, Part]:
    """Each built language and version's part, with its pages and redirects."""
    grouped: dict[str, tuple[list[Redirect], list[PageInfo]]] = {n: ([], []) for n in shards}
    for url, (name, title, intro) in pages.items():
        grouped[name][1].append((url, title, intro))
    for item in redirects:
        grouped[pages[item.target][0]][0].append(item)
    return {
        name: replace(shards[name], pages=tuple(sorted(p)), redirects=tuple(sorted(r)))
        for name, (r, p) in sorted(grouped.items())
    }


def merged(pieces: Iterable[Part]) -> dict[str, bytes]:
    """The site-wide files of some parts: redirect maps, `llms.txt` per shard, sitemaps."""
    redirects: list[Redirect] = []
    files: dict[str, bytes] = {}
    sitemaps: list[str] = []
    base_url = ""
    for part in pieces:
        redirects += part.redirects
        base_url = base_url or part.base_url
        folder = part.home.strip("/")
        files[f"{folder}/llms.txt"] = llms_txt(part.title, part.pages, base_url).encode()
        if base_url:
            files[f"{folder}/sitemap.xml"] = sitemap(base_url, part.urls()).encode()
            sitemaps.append(f"{part.home}sitemap.xml")
    files |= {name: text.encode() for name, text in maps(redirects).items()}
    if base_url:
        files["sitemap.xml"] = sitemap_index(base_url, sitemaps).encode()
    return dict(sorted(files.items()))
