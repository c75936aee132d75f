"""One exception hierarchy whose errors carry path, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in a source file: 1-based line and column, the line's text and a span width."""

    path: str
    line: int = 0
    column: int = 0
    source_line: str = ""
    width: int = 1

    @classmethod
    def at_offset(cls, path: str, text: str, offset: int, width: int = 1) -> Location:
        """Locate a character offset in `text`."""
        offset = max(0, min(offset, len(text)))
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        line = text.count("\n", 0, offset) + 1
        return cls(path, line, offset - line_start + 1, text[line_start:line_end], width)

    @classmethod
    def at_line(cls, path: str, text: str, line: int, column: int = 1, width: int = 1) -> Location:
        """Locate a 1-based line and column in `text`."""
        lines = text.split("\n")
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        return cls(path, line, column, source, width)

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


class DocsiteError(Exception):
    """An error in the site's sources, reported with its location and a hint."""

    kind = "error"

    def __init__(self, message: str, location: Location, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as cls(*args); these carry more than args (worker processes).
        return (
            _rebuild,
            (type(self), self.message, self.location, self.hint, self.kind),
        )

    def render(self) -> str:
        """Format as `path:line:col: error: message`, the source line, a caret and a hint."""
        loc = self.location
        out = [f"{loc}: {self.kind}: {self.message}"]
        if loc.line and loc.source_line:
            gutter = " " * len(str(loc.line))
            caret = " " * (loc.column - 1) + "^" * max(1, loc.width)
            out += [f" {loc.line} | {loc.source_line}", f" {gutter} | {caret}"]
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order errors by file, then position."""
        loc = self.location
        return (loc.path, loc.line, loc.column, self.message)


def _rebuild(
    cls: type[DocsiteError],
    message: str,
    location: Location,
    hint: str,
    kind: str,
) -> DocsiteError:
    err = cls(message, location, hint)
    err.kind = kind
    return err


class FrontMatterError(DocsiteError):
    """Front matter that is not YAML or does not match the schema."""


class VersionError(DocsiteError):
    """A version, plan or range that does not exist or does not parse."""


class TemplateError(DocsiteError):
    """A Liquid syntax or render error."""


class LinkError(DocsiteError):
    """A link to a page or heading that does not exist in that version and language."""


class SiteError(DocsiteError):
    """The site's structure is wrong: a `children` entry or folder that names nothing."""


class ConfigError(DocsiteError):
    """A broken site configuration file (versions, languages)."""


class Warning_(DocsiteError):
    """Something suspicious but buildable; `--strict` makes it an error."""

    kind = "warning"


class Tolerated(DocsiteError):
    """Something lax Liquid accepted as GitHub's engine did; counted, listed with --verbose."""

    kind = "tolerated"


class UsageError(Exception):
    """A bad command line: exit code 2."""
