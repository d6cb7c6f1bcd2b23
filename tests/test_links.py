"""Opening links: only http and https, refused with a one-line reason otherwise, and the URL is
handed to the browser as one argument, never through a shell."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.links import check_url

from support import CLI

SAFE = [
    "http://example.com",
    "https://example.com/path/to/story?id=1&utm_source=x#section",
    "HTTPS://EXAMPLE.COM/Upper",
    "https://[::1]:8080/local",
    "https://user:secret@example.com/",
    "https://例え.jp/記事",
    "https://example.com/a?q=$(touch%20pwned)&b=`id`;rm|x",  # odd but harmless: no shell sees it
]


@pytest.mark.parametrize("url", SAFE)
def test_http_and_https_urls_are_opened_as_given(url: str):
    assert check_url(url) == url


def test_surrounding_whitespace_is_trimmed():
    assert check_url("  https://example.com/x \n") == "https://example.com/x"


REFUSED = [
    ("javascript:alert(document.cookie)", "not opening a javascript: link; only http and https links are opened"),
    ("JavaScript:alert(1)", "not opening a javascript: link; only http and https links are opened"),
    ("  javascript:alert(1)", "not opening a javascript: link; only http and https links are opened"),
    ("file:///etc/passwd", "not opening a file: link; only http and https links are opened"),
    ("FILE:///C:/Windows/System32/calc.exe", "not opening a file: link; only http and https links are opened"),
    ("data:text/html,<script>alert(1)</script>", "not opening a data: link; only http and https links are opened"),
    ("vbscript:msgbox(1)", "not opening a vbscript: link; only http and https links are opened"),
    ("about:blank", "not opening a about: link; only http and https links are opened"),
    ("mailto:someone@example.com", "not opening a mailto: link; only http and https links are opened"),
    ("ftp://example.com/file", "not opening a ftp: link; only http and https links are opened"),
    ("ssh://example.com", "not opening a ssh: link; only http and https links are opened"),
    ("chrome://settings", "not opening a chrome: link; only http and https links are opened"),
    ("view-source:https://example.com", "not opening a view-source: link; only http and https links are opened"),
    ("java\tscript:alert(1)", "not opening a URL that contains spaces or control characters"),
    ("java\nscript:alert(1)", "not opening a URL that contains spaces or control characters"),
    ("jav\x00ascript:alert(1)", "not opening a URL that contains spaces or control characters"),
    ("https://example.com/\x1b]8;;evil\x07", "not opening a URL that contains spaces or control characters"),
    ("https://example.com/\u202egnp.exe", "not opening a URL that contains spaces or control characters"),
    ("https://exa\u200bmple.com/", "not opening a URL that contains spaces or control characters"),
    ("https://example.com/a b", "not opening a URL that contains spaces or control characters"),
    ("https://example.com\n.evil.example", "not opening a URL that contains spaces or control characters"),
    ("//example.com/scheme-relative", "not opening a link without an http or https scheme"),
    ("example.com/no-scheme", "not opening a link without an http or https scheme"),
    ("/etc/passwd", "not opening a link without an http or https scheme"),
    ("-https://example.com", "not opening a link without an http or https scheme"),
    ("ht\u0442ps://example.com", "not opening a link without an http or https scheme"),  # Cyrillic т
    ("http:example.com", "not opening a link with no host name"),
    ("http:/example.com", "not opening a link with no host name"),
    ("https://", "not opening a link with no host name"),
    ("https:///etc/passwd", "not opening a link with no host name"),
    ("https://user@/path", "not opening a link with no host name"),
    ("https://[::1/", "not opening a malformed URL"),
    ("https://example.com:99999/", "not opening a malformed URL"),
    ("https://example.com:port/", "not opening a malformed URL"),
    ("", "this article has no URL"),
    ("   ", "this article has no URL"),
    (None, "this article has no URL"),
]


@pytest.mark.parametrize(("url", "message"), REFUSED)
def test_everything_else_is_refused_with_one_line(url: str | None, message: str):
    with pytest.raises(ReaderError) as refused:
        check_url(url)
    assert str(refused.value) == message


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=60))
def test_anything_accepted_is_plain_http_or_https(url: str):
    try:
        accepted = check_url(url)
    except ReaderError as refused:
        assert "\n" not in str(refused) and str(refused)
        return
    assert accepted.lower().startswith(("http://", "https://"))
    assert not any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in accepted)


# -- `reader open` end to end, with a browser that records what it was given ---------------------

SHELL_BAIT = "https://example.com/a?q=$(touch%20pwned)&b=`touch${IFS}pwned2`;touch|pwned3&c='\"&d=>pwned4"


@pytest.fixture
def browser(tmp_path: Path, cli: CLI) -> Path:
    """A harmless browser: $BROWSER runs it with the URL, and it writes its argv (NUL-separated)."""
    record = tmp_path / "browser-argv"
    script = tmp_path / "fake-browser"
    script.write_text(
        "#!/usr/bin/env python3\nimport sys\n"
        f"open({str(record)!r}, 'wb').write(b'\\0'.join(a.encode('utf-8', 'surrogateescape') for a in sys.argv[1:]))\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    cli.env["BROWSER"] = str(script)
    cli.env.pop("DISPLAY", None)
    cli.env.pop("WAYLAND_DISPLAY", None)
    return record


@pytest.fixture
def linked(tmp_path: Path, cli: CLI) -> dict[str, str]:
    """Articles whose URLs range from plain to hostile; returns title -> id."""
    folder = tmp_path / "links"
    folder.mkdir()
    urls = {
        "plain": "https://example.com/plain-story",
        "bait": SHELL_BAIT,
        "javascript": "javascript:alert(document.cookie)",
        "file": "file:///etc/passwd",
        "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    }
    for name, url in urls.items():
        (folder / f"{name}.md").write_text(f"---\ntitle: {name}\nwebUrl: {json.dumps(url)}\n---\nBody.\n")
    (folder / "none.md").write_text("---\ntitle: none\n---\nNo URL at all.\n")
    cli("index", str(folder))
    return {row["title"]: row["id"] for row in cli.json_lines("list", "--cached", str(folder))}


def test_open_passes_the_url_as_exactly_one_argument(cli: CLI, browser: Path, linked: dict[str, str], tmp_path: Path):
    result = cli("open", linked["plain"], cwd=tmp_path)
    assert browser.read_bytes().split(b"\0") == [b"https://example.com/plain-story"]
    assert result.stdout.strip() == "opened https://example.com/plain-story"

    cli("open", linked["bait"], cwd=tmp_path)
    assert browser.read_bytes().split(b"\0") == [SHELL_BAIT.encode()]
    assert not list(tmp_path.glob("pwned*"))  # no shell ever saw the URL


@pytest.mark.parametrize("title", ["javascript", "file", "data", "none"])
def test_open_refuses_other_schemes_with_one_line_and_exit_1(
    title: str, cli: CLI, browser: Path, linked: dict[str, str]
):
    result = cli("open", linked[title], check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: ")
    expected = "this article has no URL" if title == "none" else f"not opening a {title}: link"
    assert expected in lines[0]
    assert not browser.exists()  # the browser was never started


def test_open_with_no_browser_is_one_line(cli: CLI, linked: dict[str, str], tmp_path: Path):
    cli.env["BROWSER"] = str(tmp_path / "no-such-browser")
    cli.env["PATH"] = str(tmp_path)  # no other browser to fall back on
    cli.env.pop("DISPLAY", None)
    result = cli("open", linked["plain"], check=False)
    assert result.returncode == 1
    assert result.stderr == "reader: no web browser found to open the link\n"


def test_a_graphical_browser_leaves_the_app_on_screen_and_a_text_one_takes_the_terminal():
    import webbrowser

    from reader.links import runs_in_terminal

    assert not runs_in_terminal(webbrowser.BackgroundBrowser("xdg-open"))  # as with a display
    assert not runs_in_terminal(webbrowser.Mozilla("firefox"))
    assert runs_in_terminal(webbrowser.GenericBrowser("w3m"))  # no display, or $BROWSER
    assert runs_in_terminal(webbrowser.Elinks("elinks"))
