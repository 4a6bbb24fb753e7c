"""Making the whole web post: every issue's page, the index and the feed, in one folder.

Takes issue files (or folders of them) and an output folder; gives, in that
folder, `<stem>.html` per issue with its screen PDF `<stem>.pdf` (made by the
build API) and cover `<stem>-cover.png`, the items' images under `images/`,
the brand's fonts under `fonts/`, `style.css`, `index.html` and `feed.xml`.

Every issue is loaded and checked before anything is made, and every problem
is raised at once (`InputError`). The site is made in a hidden folder inside
the output folder and moved into place only when complete: a failure leaves
no file of this run behind. Never configures logging and never exits.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..brand import Brand, load_brand
from ..build import build_issue, check_issue, find_issue_files, related_refs
from ..errors import Diagnostic, InputError, Location, TypesetError, error
from ..model import Issue
from ..project import brand_for
from ..source import load
from .feed import render_feed
from .fonts import web_fonts
from .media import Picture, cover_png, image_name
from .post import (
    Post,
    Related,
    environment,
    issue_date,
    issue_title,
    render_css,
    render_index,
    render_post,
)


@dataclass(frozen=True)
class Posted:
    #: every file written, relative to the output folder, in a stable order
    files: tuple[str, ...]
    posts: tuple[Post, ...]
    #: what the PDF builds repaired (an image scaled down)
    warnings: tuple[Diagnostic, ...]


def load_all(
    paths: Iterable[Path], brand_file: Path | None
) -> tuple[Brand, list[tuple[Path, Issue]]]:
    """Every issue and the one brand they share; every problem of every file at once."""
    files = find_issue_files(paths)
    problems: list[Diagnostic] = []
    brands: dict[Path, Brand] = {}
    loaded: list[tuple[Path, Issue]] = []
    for path in files:
        try:
            brand_path = brand_for(path, brand_file)
            if brand_path not in brands:
                brands[brand_path] = load_brand(brand_path)
            loaded.append((path, check_issue(path, brands[brand_path])))
        except TypesetError as exc:
            problems.extend(d for d in exc.diagnostics if d not in problems)
    if not files:
        problems.append(error(Location(", ".join(map(str, paths))), "no issue files found"))
    if len(brands) > 1:
        first, *others = brands
        problems.append(
            error(
                Location(str(others[0])),
                f"the issues use different brands ({first} and {others[0]}); "
                "one site has one brand",
                "post them separately, or pass --brand FILE",
            )
        )
    problems.extend(_clashes(loaded))
    if problems:
        raise InputError(problems)
    return next(iter(brands.values())), loaded


def _clashes(loaded: Sequence[tuple[Path, Issue]]) -> list[Diagnostic]:
    """Two issues with one number (one feed id) or one file name (one page)."""
    problems = []
    numbers: dict[int, Path] = {}
    stems: dict[str, Path] = {}
    for path, issue in loaded:
        if issue.number in numbers:
            problems.append(
                error(
                    load(path).loc(("number",)),
                    f"number: No.{issue.number} is also {numbers[issue.number]}",
                    "each issue of a site needs its own number",
                )
            )
        if path.stem in stems:
            problems.append(
                error(
                    Location(str(path)),
                    f"{path.stem}.html would also be the page of {stems[path.stem]}",
                    "rename one of the files",
                )
            )
        numbers.setdefault(issue.number, path)
        stems.setdefault(path.stem, path)
    return problems


class _Folder:
    """The site as it is being made, in a hidden folder beside its destination."""

    def __init__(self, output: Path) -> None:
        output.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.root = output / f".post-{secrets.token_hex(6)}.part"
        self.root.mkdir()
        self.files: list[str] = []

    def write(self, name: str, data: bytes | str) -> None:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
        self.files.append(name)

    def adopt(self, name: str) -> None:
        """A file something else wrote into the folder (the PDF the build made)."""
        self.files.append(name)

    def publish(self) -> None:
        for name in self.files:
            target = self.output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.root / name, target)
        shutil.rmtree(self.root)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def post_issues(
    paths: Iterable[Path],
    output: Path,
    *,
    brand_file: Path | None = None,
    source_date_epoch: str | None = None,
) -> Posted:
    """Make the web post of every issue in `paths` into `output` (see the module)."""
    brand, loaded = load_all(paths, brand_file)
    folder = _Folder(output)
    try:
        posted = _make(folder, brand, loaded, source_date_epoch)
        folder.publish()
    except BaseException:
        folder.discard()
        raise
    return posted


def _make(
    folder: _Folder,
    brand: Brand,
    loaded: Sequence[tuple[Path, Issue]],
    source_date_epoch: str | None,
) -> Posted:
    env = environment(brand)
    pages = {issue.number: f"{path.stem}.html" for path, issue in loaded}
    refs = {folder: related_refs(folder) for folder in {path.parent for path, _ in loaded}}
    posts: list[Post] = []
    warnings: dict[Diagnostic, None] = {}
    for path, _ in loaded:
        built = build_issue(
            path,
            brand,
            folder.root,
            editions=("screen",),
            source_date_epoch=source_date_epoch,
            related=refs[path.parent],
        )
        warnings.update(dict.fromkeys(built.warnings))
        pdf = built.edition("screen").path
        folder.adopt(pdf.name)
        posts.append(_post(folder, brand, path, built.issue, pdf, pages))
    text = "\n".join(_site_text(brand, posts))
    faces = web_fonts(brand.font_files, text, folder.write)
    folder.write("style.css", render_css(env, brand, faces))
    for post in posts:
        folder.write(post.href, render_post(env, brand, post))
    folder.write("index.html", render_index(env, brand, posts))
    folder.write("feed.xml", render_feed(env, brand, posts))
    return Posted(tuple(folder.files), tuple(posts), tuple(warnings))


def _post(
    folder: _Folder, brand: Brand, path: Path, issue: Issue, pdf: Path, pages: dict[int, str]
) -> Post:
    png, width, height = cover_png(pdf)
    cover = f"{path.stem}-cover.png"
    folder.write(cover, png)
    images: dict[int, Picture] = {}
    for index, item in enumerate(issue.items):
        if item.image is None:
            continue
        name = image_name(item.image.path)
        if name not in folder.files:
            folder.write(name, item.image.path.read_bytes())
        images[index] = Picture(name, item.image.info.width, item.image.info.height)
    base = brand.post.pdf_base_url
    # the number label in the issue's language: "شماره‌ی ۱۱۱" on a Persian page
    own = brand.for_language(issue.language)
    return Post(
        issue=issue,
        stem=path.stem,
        pdf_href=f"{base}{pdf.name}" if base else pdf.name,
        pdf_bytes=pdf.stat().st_size,
        cover=Picture(cover, width, height),
        images=images,
        related=tuple(
            Related(issue_title(own, number), pages.get(number)) for number in issue.related
        ),
        title=issue_title(own, issue.number),
        date_text=issue_date(brand, issue),
    )


def _site_text(brand: Brand, posts: Sequence[Post]) -> Iterable[str]:
    """Every text the pages may show, for the font subsets."""
    yield from (brand.name, brand.organisation, brand.tagline or "", brand.contact or "")
    yield from brand.labels.values()
    yield from brand.post.labels.values()
    for post in posts:
        issue = post.issue
        own = brand.for_language(issue.language)
        yield from own.labels.values()
        yield from own.post.labels_for(own.language).values()
        yield from (post.title, post.date_text, issue.title or "", post.size_kb)
        yield from (related.title for related in post.related)
        for item in issue.items:
            yield from (item.kicker or "", item.headline, item.summary.plain, item.link or "")
            yield from (paragraph.plain for paragraph in item.body)
            if item.image is not None:
                yield item.image.caption.plain if item.image.caption else ""
                yield item.image.credit or ""
