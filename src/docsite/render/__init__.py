"""Rendering: a page's Liquid, then Markdown, then its links, in one version and language."""

from docsite.render.liquid.state import Trace
from docsite.render.page import RenderedPage
from docsite.render.renderer import Renderer

__all__ = ["RenderedPage", "Renderer", "Trace"]
