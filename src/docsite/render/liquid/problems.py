"""Liquid problems as docsite reports them: located in the file that holds the text."""

from __future__ import annotations

from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.token import Token

from docsite.errors import DocsiteError, Location, Severity


class ConditionError(LiquidSyntaxError):
    """A tag docsite parses that is malformed or names something that does not exist."""

    def __init__(self, message: str, token: Token, hint: str = "") -> None:
        super().__init__(message, token=token)
        self.hint = hint


class LiquidErrors(LiquidError):
    """Every error one template's parse or render found, raised together."""

    def __init__(self, errors: list[LiquidError]) -> None:
        super().__init__(str(errors[0].message), token=errors[0].token)
        self.errors = errors


def located(problem: LiquidError, path: str) -> tuple[str, Location, str]:
    """A problem's message, place in `path` and hint."""
    token = problem.token
    assert token is not None
    where = Location.at_offset(path, token.source, token.start_index, len(token.value))
    return str(problem.message), where, str(getattr(problem, "hint", ""))


def tolerance(problem: LiquidError, path: str, mode: str) -> DocsiteError:
    """Something a non-strict file was allowed: a warning in `warn` mode, counted in `lax`."""
    message, where, hint = located(problem, path)
    severity: Severity = "warning" if mode == "warn" else "tolerated"
    return DocsiteError(f"{message} (tolerated in {mode} Liquid)", where, hint, severity)
