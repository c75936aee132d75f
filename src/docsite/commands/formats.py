"""Problems for machines: GitHub Actions annotations, or a JSON list."""

from __future__ import annotations

import json

from docsite.errors import DocsiteError


def render(style: str, problems: list[DocsiteError]) -> str:
    """All problems in one format: `github` or `json`."""
    if style == "github":
        return "\n".join(annotation(p) for p in problems)
    return json.dumps([record(p) for p in problems], ensure_ascii=False, indent=1)


def record(problem: DocsiteError) -> dict[str, object]:
    """One problem as a JSON object."""
    where = problem.location
    return {
        "path": where.path,
        "line": where.line,
        "column": where.column,
        "severity": "error" if problem.severity == "error" else "warning",
        "kind": problem.severity,
        "message": problem.message,
        "hint": problem.hint,
        "source_line": where.source_line,
    }


def annotation(problem: DocsiteError) -> str:
    """`::error file=…,line=…,col=…,title=docsite::message` (GitHub's workflow command)."""
    where = problem.location
    level = "error" if problem.severity == "error" else "warning"
    fields = [f"file={_property(where.path)}"]
    if where.line:
        fields += [f"line={where.line}", f"col={where.column}"]
    if where.width > 1 and where.line:
        fields.append(f"endColumn={where.column + where.width}")
    fields.append("title=docsite")
    message = problem.message + (f"\n{problem.hint}" if problem.hint else "")
    return f"::{level} {','.join(fields)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
