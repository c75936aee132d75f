"""The syntax of later GitHub docs: tool switchers, AUTOTITLE, GFM alerts, rowheaders, codetabs,
whitespace control, the `ghec` plan, release notes per plan, product examples."""

from __future__ import annotations

from conftest import Site, page

TOOLS = """\
{% include tool-switcher %}

{% webui %}

Click **Run**.

{% endwebui %}

{% cli %}

Run `gh workflow run`.

{% endcli %}
"""


def test_tool_blocks_render_with_a_switcher_of_the_tools_used(site, capsys):
    site.write("content/a.md", page(TOOLS, extra="defaultTool: cli\n"))
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/en/a/")
    assert '<div class="extended-markdown tool-webui">' in html
    assert "<p>Run <code>gh workflow run</code>.</p>" in html
    assert 'data-switch="tool"' in html and 'data-default="cli"' in html
    assert 'data-option="webui"' in html and 'data-option="curl"' not in html
    assert "platform-switcher" not in html


def test_the_config_names_its_own_tools_and_platforms(site, capsys):
    config = site.root.joinpath("data/versions.yml").read_text()
    site.write("docsite.yml", config + "tools: {gui: The app, shell: A shell}\n")
    site.write(
        "content/a.md",
        page(
            "{% gui %}Click.{% endgui %}{% shell %}Type.{% endshell %}\n",
            extra="defaultTool: shell\n",
        ),
    )
    site.write("content/b.md", page("B.\n", extra="defaultTool: cli\n"))
    result = site.build("--lang", "en", "--version", "fpt", "--keep-going", capsys=capsys)
    assert (
        "content/b.md:3:14: error: `defaultTool` must be one of gui, shell, not str 'cli'"
        in result.err
    )
    assert ">The app</button>" in result.html("/en/a/")


def test_an_include_docsite_does_not_have_is_located(site, capsys):
    site.write("content/a.md", page("Intro.\n\n{% include rest_operation %}\n"))
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    assert result.code == 1
    assert "content/a.md:10:12: error: include: no template 'rest_operation'" in result.err
