"""What a brand says about its web post: the brand file's `post:` section.

Takes the section through `schema.Reader`; gives a frozen `PostSpec` with every
default filled in: whether items show their body or a "read more" link, where
the PDF and the site live on the web, a folder of templates that replace the
built-in ones, and the post's own words. Knows nothing of HTML or pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .markup import check_link
from .schema import Reader
from .source import FieldPath

POST_KEYS = ("items", "pdf_base_url", "site_url", "templates", "labels")
ITEM_CHOICES = ("summary", "full")

POST_LABEL_DEFAULTS: dict[str, str] = {
    "pdf": "Read this issue as a PDF",
    "related": "Related posts",
    "archive": "All issues",
    "feed": "Subscribe (Atom feed)",
    #: beside the PDF link; {kb} is its size in kilobytes, in the page's digits
    "pdf_size": "PDF, {kb} KB",
}

#: The post's words in the languages typeset knows besides English (our own
#: translations, as `defaults.LABELS_BY_LANGUAGE`): a page in that language
#: gets them for every word the brand's `post.labels` leaves to the default.
POST_LABELS_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "sq": {
        "pdf": "Lexojeni këtë numër në PDF",
        "related": "Postime të lidhura",
        "archive": "Të gjithë numrat",
        "feed": "Abonohuni (burimi Atom)",
        "pdf_size": "PDF, {kb} KB",
    },
    "fa": {
        "pdf": "این شماره را به\u200cصورت PDF بخوانید",
        "related": "نوشته\u200cهای مرتبط",
        "archive": "همه\u200cی شماره\u200cها",
        "feed": "اشتراک (خوراک Atom)",
        "pdf_size": "PDF، {kb} کیلوبایت",
    },
}


@dataclass(frozen=True)
class PostSpec:
    #: "summary": each item's summary and a link to read more; "full": the body too
    items: str = "summary"
    #: where the screen PDFs are published; None: beside each page
    pdf_base_url: str | None = None
    #: the site's own address, for absolute links in the feed; None: relative links
    site_url: str | None = None
    #: a folder whose templates replace the built-in ones of the same name
    templates: Path | None = None
    labels: dict[str, str] = field(default_factory=lambda: dict(POST_LABEL_DEFAULTS))
    #: the words the brand wrote itself (kept in every language)
    written: frozenset[str] = frozenset()

    def labels_for(self, language: str | None) -> dict[str, str]:
        """The post's words on a page in `language` (fa-IR as fa): the
        brand's own, else typeset's in that language, else English."""
        primary = (language or "").split("-", 1)[0].lower()
        known = POST_LABELS_BY_LANGUAGE.get(primary, {})
        return {**self.labels, **{k: v for k, v in known.items() if k not in self.written}}


def _web_address(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("expected an address such as https://example.org/newsletter/")
    url = check_link(value.strip())
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"expected an http: or https: address, found {url!r}")
    return url if url.endswith("/") else url + "/"


def read_post(reader: Reader) -> PostSpec:
    path: FieldPath = ("post",)
    if not reader.present(path):
        return PostSpec()
    reader.mapping(path, optional=POST_KEYS)
    items = reader.text((*path, "items"), default="summary") or "summary"
    if items not in ITEM_CHOICES:
        reader.error(
            (*path, "items"),
            f"expected summary or full, found {items!r}",
            "summary: a link to read more under each summary; full: the body too",
        )
    templates = None
    relative = reader.text((*path, "templates"))
    if relative is not None:
        templates = reader.source.resolve(relative)
        if not templates.is_dir():
            reader.error(
                (*path, "templates"),
                f"template folder {relative!r} not found",
                "paths are relative to the brand file's folder",
            )
    labels = dict(POST_LABEL_DEFAULTS)
    written: set[str] = set()
    if reader.present((*path, "labels")):
        reader.mapping((*path, "labels"), optional=tuple(POST_LABEL_DEFAULTS))
        for key in POST_LABEL_DEFAULTS:
            text = reader.text((*path, "labels", key), max_length=200)
            if text is not None:
                labels[key] = text
                if text != POST_LABEL_DEFAULTS[key]:  # restating the default chooses nothing
                    written.add(key)
    return PostSpec(
        items=items,
        pdf_base_url=reader.convert((*path, "pdf_base_url"), _web_address),
        site_url=reader.convert((*path, "site_url"), _web_address),
        templates=templates,
        labels=labels,
        written=frozenset(written),
    )
