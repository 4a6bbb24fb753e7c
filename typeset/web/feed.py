"""The Atom 1.0 feed of the web post (RFC 4287).

Takes the posts and the brand; gives `feed.xml` text: one entry per issue with
an id made from the newsletter's name and the issue's number (the same every
time the site is made), `updated` from the issue's date, the list of its items
as content, the page as the alternate link and the PDF as the enclosure.
Links are absolute when the brand gives `post.site_url`, else relative to the
feed, which sits beside the pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from urllib.parse import urljoin

import jinja2

from ..brand import Brand
from .post import Post, newest_first, site_context
from .text import atom_time

#: Namespace of the ids: fixed, so that ids never change between runs.
_IDS = uuid.UUID("8f5bd1f2-6a53-4f0e-9d5c-1f6e0b7a2c41")


def feed_id(brand: Brand) -> str:
    return f"urn:uuid:{uuid.uuid5(_IDS, brand.name)}"


def entry_id(brand: Brand, number: int) -> str:
    """The entry's id: the same for No.111 every time, whatever its content."""
    name = f"{brand.name} No.{number}"
    return f"urn:uuid:{uuid.uuid5(_IDS, name)}"


def render_feed(env: jinja2.Environment, brand: Brand, posts: Sequence[Post]) -> str:
    newest = newest_first(posts)
    base = brand.post.site_url

    def url(href: str) -> str:
        return urljoin(base, href) if base else href

    entries = [
        {
            "post": post,
            "id": entry_id(brand, post.issue.number),
            "updated": atom_time(post.issue.date),
            # a plain str: the feed's autoescaping writes it as text, as type="html" asks
            "content": env.get_template("feed-entry.html").render(
                post=post, pdf=url(post.pdf_href), **site_context(brand)
            ),
            "pdf": url(post.pdf_href),
        }
        for post in newest
    ]
    return env.get_template("feed.xml").render(
        id=feed_id(brand),
        updated=atom_time(newest[0].issue.date),
        lang=newest[0].lang,
        entries=entries,
        url=url,
        self_url=url("feed.xml") if base else None,
        **site_context(brand),
    )
