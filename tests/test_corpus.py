"""The real GitHub docs corpus of April 2021: every version, both languages (about a minute).

Run alone with `python -m pytest -m corpus`. The corpus lives in ../shared and is never copied.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from pathlib import Path

import nodesemver
import pytest
import yaml

from conftest import CORPUS, ROOT, site_paths
from docsite.cli import main

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout"),
]

VERSIONS = {
    "fpt": "",
    "ghes-3.0": "enterprise-server@3.0/",
    "ghes-2.22": "enterprise-server@2.22/",
    "ghes-2.21": "enterprise-server@2.21/",
    "ghae": "github-ae@latest/",
}
GHES = ("ghes-3.0", "ghes-2.22", "ghes-2.21")
CODE = re.compile(r"<pre.*?</pre>|<code.*?</code>", re.S)


def listed(name: str) -> list[str]:
    lines = (ROOT / "tests" / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def build_corpus(out: Path, *extra: str) -> tuple[Path, str, int]:
    """Every version and language of the corpus: the output, what it said, its exit code."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            [
                "build",
                "--source",
                str(CORPUS),
                "--out",
                str(out),
                "--keep-going",
                "--skip-file",
                str(ROOT / "tests" / "corpus-skips.txt"),
                "--no-redirect-stubs",
                *extra,
            ]
        )
    return out, err.getvalue(), code


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    return build_corpus(tmp_path_factory.mktemp("corpus") / "site")


def test_sharing_renders_changes_no_byte_of_any_version_or_language(corpus, tmp_path):
    """Each distinct text rendered once writes what rendering every version apart writes."""
    out, said, code = corpus
    each, said_each, code_each = build_corpus(tmp_path / "each", "--render-each-version")
    assert code == code_each
    last = " page renders in "  # the summary line differs in its time only

    def problems(err: str) -> list[str]:  # progress lines count pages as batches come back
        return [
            line.split(last)[0] for line in err.splitlines() if not line.startswith("rendering: ")
        ]

    assert problems(said) == problems(said_each)
    files = [p.relative_to(out) for p in site_paths(out)]
    assert files == [p.relative_to(each) for p in site_paths(each)]
    assert len(files) > 20_000  # pages, twins, indexes and maps of 9,700 renders (no stubs)
    assert [f for f in files if (out / f).read_bytes() != (each / f).read_bytes()] == []


def html(out: Path, version: str, route: str, lang: str = "en") -> str:
    return (out / lang / VERSIONS[version] / route / "index.html").read_text(encoding="utf-8")


def test_only_the_corpus_real_mistakes_are_reported(corpus):
    _, err, code = corpus
    assert code == 1  # the corpus has real mistakes; --keep-going still writes the site
    reported = [
        re.sub(r" \(in [^)]*\)$", "", line)
        for line in err.splitlines()
        if re.match(r"^\S+(:\d+:\d+)?: error: ", line)
    ]
    assert sorted(reported) == sorted(listed("corpus-expected-errors.txt"))
    not_written = sorted(
        line.removeprefix("not written: ")
        for line in err.splitlines()
        if line.startswith("not written: ")
    )
    assert not_written == sorted(listed("corpus-not-written.txt"))
    assert "Traceback" not in err


def test_the_examples_the_issue_names_are_reported_with_their_line(corpus):
    _, err, _ = corpus
    assert (
        "content/packages/learn-github-packages/about-github-packages.md:96:53: error: "
        "expected a value, found `if`"
    ) in err
    assert "hint: there is an extra `if`: write `or currentVersion ...`" in err


def test_skips_are_only_the_generated_reference_pages(corpus):
    _, err, _ = corpus
    skipped = [line for line in err.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 44
    assert all(
        re.match(r"skipped: content/(rest|graphql)/reference/", s)
        or "content/graphql/overview/" in s
        or "webhookPayloadsForCurrentVersion" in s  # the generated webhook payloads
        for s in skipped
    )


def test_no_liquid_is_left_outside_code(corpus):
    out, _, _ = corpus
    pages = list(out.rglob("index.html"))
    assert len(pages) > 9000
    for path in pages:
        text = CODE.sub("", path.read_text(encoding="utf-8"))
        for marker in ("{%", "{{", "%}"):
            assert marker not in text, f"{path}: {marker}"


def test_every_page_of_every_version_and_language_is_present(corpus):
    out, _, _ = corpus
    skipped = {line.split()[0] for line in listed("corpus-skips.txt")}
    not_written = set(listed("corpus-not-written.txt"))
    counts: Counter[str] = Counter()
    for md in sorted((CORPUS / "content").rglob("*.md")):
        rel = md.relative_to(CORPUS).as_posix()
        if md.name == "README.md" or rel in skipped:
            continue
        route = rel.removeprefix("content/").removesuffix(".md").removesuffix("index").strip("/")
        for lang in ("en", "cn"):
            for name, segment in VERSIONS.items():
                url = "/" + "/".join(p for p in (lang, segment.strip("/"), route) if p) + "/"
                if (out / url.strip("/") / "index.html").is_file():
                    counts[f"{name}/{lang}"] += 1
                else:
                    assert url in not_written or name not in page_versions(md), url
    print("\npages per version and language:", dict(sorted(counts.items())))
    assert counts["fpt/en"] > 1000 and counts["ghes-2.22/cn"] > 700
    assert counts["fpt/en"] == counts["fpt/cn"]  # every language has the same URLs


def page_versions(md: Path) -> set[str]:
    """Versions a corpus page is for, from its front matter with PyYAML and node-semver alone."""
    spec = yaml.safe_load(md.read_text(encoding="utf-8").split("---")[1])["versions"]
    if spec == "*":
        return set(VERSIONS)
    found = set()
    for plan, rng in spec.items():
        if plan == "free-pro-team":
            found.add("fpt")
        elif plan == "github-ae" and rng != "next":
            found.add("ghae")
        elif plan == "enterprise-server":
            found.update(v for v in GHES if nodesemver.satisfies(v[5:] + ".0", rng, loose=True))
    return found


# Version-specific text, read from the corpus sources. Each row: page route, a sentence, and
# the versions whose page must contain it; every other version of the page must not.
CASES = [
    # {% if currentVersion == "free-pro-team@latest" %} in publishing-a-package.md
    (
        "packages/learn-github-packages/publishing-a-package",
        "If a new version of a package fixes a security vulnerability",
        {"fpt"},
    ),
    # {% if currentVersion == "free-pro-team@latest" or ... == "github-ae@latest" %}...{% else %}
    (
        "packages/learn-github-packages/publishing-a-package",
        "supported package client",
        {"fpt", "ghae"},
    ),
    (
        "packages/learn-github-packages/publishing-a-package",
        "package type enabled for your instance",
        {"ghes-3.0", "ghes-2.22"},
    ),
    # reusables.package_registry.packages-ghes-release-stage: == "enterprise-server@2.22"
    (
        "packages/learn-github-packages/publishing-a-package",
        "is currently in beta for GitHub Enterprise Server 2.22",
        {"ghes-2.22"},
    ),
    (
        "actions/hosting-your-own-runners/adding-self-hosted-runners",
        "To add a self-hosted runner to an enterprise account",
        {"fpt"},
    ),
    (
        "code-security/supply-chain-security/exploring-the-dependencies-of-a-repository",
        "Dependencies are grouped by ecosystem",
        {"fpt"},
    ),
    (
        "developers/apps/using-the-github-api-in-your-app",
        "You can check out successful examples of apps on",
        {"fpt"},
    ),
    # {% if currentVersion != "github-ae@latest" %}
    (
        "github/administering-a-repository/deleting-a-repository",
        "Deleting a public repository will not delete any forks",
        {"fpt", *GHES},
    ),
    # {% if currentVersion == "github-ae@latest" %}
    (
        "admin/configuration/configuring-email-for-notifications",
        "Enterprise owners can configure email for notifications",
        {"ghae"},
    ),
    (
        "actions/learn-github-actions/managing-complex-workflows",
        "This example shows how a workflow can use labels to specify the required runner",
        {"ghae"},
    ),
    # ver_gt "enterprise-server@2.21": 3.0 and 2.22, not 2.21 (the boundary)
    (
        "admin/configuration/command-line-utilities",
        "Allows you to exempt a list of users from API rate limits",
        {"ghes-3.0", "ghes-2.22"},
    ),
    (
        "admin/authentication/using-saml",
        "To restore the user's access, you'll need to update",
        {"ghes-3.0", "ghes-2.22"},
    ),
    (
        "code-security/secure-coding/configuring-code-scanning",
        "You must ensure that Git is in the PATH variable on your self-hosted runners",
        {"ghes-3.0"},
    ),
    # ver_gt "enterprise-server@2.22": only 3.0
    (
        "packages/guides/configuring-docker-for-use-with-github-packages",
        "These examples assume your instance has subdomain isolation enabled",
        {"ghes-3.0"},
    ),
    # ver_lt "enterprise-server@3.0": 2.22 and 2.21, not 3.0 (the boundary)
    (
        "github/authenticating-to-github/reviewing-your-ssh-keys",
        "If you're using OpenSSH 6.7 or older",
        {"ghes-2.22", "ghes-2.21"},
    ),
    # enterpriseServerVersions contains currentVersion
    (
        "packages/guides/configuring-gradle-for-use-with-github-packages",
        "Replace <em>REGISTRY-URL</em> with the URL for your instance",
        set(GHES) - {"ghes-2.21"},
    ),
    # currentVersion == "github-ae@next" never matches; ver_gt 3.1 matches nothing here
    (
        "developers/apps/refreshing-user-to-server-access-tokens",
        "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
        {"fpt"},
    ),
    (
        "developers/apps/refreshing-user-to-server-access-tokens",
        "e72e16c7e42f292c6912e7710c838347ae178b4a",
        {"ghes-3.0", "ghes-2.22", "ghae"},
    ),
    ("developers/apps/creating-a-github-app-from-a-manifest", "callback_urls", {"fpt"}),
]


def built_versions(out: Path, route: str) -> list[str]:
    return [v for v in VERSIONS if (out / "en" / VERSIONS[v] / route / "index.html").is_file()]


@pytest.mark.parametrize(
    ("route", "sentence", "present"),
    CASES,
    ids=[f"{c[0].split('/')[-1]}:{c[1][:24]}" for c in CASES],
)
def test_version_specific_text(corpus, route, sentence, present):
    out, _, _ = corpus
    versions = built_versions(out, route)
    assert present <= set(versions), (route, versions)
    for version in versions:
        body = CODE.sub(lambda m: m.group().replace("&quot;", '"'), html(out, version, route))
        assert (sentence in body) == (version in present), f"{version}: {route}"


def test_reusables_nest_three_levels(corpus):
    out, _, _ = corpus
    # page -> hardware-considerations-all-platforms -> hardware-rec-table
    #      -> about-adjusting-resources
    page = html(out, "ghes-2.22", "admin/installation/installing-github-enterprise-server-on-aws")
    assert "For more information about adjusting resources for an existing instance" in page
    # the reusable's old /enterprise/admin/installation/... link follows its redirect
    assert (
        'href="/en/enterprise-server@2.22/admin/enterprise-management/increasing-storage-capacity/"'
    ) in page


def test_chinese_pages_render_chinese_text(corpus):
    out, _, _ = corpus
    page = html(out, "ghes-2.22", "packages/learn-github-packages/publishing-a-package", "cn")
    assert "<h1>发布包</h1>" in page
    assert "为您的实例启用的包类型" in page
    assert '<html lang="zh-Hans">' in page
    fpt = html(out, "fpt", "packages/learn-github-packages/publishing-a-package", "cn")
    assert "支持的包客户端" in fpt


def test_untranslated_pages_fall_back_to_english_in_the_chinese_site(corpus):
    out, _, _ = corpus
    assert not (
        CORPUS / "translations/zh-CN/content/actions/guides/building-and-testing-swift.md"
    ).exists()
    page = html(out, "fpt", "actions/guides/building-and-testing-swift", "cn")
    assert "<h1>Building and testing Swift</h1>" in page
    assert '<html lang="zh-Hans">' in page
    assert 'href="/cn/actions/' in page  # links stay in the Chinese site


def test_translated_data_is_used_and_missing_keys_fall_back(corpus):
    out, _, _ = corpus
    page = html(out, "fpt", "github/getting-started-with-github/github-glossary", "cn")
    # terms come from translations/zh-CN/data/glossaries via site.data and an indexed data key;
    # headings keep the English ids
    for ident, term in (("mention", "@提及"), ("access-token", "访问令牌")):
        heading = rf'<h3 id="{ident}"( aria-level="\d")?><a class="heading-link" href="#{ident}">'
        assert re.search(heading + term + "</a></h3>", page), ident


def test_release_notes_render_from_data(corpus):
    out, _, _ = corpus
    page = html(out, "ghes-2.22", "admin/release-notes")
    assert '<h2 id="2.22.0">' in page and "GitHub Actions Beta" in page
    assert '<h2 id="3.0.0">' in html(out, "ghes-3.0", "admin/release-notes")


def test_a_translation_strict_liquid_refuses_is_published_in_english(corpus):
    out, err, _ = corpus
    route = "pages/getting-started-with-github-pages/creating-a-github-pages-site"
    page = html(out, "ghes-2.22", route, "cn")
    assert "<h1>Creating a GitHub Pages site</h1>" in page  # test_strictness: lax renders it
    # 37 that strict Liquid refuses, and 35 that print `{{ page.version }}`, a name GitHub's
    # engine had dropped long before (undefined: an error in strict Liquid)
    assert "72 translation fallbacks" in err
