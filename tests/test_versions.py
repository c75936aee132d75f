import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, VERSIONS
from docsite.config.versions import Registry, plans_from_data, release_satisfies
from docsite.errors import UsageError
from docsite.plan.urls import page_url

REGISTRY = Registry(plans_from_data(yaml.safe_load(VERSIONS)))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fpt", "free-pro-team@latest"),
        ("free-pro-team@latest", "free-pro-team@latest"),
        ("free-pro-team", "free-pro-team@latest"),
        ("ghes-2.22", "enterprise-server@2.22"),
        ("ghes@2.22", "enterprise-server@2.22"),
        ("enterprise-server@2.22", "enterprise-server@2.22"),
        ("ghes", "enterprise-server@3.0"),
        ("enterprise-server@latest", "enterprise-server@3.0"),
        ("ghae", "github-ae@latest"),
        ("github-ae@latest", "github-ae@latest"),
    ],
)
def test_every_way_of_naming_a_version_resolves(name, expected):
    assert REGISTRY.resolve(name).id == expected


@pytest.mark.parametrize("name", ["ghes-2.21", "ghes-9.9", "enterprise-server@3.1", "gh", "fpt@2"])
def test_unknown_or_unsupported_versions_are_usage_errors(name):
    with pytest.raises(UsageError, match=r"valid versions: fpt, ghes-3\.0, ghes-2\.22, ghae"):
        REGISTRY.resolve(name)


@pytest.mark.parametrize(
    ("spec", "releases"),
    [
        ("*", ["2.20", "2.22", "3.0", "3.1", "3.10"]),
        (">=2.22", ["2.22", "3.0", "3.1", "3.10"]),
        (">=2.20 <3.0", ["2.20", "2.22"]),
        ("<3.0 || >3.1", ["2.20", "2.22", "3.10"]),
        (">2.22", ["3.0", "3.1", "3.10"]),
    ],
)
def test_npm_ranges_on_two_part_releases(spec, releases):
    candidates = ["2.20", "2.22", "3.0", "3.1", "3.10"]
    assert [r for r in candidates if release_satisfies(r, spec)] == releases


def test_page_versions_select_plans_and_releases():
    found, next_only = REGISTRY.applicable({"free-pro-team": "*", "enterprise-server": ">=3.0"})
    assert [v.name for v in found] == ["fpt", "ghes-3.0"]
    assert not next_only
    assert REGISTRY.applicable({"enterprise-server": ">=3.1"}) == ([], True)


def test_cli_exits_2_and_lists_valid_versions_for_unknown_version():
    proc = subprocess.run(
        [
            sys.executable,
            "build.py",
            "--version",
            "ghes-9.9",
            "--out",
            "/nonexistent/never-written",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "unknown or unsupported version 'ghes-9.9'" in proc.stderr
    assert "valid versions: fpt, ghes-3.0, ghes-2.22, ghae" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("language", "version", "route", "url"),
    [
        ("cn", "ghes-2.22", "packages/x", "/cn/enterprise-server@2.22/packages/x/"),
        ("en", "fpt", "packages/x", "/en/packages/x/"),  # the default version has no segment
        ("en", "fpt", "", "/en/"),
        ("en", "ghae", "", "/en/github-ae@latest/"),
        ("", "ghes-3.0", "admin", "/enterprise-server@3.0/admin/"),  # a redirect source's form
        ("", "fpt", "admin", "/admin/"),
        ("", "ghes-3.0", "", "/enterprise-server@3.0/"),
    ],
)
def test_a_page_url_names_its_language_version_and_route(language, version, route, url):
    assert page_url(language, REGISTRY.resolve(version), route) == url
