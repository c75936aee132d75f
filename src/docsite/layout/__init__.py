"""The page around the text: Jinja2 templates, navigation, landing lists, SEO head, interface."""

from docsite.layout.document import Layout

__all__ = ["Layout"]
