"""Build the docs site: `python build.py --version ghes-2.22` (see README)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

from docsite.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
