"""Build the project's site and the April-2021 corpus at a git ref and in this tree; compare.

    python scripts/same_output.py [REF]      (default REF: HEAD)
    python scripts/same_output.py REF --except _pagefind   (a change meant to alter search files)

Each build runs in a fresh process from its own source tree (a `git worktree` for REF), every
version and language, into folders under a temporary directory; the outputs are compared file
by file and a hash of each whole output is printed. Exit 1 when anything differs. Used to show
that a restructuring changed no byte of what docsite writes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "github-docs-2021-04"


def build(code: Path, source: Path, out: Path, *extra: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(code / "src"))
    args = [sys.executable, "-m", "docsite", "build", "--source", str(source), "--out", str(out)]
    subprocess.run([*args, *extra], env=env, cwd=code, check=False, capture_output=True)


STATE = {".docsite/manifest.json", ".docsite/stamp.json"}


def tree_hash(folder: Path) -> tuple[str, dict[str, str]]:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel not in STATE:  # what the next build reads, not the site
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    whole = hashlib.sha256("".join(f"{k} {v}\n" for k, v in files.items()).encode()).hexdigest()
    return whole, files


def sites(code: Path, into: Path) -> dict[str, Path]:
    outs = {"own site": into / "own", "April-2021 corpus": into / "corpus"}
    build(code, code, outs["own site"])
    if CORPUS.is_dir():
        skips = code / "tests" / "corpus-skips.txt"
        build(code, CORPUS, outs["April-2021 corpus"], "--keep-going", "--skip-file", str(skips))
    return outs


def main() -> int:
    args = sys.argv[1:]
    left_out = args[args.index("--except") + 1] if "--except" in args else None
    args = [a for a in args if a not in ("--except", left_out)]
    ref = args[0] if args else "HEAD"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), ref], cwd=ROOT, check=True)
        try:
            before = sites(base, Path(tmp) / "before")
            after = sites(ROOT, Path(tmp) / "after")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT)
        same = True
        for name in before:
            (h1, f1), (h2, f2) = tree_hash(before[name]), tree_hash(after[name])
            differ = sorted(k for k in f1.keys() | f2.keys() if f1.get(k) != f2.get(k))
            print(f"{name}: {len(f1)} files at {ref} sha256 {h1}; {len(f2)} now sha256 {h2}")
            if left_out:  # files whose path holds it are meant to differ: counted, not compared
                print(f"  {sum(left_out in k for k in differ)} differ under {left_out!r}")
                differ = [k for k in differ if left_out not in k]
            for rel in differ[:20]:
                print(f"  differs: {rel}")
            same &= not differ
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
