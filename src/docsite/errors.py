"""Problems with a location: every error and warning docsite reports, and the did-you-mean hint.

Beneath every other module: it imports nothing of docsite.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "tolerated"]


SHOWN = 160  # characters of a long source line shown around the column


@dataclass(frozen=True)
class Location:
    """A place in a source file: 1-based line and column, the line's text and a span width.

    Of a long line only `SHOWN` characters around the column are kept (`shown_from` is where
    they start), so that many errors on one long line stay small.
    """

    path: str
    line: int = 0
    column: int = 0
    source_line: str = ""
    width: int = 1
    shown_from: int = 0

    @classmethod
    def at_offset(cls, path: str, text: str, offset: int, width: int = 1) -> Location:
        """Locate a character offset in `text`."""
        offset = max(0, min(offset, len(text)))
        line_start = text.rfind("\n", 0, offset) + 1
        line = text.count("\n", 0, offset) + 1
        return cls.within(path, text, line, line_start, offset - line_start + 1, width)

    @classmethod
    def at_line(cls, path: str, text: str, line: int, column: int = 1, width: int = 1) -> Location:
        """Locate a 1-based line and column in `text`."""
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
            if start == 0:
                return cls(path, line, column, "", width)
        return cls.within(path, text, line, start, column, width) if line > 0 else cls(path)

    @classmethod
    def within(
        cls, path: str, text: str, line: int, line_start: int, column: int, width: int
    ) -> Location:
        """A place on the line that starts at `line_start`, keeping its text around the column."""
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        at = line_start + column - 1
        start = max(line_start, min(at - SHOWN // 2, line_end - SHOWN))
        shown = text[start : min(line_end, start + SHOWN)]
        return cls(path, line, column, shown, width, start - line_start)

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


class DocsiteError(Exception):
    """A problem in the site's sources, with its location, a hint and its severity.

    The class names the phase that found it; `severity` alone says how much it matters: an
    error, a warning (`--strict` makes it an error), or something lax Liquid tolerated.
    """

    def __init__(
        self, message: str, location: Location, hint: str = "", severity: Severity = "error"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.severity: Severity = severity

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as cls(*args); these carry more than args (worker processes).
        return (type(self), (self.message, self.location, self.hint, self.severity))

    def with_severity(self, severity: Severity) -> DocsiteError:
        """The same problem at another severity (`--strict` turns warnings into errors)."""
        return type(self)(self.message, self.location, self.hint, severity)

    def render(self) -> str:
        """Format as `path:line:col: error: message`, the source line, a caret and a hint."""
        loc = self.location
        out = [f"{loc}: {self.severity}: {self.message}"]
        if loc.line and loc.source_line:
            gutter = " " * len(str(loc.line))
            cut = "…" if loc.shown_from else ""
            width = min(max(1, loc.width), len(loc.source_line) + 1)
            caret = " " * (loc.column - 1 - loc.shown_from + len(cut)) + "^" * width
            out += [f" {loc.line} | {cut}{loc.source_line}", f" {gutter} | {caret}"]
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, then position."""
        loc = self.location
        return (loc.path, loc.line, loc.column, self.message)


class DocsiteErrors(DocsiteError):
    """Every error one render found, raised together; it reads as its first."""

    def __init__(self, problems: list[DocsiteError]) -> None:
        first = problems[0]
        super().__init__(first.message, first.location, first.hint, first.severity)
        self.problems = problems

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))


def problems_of(error: DocsiteError) -> list[DocsiteError]:
    """The problems an error stands for: itself, or each of several."""
    return error.problems if isinstance(error, DocsiteErrors) else [error]


def clip(text: str, limit: int = 100) -> str:
    """A text as a message quotes it: cut, with an ellipsis, past `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def warning(message: str, location: Location, hint: str = "") -> DocsiteError:
    """Something suspicious but buildable; `--strict` makes it an error."""
    return DocsiteError(message, location, hint, "warning")


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


class SourceError(DocsiteError):
    """A source file docsite will not read: a symlink out of its folder, bytes that are not text."""


class UsageError(Exception):
    """A bad command line: exit code 2."""


def close_matches(word: str, options: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Exactly `difflib.get_close_matches`, the options that cannot match left out first."""
    return difflib.get_close_matches(word, can_match(word, options, cutoff), n, cutoff)


def can_match(word: str, options: Iterable[str], cutoff: float) -> list[str]:
    """The options, in order, whose difflib ratio with `word` may reach `cutoff`.

    difflib's ratio counts matching blocks, which form a common subsequence, so it is never
    above the Indel similarity (twice the longest common subsequence over both lengths), which
    rapidfuzz computes in C++: an option under the cutoff there is under it in difflib too (a
    hair under, for rounding; rapidfuzz's own cutoff rounds more). A link to no page is compared
    with every page of the site.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    choices = list(options)
    scored = process.extract(
        word, choices, scorer=Indel.normalized_similarity, processor=None, limit=None
    )
    found = sorted(index for _option, score, index in scored if score >= cutoff - 1e-9)
    return [choices[index] for index in found]


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option most like `word`, if any is like it enough.

    What `difflib.get_close_matches(word, options, n=1)` answers, without computing the costly
    ratio of every option: options are tried from the highest upper bound (`quick_ratio`) down,
    and the search stops where no bound left can beat the best ratio found (ties go to the
    greater option, as there). A link to no page is compared with every page of the site.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounds = []
    for option in can_match(word, options, cutoff):
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounds.append((bound, option))
    best: tuple[float, str] | None = None
    for bound, option in sorted(bounds, reverse=True):
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(option)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, option) > best):
            best = (score, option)
    return best[1] if best else None


def did_you_mean(
    word: str, options: Iterable[str], *, cutoff: float = 0.6, quote: str = "`", prefix: str = ""
) -> str:
    """`did you mean `x`?` for the closest option, or "" when none is close."""
    found = closest(word, options, cutoff)
    if found is None:
        return ""
    name = f"{prefix}{found}"
    return f"did you mean {name!r}?" if quote == "'" else f"did you mean {quote}{name}{quote}?"


def from_rows(raw: list[list[Any]]) -> tuple[DocsiteError, ...]:
    """Problems read back from their JSON form (`as_rows`)."""
    return tuple(
        DocsiteError(message, Location(path, line, column, shown, width, start), hint, severity)
        for message, path, line, column, shown, width, hint, severity, start in raw
    )


def as_rows(found: tuple[DocsiteError, ...]) -> list[list[Any]]:
    """Problems as JSON rows: how the manifest and the stamp keep what a build said."""
    return [
        [
            p.message,
            p.location.path,
            p.location.line,
            p.location.column,
            p.location.source_line,
            p.location.width,
            p.hint,
            p.severity,
            p.location.shown_from,
        ]
        for p in found
    ]
