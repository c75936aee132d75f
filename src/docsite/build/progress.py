"""Progress of long builds: a bar on a terminal, a plain line every tenth in CI logs."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Counts finished renders and shows it without flooding logs."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "rendering") -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr  # the stderr of now, not of the first import
        self.label = label
        self.tty = self.stream.isatty()
        self.last_tenth = 0

    def advance(self, count: int = 1) -> None:
        """Record finished renders."""
        self.done += count
        if self.tty:
            filled = 30 * self.done // self.total
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
            )
            self.stream.flush()
        elif self.total >= 200 and (tenth := 10 * self.done // self.total) > self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(f"{self.label}: {self.done}/{self.total} pages\n")

    def close(self) -> None:
        """End the bar's line."""
        if self.tty:
            self.stream.write("\n")
