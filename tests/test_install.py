"""docsite as a user installs it: declared imports, the wheel in a fresh venv, the CLI's help."""

import ast
import re
import subprocess
import sys
import tomllib
import venv
from importlib import metadata
from pathlib import Path

import pytest

from conftest import ROOT
from docsite.cli import main

SRC = ROOT / "src" / "docsite"


def imported_modules() -> dict[str, str]:
    """Each top-level module the package imports, with one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def declared() -> set[str]:
    """The distributions pyproject.toml declares as run-time dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        canonical(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]
    }


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_import_is_the_standard_library_docsite_or_a_declared_dependency():
    providers = metadata.packages_distributions()
    undeclared = []
    for module, where in imported_modules().items():
        if module in sys.stdlib_module_names or module in ("docsite", "__future__"):
            continue
        dists = {canonical(d) for d in providers.get(module, [])}
        if not dists & declared():
            undeclared.append(f"{module} (imported by {where}; installed as {sorted(dists)})")
    assert not undeclared, "imports not declared in pyproject.toml: " + "; ".join(undeclared)


def test_the_import_check_sees_third_party_imports():
    # The check above passes vacuously if the walk finds nothing: it must see these.
    modules = imported_modules()
    for name in ("liquid", "markdown_it", "yaml", "jinja2", "octicons_pack", "nodesemver"):
        assert name in modules


def test_installed_metadata_matches_pyproject():
    requires = {
        canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0])
        for r in metadata.requires("docsite") or []
        if "extra ==" not in r
    }
    assert requires == declared()


def test_version_and_help_describe_every_command_and_option(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"docsite {metadata.version('docsite')}"
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    for command in ("build", "serve", "check", "new"):
        assert re.search(rf"^\s+{command}\s+\S", top, re.M), command
    options = {
        "build": [
            "--source",
            "--config",
            "--out",
            "--version",
            "--lang",
            "--strict",
            "--keep-going",
            "--skip-file",
            "--jobs",
            "--no-redirect-stubs",
            "--verbose",
        ],
        "serve": ["--port", "--host", "--version", "--config"],
        "check": ["--version", "--lang", "--strict", "--config"],
        "new": ["DIR"],
    }
    for command, expected in options.items():
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        for option in expected:
            assert re.search(rf"^\s+{re.escape(option)}\b.*\S", text, re.M), (command, option)


def test_version_option_still_selects_versions_to_build(tmp_path, capsys):
    assert main(["new", str(tmp_path / "d")]) == 0
    out = tmp_path / "out"
    assert main(["--source", str(tmp_path / "d"), "--out", str(out), "--version", "ghes-3.0"]) == 0
    assert (
        out / "en" / "enterprise-server@3.0" / "getting-started" / "installing" / "index.html"
    ).is_file()
    assert not (out / "en" / "getting-started").exists()


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with nothing but docsite's wheel and what it declares."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("docsite-*.whl")
    env = base / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env)
    subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env


def run(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(env / "bin" / "docsite"), *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_wheel_builds_a_site_that_has_no_templates_folder(fresh_venv, tmp_path):
    python = fresh_venv / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import docsite; print(docsite.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(fresh_venv) in where and str(ROOT) not in where  # the installed copy, not this tree
    project = tmp_path / "docs"
    created = run(fresh_venv, "new", str(project), cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert sorted(p.name for p in project.iterdir()) == [
        ".gitignore",
        "content",
        "data",
        "docsite.yml",
    ]
    built = run(fresh_venv, "build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    site = project / "_site"
    fpt = (site / "en" / "getting-started" / "installing" / "index.html").read_text(
        encoding="utf-8"
    )
    ghes = (
        site / "en" / "enterprise-server@3.1" / "getting-started" / "installing" / "index.html"
    ).read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="/assets/docsite.css">' in fpt
    assert (site / "assets" / "docsite.css").read_bytes() == (
        SRC / "layout" / "theme" / "assets" / "docsite.css"
    ).read_bytes()
    assert "there is nothing to install" in fpt and "Enterprise Server 3.1 instance" in ghes
    assert "on your company's own server" in ghes and "own server" not in fpt
    assert (
        '<link rel="canonical" href="https://docs.example.com/en/getting-started/installing/">'
        in fpt
    )
    assert (
        "<loc>https://docs.example.com/en/enterprise-server@3.0/</loc>"
        in (site / "en" / "enterprise-server@3.0" / "sitemap.xml").read_text()
    )
    # The installed search binary ran: an index for each language.
    assert (site / "en" / "_pagefind" / "pagefind.js").is_file()
    assert run(fresh_venv, "--version", cwd=project).stdout.startswith("docsite ")


def test_the_wheel_serves_a_new_site(fresh_venv, tmp_path):
    project = tmp_path / "docs"
    assert run(fresh_venv, "new", str(project), cwd=tmp_path).returncode == 0
    proc = subprocess.Popen(
        [str(fresh_venv / "bin" / "docsite"), "serve", "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("serving on http://127.0.0.1:"), line
        import urllib.request

        with urllib.request.urlopen(
            line.split()[-1] + "getting-started/installing/", timeout=5
        ) as r:
            assert "Installing Acme" in r.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ci_runs_the_readmes_test_command_verbatim_in_a_new_venv():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    install, test = commands
    assert "python -m venv" in install and "python -m venv --clear" in test
    assert "pip install -q -e '.[test]'" in test and test.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == test
