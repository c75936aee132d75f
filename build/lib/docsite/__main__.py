"""Run docsite as `python -m docsite`."""

import sys

from docsite.cli import main

sys.exit(main())
