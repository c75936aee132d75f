"""docsite: one source tree, one static site per product version and language."""

__version__ = "0.1.0"
