"""Feed documents for the feed tests: one of each format, and the hostile cases."""

from __future__ import annotations

import json

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Twenty</title><link>https://twenty.example/</link>
<item><title>RSS two item</title><link>https://twenty.example/a</link><guid>t-a</guid>
<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><category>Space</category>
<description>&lt;p&gt;First &lt;b&gt;paragraph&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>
<enclosure url="https://twenty.example/a.jpg" type="image/jpeg" length="10"/></item>
</channel></rss>"""

RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Ninety-one</title><link>https://old.example/</link><description>d</description>
<item><title>RSS 0.91 item</title><link>https://old.example/1</link><description>Old news.</description></item>
</channel></rss>"""

RSS092 = b"""<?xml version="1.0"?><rss version="0.92"><channel><title>Ninety-two</title><link>https://old2.example/</link>
<item><title>RSS 0.92 item</title><link>https://old2.example/1</link></item></channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/1"><title>RSS 1.0 item</title><link>https://rdf.example/1</link>
<dc:date>2026-11-30T08:00:00Z</dc:date></item></rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom one</title><link href="https://atom.example/"/>
<id>urn:atom</id><updated>2026-11-30T00:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:atom:1</id>
<link rel="self" href="https://atom.example/self/1"/><link rel="enclosure" href="https://atom.example/1.mp3"/>
<link rel="alternate" type="text/html" href="https://atom.example/posts/1"/>
<updated>2026-11-30T09:00:00Z</updated><content type="html">&lt;p&gt;Atom body&lt;/p&gt;</content></entry>
</feed>"""

ATOM03 = b"""<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
<link rel="alternate" type="text/html" href="https://a03.example/"/><modified>2005-01-01T00:00:00Z</modified>
<entry><title>Atom 0.3 entry</title><link rel="alternate" type="text/html" href="https://a03.example/1"/>
<id>tag:a03.example,2005:1</id><issued>2005-01-01T00:00:00Z</issued><modified>2005-01-01T00:00:00Z</modified>
<summary>Old summary</summary></entry></feed>"""

MEDIA = b"""<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Media</title>
<link>https://m.example/</link><item><title>Pictures</title><link>https://m.example/1</link>
<media:content url="https://m.example/big.jpg" medium="image" width="1200" height="800"/>
<media:thumbnail url="/th.jpg" width="10" height="20"/><media:content url="https://m.example/v.mp4" type="video/mp4"/>
<enclosure url="https://m.example/talk.mp3" type="audio/mpeg" length="1"/></item></channel></rss>"""

JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "Jason", "home_page_url": "https://json.example/",
    "items": [{"id": "j1", "url": "https://json.example/1", "title": "JSON Feed item",
               "content_html": "<p>Hello</p>", "date_published": "2026-11-29T00:00:00Z", "tags": ["Tagged"]}],
}).encode()

RELATIVE_AND_UNTITLED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Relative</title>
<link>https://rel.example/blog/</link>
<item><link>/posts/relative.html</link><description>An item with no title at all, only this text.</description></item>
<item><title>Script link</title><link>javascript:alert(1)</link><guid isPermaLink="false">js-1</guid>
<description>Click &lt;script&gt;alert("x")&lt;/script&gt;me</description></item>
</channel></rss>"""

LATIN1 = (
    '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    "<link>https://latin.example/</link><item><title>Cr\xe8me br\xfbl\xe9e &amp; caf\xe9 &#233;t&#xE9;</title>"
    "<link>https://latin.example/1</link></item></channel></rss>"
).encode("latin-1")

CP1251 = (
    '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title>'
    "<link>https://cyr.example/</link><item><title>Привет, мир</title><link>https://cyr.example/1</link></item>"
    "</channel></rss>"
).encode("cp1251")

HOSTILE_TEXT = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>[bold red]Loud[/] feed</title>'
    "<link>https://loud.example/</link><item><title>[@click=app.quit]Quit\x1b[31m now\u202e!</title>"
    "<link>https://loud.example/1</link><description>&lt;script&gt;document.write('owned')&lt;/script&gt;"
    "&lt;style&gt;p {color: red}&lt;/style&gt;Visible text\x07</description></item></channel></rss>"
).encode("utf-8").replace(b"\x1b", b"&#27;").replace(b"\x07", b"")

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">
]><rss version="2.0"><channel><title>Bomb</title>
<item><title>Laughs &lol9; &xxe;</title><link>https://bomb.example/1</link></item></channel></rss>"""

INVALID = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>Kept one</title><link>https://broken.example/1</link></item>
<item><title>Kept two</title><link>https://broken.example/2</link></item>
<item><title>Cut <b>off</title><link>https://broken.example/3</link>
"""

HTML_PAGE = b"""<!doctype html><html><head><title>A blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
</head><body><p>Welcome</p></body></html>"""


def rss(title: str, *items: tuple[str, str], channel_link: str = "https://gen.example/") -> bytes:
    """A small RSS 2.0 feed of (title, link) items."""
    body = "".join(f"<item><title>{t}</title><link>{link}</link><description>About {t}.</description></item>" for t, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{channel_link}</link>{body}</channel></rss>").encode()
