"""Liquid for docs: python-liquid 2 with GitHub's tags (`tags/`), conditions and modes."""

from __future__ import annotations

from collections.abc import Callable

from docsite.config import Registry
from docsite.config.switchers import Switchers
from docsite.render.liquid.environment import DocsEnvironment

__all__ = ["DocsEnvironment", "environment", "version_num"]
from docsite.render.liquid.tags import register
from docsite.source.data import DataStore
from docsite.source.features import Features


def version_num(value: object) -> str:
    """The `version_num` filter: `enterprise-server@3.0` -> `3.0`."""
    return str(value).rpartition("@")[2]


def environment(
    registry: Registry,
    data: DataStore,
    features: Features | None = None,
    mode_of: Callable[[str], str] = lambda path: "strict",
    switchers: Switchers | None = None,
) -> DocsEnvironment:
    """A Liquid environment with every tag and filter of GitHub's docs registered."""
    env = DocsEnvironment(registry, data, features, mode_of)
    register(env, switchers or Switchers())
    env.add_filter("version_num", version_num)
    return env
