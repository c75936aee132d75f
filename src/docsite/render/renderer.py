"""The render stage of a build, assembled: Liquid, titles, pages, Markdown and link rewriting."""

from __future__ import annotations

from dataclasses import dataclass

from docsite.plan import SitePlan
from docsite.render.links import LinkRewriter
from docsite.render.liquid import DocsEnvironment, environment
from docsite.render.markdown import Markdown
from docsite.render.page import PageRenderer
from docsite.render.stage import LiquidStage
from docsite.render.titles import Titles
from docsite.source.data import DataStore


@dataclass(frozen=True)
class Renderer:
    """Everything that renders pages, built once per build and shared by every render."""

    env: DocsEnvironment
    markdown: Markdown
    rewriter: LinkRewriter
    stage: LiquidStage
    titles: Titles
    pages: PageRenderer

    @classmethod
    def of(cls, plan: SitePlan, data: DataStore, engine: str) -> Renderer:
        """The renderer of a planned site, with one Markdown engine."""
        config = plan.config
        env = environment(config.registry, data, plan.features, config.mode_of, config.switchers)
        markdown = Markdown(engine)
        rewriter = LinkRewriter(plan)
        stage = LiquidStage(plan, env)
        titles = Titles(plan, stage, markdown, rewriter)
        return cls(
            env,
            markdown,
            rewriter,
            stage,
            titles,
            PageRenderer(plan, stage, titles, markdown, rewriter),
        )

    def forget_data(self, path: str) -> None:
        """Drop what was parsed or remembered from a data file that changed."""
        self.env.forget(path)
        self.titles.forget(path)
        self.stage.forget_outcomes()
        if "/release-notes/" in f"/{path}":  # read once per version: read them all again
            self.pages.notes.clear()
            self.stage.forget("release-notes")

    def forget_page(self, source: str, rel: str, *, shown_elsewhere: bool) -> None:
        """Drop a changed page's parsed fields; and its title and intro where others show them."""
        self.stage.forget(source)
        if shown_elsewhere:
            self.titles.forget_page(rel)
