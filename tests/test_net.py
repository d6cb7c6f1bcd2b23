"""The bounded fetch every network feature goes through, against a loopback server only."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from loopback import Reply, endless

from reader.net import MiB, Fetcher, FetchError, check_fetchable


def test_plain_get_returns_body_type_and_charset(server):
    server.routes["/a"] = Reply(body="café".encode("latin-1"), headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    response = Fetcher().get(server.url("/a"))
    assert response.status == 200
    assert response.body.decode(response.charset) == "café"
    assert response.content_type == "text/html"
    assert response.moved_to is None


def test_gzip_is_decoded(server):
    server.routes["/z"] = Reply(body=b"<rss/>" * 1000, gzip=True)
    assert Fetcher().get(server.url("/z")).body == b"<rss/>" * 1000
    assert "gzip" in server.requests[-1][1]["accept-encoding"]


def test_conditional_get_sends_validators_and_reports_not_modified(server):
    def route(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(body=b"new", headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"})

    server.routes["/feed"] = route
    fetcher = Fetcher()
    first = fetcher.get(server.url("/feed"))
    assert first.headers["etag"] == '"v1"'
    again = fetcher.get(server.url("/feed"), etag='"v1"', last_modified=first.headers["last-modified"])
    assert again.not_modified and again.body == b""
    assert server.requests[-1][1]["if-modified-since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_permanent_redirect_reports_the_new_address(server):
    server.routes["/old"] = Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(body=b"here")
    response = Fetcher().get(server.url("/old"))
    assert response.body == b"here"
    assert response.moved_to == server.url("/new")


def test_temporary_redirect_keeps_the_old_address(server):
    server.routes["/old"] = Reply(302, headers={"Location": server.url("/new")})
    server.routes["/new"] = Reply(body=b"here")
    assert Fetcher().get(server.url("/old")).moved_to is None


def test_redirect_loop_stops_after_the_limit(server):
    server.routes["/a"] = Reply(301, headers={"Location": "/b"})
    server.routes["/b"] = Reply(301, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="too many redirects"):
        Fetcher(max_redirects=5).get(server.url("/a"))
    assert len(server.requests) == 6


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x"])
def test_redirect_to_another_scheme_is_refused(server, target):
    server.routes["/r"] = Reply(302, headers={"Location": target})
    with pytest.raises(FetchError, match="only http and https"):
        Fetcher().get(server.url("/r"))


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "http://", "nonsense",
    "http://127.0.0.1/\u202egnp.exe", "http://127.0.0.1/a\u200bb",  # hidden characters: refused as a link opened is
])
def test_other_schemes_are_refused_before_any_request(server, url):
    with pytest.raises(FetchError):
        Fetcher().get(url)
    assert server.requests == []


@pytest.mark.parametrize("url", [
    "http://example.org", "https://www.example.org/2017/01/story-1/", "http://example.org:8080/x?y=1#f",
    "http://example.org/?a=[b]", "  https://example.org/a  ", "HTTP://Example.org/", "http://user@example.org/",
    "http://[::1]/feed", "http://example.org:65535/", "https://example.org/caf\u00e9",
])
def test_links_reader_may_fetch(url):
    assert check_fetchable(url) == url.strip()


@pytest.mark.parametrize("url", [
    "http://example.org:99999/", "http://example.org:port/", "http:///path", "https://example.org/a b",
    "https://example.org/a\x7f", "http://[::1/feed", "ftp://example.org/", "http://example.org/\u202egnp.exe",
])
def test_links_reader_refuses_to_fetch(url):
    with pytest.raises(FetchError):
        check_fetchable(url)


def test_http_error_is_one_line_with_its_status(server):
    with pytest.raises(FetchError) as caught:
        Fetcher().get(server.url("/missing"))
    assert caught.value.status == 404
    assert str(caught.value).startswith("HTTP 404")
    assert "\n" not in str(caught.value)


def test_a_server_that_never_answers_times_out(server):
    server.routes["/slow"] = Reply(body=b"late", delay=30)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        Fetcher(total_timeout=0.5).get(server.url("/slow"))
    assert time.monotonic() - started < 10


def test_a_body_that_drips_forever_meets_the_deadline(server):
    server.routes["/drip"] = Reply(stream=endless(b"x" * 10, pause=0.05))
    with pytest.raises(FetchError, match="timed out"):
        Fetcher(total_timeout=0.5).get(server.url("/drip"))


def test_declared_size_over_the_cap_is_refused_unread(server):
    server.routes["/big"] = Reply(body=b"x" * (2 * MiB))
    with pytest.raises(FetchError, match="over the 1 MiB limit"):
        Fetcher(max_bytes=MiB).get(server.url("/big"))


def test_an_endless_body_stops_at_the_cap_in_bounded_memory(server):
    server.routes["/endless"] = Reply(stream=endless())
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over the 2 MiB limit"):
            Fetcher(max_bytes=2 * MiB).get(server.url("/endless"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * MiB


def test_a_gzip_bomb_stops_at_the_decoded_cap(server):
    server.routes["/bomb"] = Reply(body=b"\0" * (64 * MiB), gzip=True)  # ~64 KiB on the wire
    with pytest.raises(FetchError, match="over the 1 MiB limit"):
        Fetcher(max_bytes=MiB).get(server.url("/bomb"))


def test_connection_refused_is_one_line():
    with Fetcher(connect_timeout=2) as fetcher, pytest.raises(FetchError, match="could not connect"):
        fetcher.get("http://127.0.0.1:9/")
