"""Build a corpus with --keep-going and print its errors as the expected-errors files list them.

    python scripts/corpus_errors.py SOURCE [build options...]

One line per error (`path:line:col: error: message`, without the versions it was seen in),
sorted; then the URLs not written, each prefixed `not written: `. Used to review a change to
tests/corpus-expected-errors.txt and its July-2021 twin before committing it.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from docsite.cli import main  # noqa: E402


def main_() -> int:
    source, *options = sys.argv[1:]
    err = io.StringIO()
    with tempfile.TemporaryDirectory() as out, contextlib.redirect_stderr(err):
        main(["build", "--source", source, "--out", f"{out}/site", "--keep-going", *options])
    lines = err.getvalue().splitlines()
    errors = sorted(
        re.sub(r" \(in [^)]*\)$", "", line)
        for line in lines
        if re.match(r"^\S+(:\d+:\d+)?: error: ", line)
    )
    print("\n".join(errors))
    print("\n".join(sorted(line for line in lines if line.startswith("not written: "))))
    return 0


if __name__ == "__main__":
    sys.exit(main_())
