"""The pages of the web post: one per issue, and the index of all issues.

Takes loaded issues with what the site made for them (the PDF's address, the
cover thumbnail, the copied images, the related issues' pages) as `Post`
values, and the brand; gives HTML text from the Jinja2 templates beside this
module (or the brand's own, `post.templates`). Autoescaping is on for every
HTML and XML template: text from the YAML reaches a page only escaped, and
inline markup only as `em`, `strong` and links with an allowed scheme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import jinja2

from ..brand import Brand
from ..model import Issue
from ..text.scripts import persian_digits
from .fonts import FontFace
from .media import Picture
from .text import direction, rich_html, written_date


@dataclass(frozen=True)
class Related:
    """One of "Related posts": a link when that issue has a page in this site."""

    title: str
    href: str | None


@dataclass(frozen=True)
class Post:
    issue: Issue
    #: the issue file's stem: the page is `<stem>.html`
    stem: str
    pdf_href: str
    pdf_bytes: int
    cover: Picture
    #: item index (from 0) -> its image
    images: dict[int, Picture] = field(compare=False)
    related: tuple[Related, ...] = ()
    title: str = ""
    date_text: str = ""

    @property
    def href(self) -> str:
        return f"{self.stem}.html"

    @property
    def lang(self) -> str:
        return self.issue.language

    @property
    def dir(self) -> str:
        return direction(self.issue.language)

    @property
    def size_kb(self) -> str:
        """The PDF's size in kilobytes, in the digits of the page's language."""
        kb = str(round(self.pdf_bytes / 1024))
        return persian_digits(kb) if self.lang.split("-")[0] == "fa" else kb


def issue_title(brand: Brand, number: int) -> str:
    """The title "Ura Newsletter No.111": the brand's name and number label, as on the PDF."""
    return f"{brand.name} {brand.label('number', number=number)}"


def issue_date(brand: Brand, issue: Issue) -> str:
    return written_date(issue.date, brand.labels["date"], issue.language)


def environment(brand: Brand) -> jinja2.Environment:
    """The template engine: the brand's templates first, then the built-in ones."""
    loaders: list[jinja2.BaseLoader] = []
    if brand.post.templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(brand.post.templates)))
    loaders.append(jinja2.PackageLoader("typeset.web", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rich"] = rich_html
    return env


def site_context(brand: Brand) -> dict[str, object]:
    """What every template may use about the brand."""
    return {
        "brand": brand,
        # the post's own words in the labels' language (`Brand.for_language`)
        "labels": {**brand.labels, **brand.post.labels_for(brand.language)},
        "full": brand.post.items == "full",
    }


def render_post(env: jinja2.Environment, brand: Brand, post: Post) -> str:
    """The issue's page, with the brand's labels in the issue's language."""
    context = site_context(brand.for_language(post.lang))
    return env.get_template("post.html").render(post=post, **context)


def render_index(env: jinja2.Environment, brand: Brand, posts: Sequence[Post]) -> str:
    """The index page, newest issue first: in the posts' language when they
    share one (a Persian edition's site), else in the brand's own words."""
    newest = newest_first(posts)
    lang = newest[0].lang if newest else "en"
    languages = {post.lang for post in newest}
    words = brand.for_language(lang) if len(languages) == 1 else brand
    return env.get_template("index.html").render(
        posts=newest, lang=lang, dir=direction(lang), **site_context(words)
    )


def render_css(env: jinja2.Environment, brand: Brand, faces: Sequence[FontFace]) -> str:
    """The stylesheet: the brand's palette, fonts and proportions."""
    styles = brand.styles
    body = styles["body"]
    return env.get_template("style.css").render(
        faces=faces,
        rgb={name: colour.rgb for name, colour in brand.palette.items()},
        colour={name: brand.palette[style.colour].rgb for name, style in styles.items()},
        # Sizes keep the brand's proportions around a body size that reads on a screen.
        size={name: round(style.size / body.size, 3) for name, style in styles.items()},
        leading={name: round(style.leading / style.size, 3) for name, style in styles.items()},
        uppercase={name: style.uppercase for name, style in styles.items()},
    )


def newest_first(posts: Sequence[Post]) -> list[Post]:
    return sorted(posts, key=lambda p: (p.issue.date, p.issue.number), reverse=True)
