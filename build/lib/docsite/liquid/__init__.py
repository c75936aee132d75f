"""Liquid for docs: the environment, docsite's custom tags and the render context."""
