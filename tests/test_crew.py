"""The crew: forked workers kept between rounds, a later round's items sent back by affinity."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, site_paths
from docsite.build.crew import Crew
from docsite.cli import main

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def remembering() -> tuple[dict[str, int], Callable[[str], tuple[str, int, bool]]]:
    """A function whose process remembers each item it saw: a later item says if it was seen."""
    seen: dict[str, int] = {}

    def function(item: str) -> tuple[str, int, bool]:
        known = item in seen
        seen[item] = 1
        return item, os.getpid(), known

    return seen, function


def test_a_later_round_finds_its_items_in_the_caches_of_the_worker_named():
    seen, function = remembering()
    with Crew(function, 2) as crew:
        pids: dict[int, int] = {}
        did: dict[str, int] = {}
        for worker, (item, pid, known) in crew.map([f"page-{i}" for i in range(40)]):
            assert pids.setdefault(worker, pid) == pid and not known
            did[item] = worker
        assert set(pids) == {0, 1} and len(set(pids.values())) == 2  # two processes worked
        # two items back to each worker that saw them: all sent at once, none taken by another
        back = [i for i in did if did[i] == 0][:2] + [i for i in did if did[i] == 1][:2]
        results = list(crew.map(back, [did[i] for i in back]))
        assert sorted(item for _, (item, _, _) in results) == sorted(back)
        assert all(known and pids[worker] == pid for worker, (_, pid, known) in results)
        # and sent to the other worker, they are not known there
        swapped = list(crew.map(back, [1 - did[i] for i in back]))
        assert not any(known for _, (_, _, known) in swapped)
    assert not seen  # the parent's own memory was never touched: the work ran in the workers


def test_with_one_job_the_items_are_done_here_in_order():
    seen, function = remembering()
    with Crew(function, 1) as crew:
        results = list(crew.map(["a", "b", "a"]))
    assert [(item, known) for _, (item, _, known) in results] == [
        ("a", False),
        ("b", False),
        ("a", True),
    ]
    assert {pid for _, (_, pid, _) in results} == {os.getpid()}
    assert set(seen) == {"a", "b"}


def test_a_workers_exception_is_raised_in_the_parent():
    def function(item: int) -> int:
        if item == 3:
            raise ValueError(f"bad item {item}")
        return item

    with Crew(function, 2) as crew, pytest.raises(ValueError, match="bad item 3"):
        list(crew.map(list(range(10))))


def test_a_worker_that_dies_is_an_error_not_a_wait_forever():
    def function(item: int) -> int:
        if item == 5:
            os._exit(3)
        return item

    with Crew(function, 2) as crew, pytest.raises(RuntimeError, match="ended before its work"):
        list(crew.map(list(range(10))))


def test_without_fork_nothing_is_forked_until_a_round_asks_for_it():
    _, function = remembering()
    with Crew(function, 2) as crew:
        here = list(crew.map(["a"], fork=False))
        assert here[0][1][1] == os.getpid() and not crew.processes
        there = list(crew.map(["b", "c"]))
        assert os.getpid() not in {pid for _, (_, pid, _) in there}
        assert len(crew.processes) == 2
        # once forked, a round that would not fork goes to the workers too
        later = list(crew.map(["d"], fork=False))
        assert later[0][1][1] != os.getpid()


def test_a_keep_going_build_on_two_workers_writes_what_one_process_writes(tmp_path, capsys):
    # 300 pages in four versions: the first round forks; the pages linking to the failed page
    # are laid out again by the workers that rendered them, and must come out as one process
    # doing everything writes them
    generate(tmp_path / "src", 300)
    failing = tmp_path / "src" / "content" / "section-0" / "page-0.md"
    failing.write_text(failing.read_text() + "\n{% data variables.nope.x %}\n")
    # each reusable warns as it is parsed: every page reading one says so, on any worker
    for reusable in (tmp_path / "src" / "data" / "reusables" / "shared").glob("*.md"):
        old = '{% if currentVersion ver_lt "enterprise-server@2.23" %}Old.{% endif %}'
        reusable.write_text(reusable.read_text().rstrip("\n") + old + "\n")
    outs = {}
    for jobs in ("1", "2"):
        out = outs[jobs] = tmp_path / f"out-{jobs}"
        args = ["build", "--source", str(tmp_path / "src"), "--out", str(out), "--keep-going"]
        assert main([*args, "--jobs", jobs]) == 1
        err = capsys.readouterr().err
        assert "not written: /en/section-0/page-0/" in err
    one, two = (
        {p.relative_to(outs[j]).as_posix(): p.read_bytes() for p in site_paths(outs[j])}
        for j in ("1", "2")
    )
    assert one == two
    said = [warnings_by_page(outs[j]) for j in ("1", "2")]
    assert said[0] == said[1]
    reading = [url for url in said[0] if "/page-" in url]
    assert reading and all("data/reusables/shared/" in " ".join(said[0][url]) for url in reading)
    content = tmp_path / "src" / "content"
    linking = [
        f"en/{md.relative_to(content).with_suffix('').as_posix()}/index.html"
        for md in content.rglob("page-*.md")
        if "(/section-0/page-0)" in md.read_text()
    ]
    assert linking  # pages whose text links to it: laid out again, the link is text now
    assert not any(b'href="/en/section-0/page-0/"' in one[rel] for rel in linking)


def warnings_by_page(out: Path) -> dict[str, set[str]]:
    """The warnings the build's manifest holds for each page (its file, line and message)."""
    pages = json.loads((out / ".docsite" / "manifest.json").read_text())["pages"]
    return {
        url: {f"{w[1]}:{w[2]}: {w[0]}" for w in entry.get("warnings", [])}
        for url, entry in pages.items()
    }
