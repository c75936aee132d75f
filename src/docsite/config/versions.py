"""Product versions: plans, releases, the names users give them, and semver ranges."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import nodesemver

from docsite.errors import UsageError


@dataclass(frozen=True)
class Plan:
    """A product plan such as `enterprise-server` (`ghes`), with its releases newest first."""

    name: str  # `enterprise-server`: in version ids and front matter
    short: str  # `ghes`: in `ifversion`, command lines and front matter
    title: str  # `Enterprise Server`: what readers see
    releases: tuple[str, ...]  # supported, published; `("latest",)` for an unnumbered plan
    deprecated: tuple[str, ...] = ()  # conditionals may still name them
    next: str | None = None  # the coming release: conditionals may name it
    url_segment: bool = True
    archived: tuple[str, ...] = ()  # deprecated releases still published, with a banner
    deprecation_dates: Mapping[str, str] = field(default_factory=dict)

    @property
    def numbered(self) -> bool:
        """Whether releases are numbers (`2.22`) rather than just `latest`."""
        return self.releases != ("latest",)

    def known_releases(self) -> tuple[str, ...]:
        """Every release a conditional may name: supported, next, deprecated."""
        upcoming = (self.next,) if self.next else ()
        return self.releases + upcoming + self.deprecated + self.archived

    def deprecation(self, release: str) -> tuple[str, bool]:
        """The date a release is (or was) discontinued, and whether it is published archived."""
        if release in self.archived:
            return self.deprecation_dates.get(release, ""), True
        oldest = self.numbered and release == self.releases[-1]
        return (self.deprecation_dates.get(release, "") if oldest else ""), False


@dataclass(frozen=True)
class Version:
    """One published version: a plan at a release, e.g. `enterprise-server@2.22`."""

    plan: str
    short: str
    release: str
    title: str
    in_url: bool
    deprecation: str = ""  # the date this release is or was discontinued, when it is near
    deprecated: bool = False  # archived: published past its deprecation, with a banner
    id: str = field(init=False, repr=False, compare=False)  # `plan@release`, read on every link

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.plan}@{self.release}")

    @property
    def name(self) -> str:
        """The short command-line name: `fpt`, `ghes-2.22`, `ghae`."""
        return self.short if self.release == "latest" else f"{self.short}-{self.release}"

    @property
    def segment(self) -> str:
        """The URL segment for this version, empty for the default version."""
        return self.id if self.in_url else ""


def release_key(release: str) -> tuple[int, ...]:
    """Sort key for dotted release numbers, so that 3.10 sorts after 3.9."""
    return tuple(int(part) for part in release.split(".") if part.isdigit())


DANGLING = re.compile(r"(?:<=?|>=?|=|~|\^)\s*(?:\|\||$)")
OPERATOR_SPACE = re.compile(r"([<>]=?|=|~|\^)\s+")
COMPARATOR = re.compile(r"(?:[<>]=?|=|~|\^)?v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2}")
RANGE_LENGTH = 200  # the longest range a real page writes is a few dozen characters


@lru_cache(maxsize=1024)
def parse_range(spec: str) -> nodesemver.Range:
    """Parse an npm-style semver range; raises ValueError when it does not parse.

    node-semver skips words it cannot read (`>=2.22 or 3.0` reads as `>=2.22`): every word
    must be a comparison, `-` between two versions, or `||`.
    """
    if not spec.strip():
        raise ValueError("empty range")
    if len(spec) > RANGE_LENGTH:
        raise ValueError(f"a range longer than {RANGE_LENGTH} characters")
    if DANGLING.search(spec):  # node-semver reads '>=2.22 <' as '>=2.22'
        raise ValueError("an operator with no version after it")
    for alternative in spec.split("||"):
        words = OPERATOR_SPACE.sub(r"\1", alternative).split()
        if not words:
            raise ValueError("an empty alternative beside `||`")
        for at, word in enumerate(words):
            hyphen = word == "-" and 0 < at < len(words) - 1
            if not hyphen and not COMPARATOR.fullmatch(word):
                raise ValueError(f"`{word}` is not a version comparison")
    return nodesemver.make_range(spec, loose=True)


@lru_cache(maxsize=4096)
def release_satisfies(release: str, spec: str) -> bool:
    """Whether a two-part release such as `2.22` lies in a range such as `>=2.20 <3.0`."""
    padded = ".".join([*release.split("."), "0", "0"][:3])
    return bool(parse_range(spec).test(nodesemver.make_semver(padded, loose=True)))


class Registry:
    """All plans in order, and the versions built for them."""

    def __init__(self, plans: tuple[Plan, ...], default: str | None = None) -> None:
        self.plans = plans
        self._by_plan = {p.name: p for p in plans} | {p.short: p for p in plans}
        self.versions = tuple(
            Version(p.name, p.short, r, _version_title(p, r), p.url_segment, *p.deprecation(r))
            for p in plans
            for r in p.releases + p.archived
        )
        if default is not None:  # the one version published without a URL segment
            chosen = self.resolve(default).id
            self.versions = tuple(
                dataclasses.replace(v, in_url=v.id != chosen) for v in self.versions
            )

    def plan(self, name: str) -> Plan | None:
        """Find a plan by long or short name."""
        return self._by_plan.get(name)

    def plan_names(self) -> list[str]:
        """Every accepted plan name, long and short."""
        return sorted(self._by_plan)

    def by_id(self, version_id: str) -> Version | None:
        """Find a published version by its canonical id."""
        return next((v for v in self.versions if v.id == version_id), None)

    def resolve(self, name: str) -> Version:
        """Resolve any name users give a version to one published version."""
        plan_name, _, release = name.partition("@") if "@" in name else _split_short(name)
        plan = self.plan(plan_name)
        if plan is not None:
            release = release or "latest"
            if release == "latest":
                release = plan.releases[0]
            found = self.by_id(f"{plan.name}@{release}")
            if found is not None:
                return found
        valid = ", ".join(v.name for v in self.versions)
        raise UsageError(f"unknown or unsupported version {name!r}; valid versions: {valid}")

    def is_known_id(self, version_id: str) -> bool:
        """Whether a conditional may name this id (supported, next, deprecated, placeholder)."""
        plan_name, _, release = version_id.partition("@")
        plan = self.plan(plan_name)
        if plan is None or plan.name != plan_name:
            return False
        if not plan.numbered:
            return release in ("latest", "next")
        return release in plan.known_releases() or release == "latest"

    def applicable(self, spec: Mapping[str, str]) -> tuple[list[Version], bool]:
        """Versions a front-matter `versions` mapping selects, and whether only `next` matched."""
        chosen: set[str] = set()
        next_only = False
        for key, rng in spec.items():
            plan = self.plan(key)
            assert plan is not None, key
            if rng == "next":  # the engine's literal for "not released yet"
                next_only = True
                continue
            if not plan.numbered:
                chosen.add(f"{plan.name}@latest")
                continue
            hits = [r for r in plan.releases + plan.archived if release_satisfies(r, rng)]
            chosen.update(f"{plan.name}@{r}" for r in hits)
            next_only |= not hits and bool(plan.next) and release_satisfies(str(plan.next), rng)
        return [v for v in self.versions if v.id in chosen], next_only and not chosen


def _split_short(name: str) -> tuple[str, str, str]:
    head, sep, tail = name.rpartition("-")
    if sep and tail[:1].isdigit():
        return head, sep, tail
    return name, "", ""


def _version_title(plan: Plan, release: str) -> str:
    return plan.title if release == "latest" else f"{plan.title} {release}"


def plans_from_data(raw: object) -> tuple[Plan, ...]:
    """The plans of the `plans:` list of a config file (already YAML-loaded)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("plans"), list):
        raise ValueError("expected a mapping with a `plans:` list")
    return tuple(_plan(entry) for entry in raw["plans"])


def _plan(entry: Mapping[str, object]) -> Plan:
    releases = tuple(str(r) for r in entry.get("releases") or ["latest"])  # type: ignore[attr-defined]
    deprecated = tuple(str(r) for r in entry.get("deprecated") or [])  # type: ignore[attr-defined]
    nxt = entry.get("next")
    archived = tuple(str(r) for r in entry.get("archived") or [])  # type: ignore[attr-defined]
    dates = entry.get("dates") or {}
    if not isinstance(dates, Mapping):
        raise ValueError("`dates` maps releases to {release: DATE, deprecation: DATE}")
    return Plan(
        name=str(entry["plan"]),
        short=str(entry["short"]),
        title=str(entry.get("title", entry["plan"])),
        releases=tuple(sorted(releases, key=release_key, reverse=True))
        if releases != ("latest",)
        else releases,
        deprecated=deprecated,
        next=str(nxt) if nxt else None,
        url_segment=bool(entry.get("url_segment", True)),
        archived=archived,
        deprecation_dates={
            str(r): str(d["deprecation"])
            for r, d in dates.items()
            if isinstance(d, Mapping) and d.get("deprecation")
        },
    )
