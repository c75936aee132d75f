"""The 2021 link tags (`link`, `link_in_list`, `link_with_intro`, ...): titled links or nothing."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO, cast

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.render.liquid.problems import ConditionError
from docsite.render.liquid.state import LinkInfo, at_render, index_of, trace_of

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from docsite.render.liquid.environment import DocsEnvironment


def _plain(info: LinkInfo, css: str) -> str:
    return f'<a class="{css}" href="{info.url}">{html.escape(info.title)}</a>'


def _with_intro(info: LinkInfo, css: str) -> str:
    intro = f"<p>{info.intro}</p>" if info.intro else ""
    return f'<div class="{css}">{_plain(info, "link-title")}{intro}</div>'


# tag -> (short title?, renderer); list tags emit Markdown list items so nesting works.
STYLES = {
    "link": (False, lambda i: _plain(i, "link-title")),
    "link_with_short_title": (True, lambda i: _plain(i, "link-title")),
    "link_in_list": (False, lambda i: "- " + _plain(i, "article-link")),
    "topic_link_in_list": (False, lambda i: "- " + _plain(i, "topic-link")),
    "link_with_intro": (False, lambda i: _with_intro(i, "link-with-intro")),
    "homepage_link_with_intro": (False, lambda i: _with_intro(i, "homepage-link-with-intro")),
    "link_as_article_card": (False, lambda i: _with_intro(i, "article-card")),
}


class LinkNode(Node):
    """A link to another page, rendered with that page's title in the current version."""

    __slots__ = ("href", "origin", "style")

    def __init__(self, token: Token, href: str, style: str, origin: tuple[str, str]) -> None:
        super().__init__(token)
        self.href, self.style, self.origin = href, style, origin
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the link, or nothing when the target is not in this version."""
        short, style = STYLES[self.style]
        render = cast("Callable[[LinkInfo], str]", style)
        try:
            info = index_of(context).link_info(
                self.href,
                str(context.resolve("currentPageFile")),
                context.resolve("currentVersionObj"),
                str(context.resolve("currentLanguage")),
                trace_of(context),
                short=short,
            )
        except LookupError:  # no such page in any version: not a version's choice, a mistake
            hint = "link to a page's path below content/, for example /packages/quickstart"
            error = ConditionError(f"`{self.style}`: no page {self.href}", self.token, hint)
            at_render(context, error, self.origin)
            return 0
        return buffer.write(render(info)) if info else 0


def link_tag(tag_name: str) -> type[Tag]:
    """Make the tag class for one link style."""

    class LinkTag(Tag):
        name = tag_name
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token = stream.eat(TOKEN_TAG)
            if stream.current.kind != TOKEN_EXPRESSION or not stream.current.value.strip():
                raise ConditionError(
                    f"`{tag_name}` needs a path",
                    token,
                    f"for example {{% {tag_name} /packages/quickstart %}}",
                )
            env = cast("DocsEnvironment", self.env)
            return LinkNode(token, stream.current.value.strip(), tag_name, env.origin())

    LinkTag.__name__ = "".join(part.title() for part in tag_name.split("_")) + "Tag"
    return LinkTag


LINK_TAGS = [link_tag(name) for name in STYLES]
