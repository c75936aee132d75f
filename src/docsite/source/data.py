"""Variables and reusables from `data/`, per language, falling back to English."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from liquid.exceptions import LiquidError

from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import problem_of
from docsite.errors import DocsiteError, Location, SourceError, did_you_mean
from docsite.source.files import read_text

DATA_SUFFIXES = (".md", ".yml", ".yaml")


@dataclass(frozen=True)
class DataValue:
    """The text behind a `data` key and the file it came from."""

    key: str
    text: str
    path: str
    language: str


class DataMiss(LookupError):
    """A `data` key that names nothing; carries a hint with the closest key."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DataPathError(LiquidError):
    """`site.data.…` that names nothing."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, token=None)
        self.hint = hint


def utf8(name: str) -> bool:
    """Whether a file name read from disk is UTF-8 text (not surrogate-escaped bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class DataTree:
    """The files of one language's `data/` folder, indexed by dotted key, read on demand."""

    def __init__(self, root: Path, display_root: Path) -> None:
        self.root = root
        self.display_root = display_root
        self.files: dict[str, Path] = {}
        self.problems: list[DocsiteError] = []  # files that cannot be data at all
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                wanted = path.suffix in DATA_SUFFIXES and path.name != "README.md"
                if not wanted or not (path.is_file() or path.is_symlink()):  # a bad link: its error
                    continue
                key = ".".join(path.relative_to(root).with_suffix("").parts)
                if not key.isascii() and not utf8(key):
                    shown = self.display(path).encode("utf-8", "replace").decode("utf-8")
                    self.problems.append(
                        SourceError(
                            "the file's name is not UTF-8 text: no key can name it",
                            Location(shown),
                            "rename the file with UTF-8 letters (the key is its name)",
                        )
                    )
                    continue
                self.files[key] = path
        self._loaded: dict[Path, object] = {}
        self.broken: dict[str, DocsiteError] = {}  # display path -> why it is not data

    def display(self, path: Path) -> str:
        """The path as shown in messages, relative to the source root."""
        return str(self.display_root / path.relative_to(self.root))

    def load(self, path: Path) -> object:
        """Read a data file once: Markdown as text, YAML as objects (None if it is broken)."""
        if path not in self._loaded:
            text = read_text(path, self.root, self.display(path))
            if path.suffix == ".md":
                self._loaded[path] = text
            else:
                try:
                    self._loaded[path] = load_yaml(text)
                except yaml.YAMLError as exc:
                    problem, where = problem_of(exc, self.display(path), text)
                    self.broken[self.display(path)] = SourceError(
                        f"not valid YAML: {problem}", where
                    )
                    self._loaded[path] = None
        return self._loaded[path]

    def path_of(self, display: str) -> Path | None:
        """The file shown as `display` (relative to the source root), if it is one of these."""
        return next((p for p in self.files.values() if self.display(p) == display), None)

    def forget(self, path: Path) -> None:
        """Drop what was read from a file that changed."""
        self._loaded.pop(path, None)
        self.broken.pop(self.display(path), None)

    def get(self, key: str) -> tuple[object, Path] | None:
        """The value at a dotted key, or None."""
        parts = key.split(".")
        for cut in range(len(parts), 0, -1):
            path = self.files.get(".".join(parts[:cut]))
            if path is None:
                continue
            value = self.load(path)
            for part in parts[cut:]:
                value = _child(value, part)
            return (value, path) if value is not None else None
        return None

    def children(self, prefix: str) -> list[str]:
        """Names one level below a dotted prefix, for suggestions."""
        names: set[str] = set()
        dotted = prefix + "." if prefix else ""
        for key, path in self.files.items():
            if key.startswith(dotted):
                names.add(key[len(dotted) :].split(".")[0])
            elif key == prefix and isinstance(value := self.load(path), dict):
                names.update(str(k) for k in value)
        found = self.get(prefix) if prefix and not names else None
        if found and isinstance(found[0], dict):
            names.update(str(k) for k in found[0])
        return sorted(names)


def _child(value: object, part: str) -> object:
    """One step down a YAML value: a mapping key or a list index."""
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list) and part.isdigit() and int(part) < len(value):
        return value[int(part)]
    return None


class DataStore:
    """Data trees for every language; lookups fall back to English key by key."""

    def __init__(self, trees: dict[str, DataTree]) -> None:
        self.trees = trees
        self._cache: dict[tuple[str, str], DataValue] = {}

    def problems(self) -> list[DocsiteError]:
        """Files of every language's `data/` that cannot be data (names that are not text)."""
        return [p for tree in self.trees.values() for p in tree.problems]

    def files(self) -> list[str]:
        """Every data file of every language, as shown in messages."""
        return sorted(t.display(p) for t in self.trees.values() for p in t.files.values())

    def forget(self, display: str) -> None:
        """Drop the values looked up in a file that changed."""
        self._cache = {k: v for k, v in self._cache.items() if v.path != display}

    def lookup(self, language: str, key: str) -> DataValue:
        """Return the text at `key`, trying the language first, then English."""
        found = self.get(language, key)
        if found is None:
            raise self.miss(key)
        return found

    def get(self, language: str, key: str) -> DataValue | None:
        """Like `lookup`, but None for a missing key (and no suggestion is computed)."""
        cached = self._cache.get((language, key))
        if cached is not None:
            return cached
        for lang in dict.fromkeys((language, "en")):
            tree = self.trees.get(lang)
            found = tree.get(key) if tree else None
            if found is not None and tree is not None:
                value, path = found
                if isinstance(value, dict | list):
                    continue
                result = DataValue(key, str(value), tree.display(path), lang)
                self._cache[(language, key)] = result
                return result
        return None

    def miss(self, key: str) -> DataMiss:
        tree = self.trees["en"]
        parts = key.split(".")
        for cut in range(len(parts), 0, -1):  # the key's file may be there but not valid YAML
            path = tree.files.get(".".join(parts[:cut]))
            if path is not None and tree.display(path) in tree.broken:
                broken = tree.broken[tree.display(path)]
                return DataMiss(
                    f"data file {tree.display(path)} is not valid YAML",
                    f"{broken.location}: {broken.message}",
                )
        if below := tree.children(key):
            return DataMiss(
                f"data key `{key}` is a group, not a value", "name one of: " + ", ".join(below[:12])
            )
        for depth in range(len(parts) - 1, -1, -1):
            prefix = ".".join(parts[:depth])
            options = tree.children(prefix)
            if options:
                near = f"{prefix}." if prefix else ""
                hint = did_you_mean(parts[depth], options, cutoff=0.5, prefix=near)
                hint = hint or "existing keys here: " + ", ".join(options[:10])
                return DataMiss(f"data key `{key}` not found", hint)
        return DataMiss(
            f"data key `{key}` not found", "data keys start with variables. or reusables."
        )


class DataView(Mapping[str, object]):
    """`site.data` of the 2021 engine: a lazy, read-only view of one language's data.

    The files it reads are added to `used` (the render's record of what it depended on).
    """

    def __init__(self, store: DataStore, language: str, used: set[str], prefix: str = "") -> None:
        self.store, self.language, self.used, self.prefix = store, language, used, prefix

    def __getitem__(self, key: str) -> object:
        full = f"{self.prefix}.{key}" if self.prefix else key
        for lang in dict.fromkeys((self.language, "en")):
            tree = self.store.trees.get(lang)
            found = tree.get(full) if tree else None
            if found is not None and tree is not None:
                self.used.add(tree.display(found[1]))
                value = found[0]
                return self.below(full) if isinstance(value, dict) else value
        if self.store.trees["en"].children(full):
            return self.below(full)
        miss = self.store.miss(full)
        # Not a KeyError: python-liquid would render that as nothing, silently.
        raise DataPathError(miss.message.replace(f"`{full}`", f"`site.data.{full}`"), miss.hint)

    def below(self, prefix: str) -> DataView:
        """The view of a group of keys."""
        return DataView(self.store, self.language, self.used, prefix)

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
        except DataPathError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.trees["en"].children(self.prefix))

    def __len__(self) -> int:
        return len(self.store.trees["en"].children(self.prefix))
