"""The Markdown engines a build may choose, by name; `render/markdown/engines.py` has them.

Named here so that reading the command line and the build options imports no engine.
"""

ENGINE_NAMES = ("comrak", "markdown-it-py")
DEFAULT_ENGINE = "comrak"
