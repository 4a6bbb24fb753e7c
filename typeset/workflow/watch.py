"""Live preview: PNGs of a built issue (`typeset preview`) and rebuilds on save
(`typeset watch`).

Takes an issue file or a finished PDF, or a folder to watch; gives PNGs of the
pages (pdfium, as a viewer draws them) and a cover thumbnail (the web post's,
`web.media.cover_png`), and on every saved change to an issue, its brand, an
image or a font, the rebuilt screen edition and its fresh PNGs, with problems in
the `check` format. Builds through `build.build_issue`; decides nothing about
the page. Warm rebuilds reuse the fonts and logo parsed before, as they are
cached by file content (`fonts.content_digest`).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image as PILImage

from ..brand import Brand, load_brand
from ..build import ISSUE_SUFFIXES, build_issue, find_issue_files, related_refs
from ..errors import Diagnostic, InputError, Location, TypesetError, error
from ..project import brand_for
from ..web.media import cover_png

#: The cover thumbnail's width in pixels: a phone screen's width, enough to judge the masthead.
COVER_WIDTH = 600
#: What a change to makes a rebuild: issues and brands, images, fonts, logos.
WATCHED_SUFFIXES = frozenset(
    {*ISSUE_SUFFIXES, ".png", ".jpg", ".jpeg", ".svg", ".ttf", ".otf", ".tif", ".tiff"}
)


def parse_pages(text: str) -> tuple[int, int]:
    """`--pages 2` or `--pages 1-3` as (first, last), counted from 1."""
    first, _, last = text.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"expected a page or a range such as 1-2, found {text!r}") from None
    if not 1 <= low <= high:
        raise ValueError(f"expected pages from 1 upwards, low to high, found {text!r}")
    return low, high


def preview_pdf(
    pdf: Path,
    folder: Path,
    *,
    dpi: float = 100,
    pages: tuple[int, int] | None = None,
    drawn: dict[Path, bytes] | None = None,
) -> list[Path]:
    """PNGs of the pages of `pdf` at `dpi` in `folder` (`<name>-<page>.png`),
    then its cover thumbnail `<name>-cover.png`, COVER_WIDTH pixels wide.

    With `drawn` (kept by the caller from one call to the next: each PNG's
    path and a digest of the pixels written there), a page whose pixels are
    those of its PNG already is not encoded or written again, nor the cover
    while page 1 is unchanged: after an edit most pages of an issue are the
    same, and encoding a page costs twice its rendering (20 ms against 10 ms
    at 100 dpi). Changed pages are encoded in two threads (Pillow lets go of
    the interpreter lock while it compresses) while pdfium, which takes one
    caller at a time, renders the next page."""
    folder.mkdir(parents=True, exist_ok=True)
    memo: dict[Path, bytes] = {} if drawn is None else drawn
    written: list[Path] = []
    cover = folder / f"{pdf.stem}-cover.png"
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs: list[tuple[Future[None], Path, bytes | None]] = []

        def encode(target: Path, image: PILImage.Image, digest: bytes | None = None) -> None:
            # zlib level 1: PNG encoding was 0.7 s of a 1.6 s warm rebuild
            # of a three-page issue at level 6, for files a fifth smaller
            save = partial(image.save, compress_level=1)
            jobs.append((pool.submit(_write_atomically, target, save), target, digest))

        document = pdfium.PdfDocument(str(pdf))
        try:
            count = len(document)
            low, high = pages if pages is not None else (1, count)
            for number in range(low, min(high, count) + 1):
                page = document[number - 1]
                # a copy: the image pdfium gives shares the bitmap's memory
                image = page.render(scale=dpi / 72).to_pil().copy()
                target = folder / f"{pdf.stem}-{number}.png"
                written.append(target)
                digest = hashlib.sha256(image.tobytes()).digest()
                unchanged = memo.get(target) == digest and target.is_file()
                if not unchanged:
                    memo.pop(target, None)  # known again once written
                    encode(target, image, digest)
                if number == 1 and not (unchanged and cover.is_file()):
                    # page 1 at the cover's width, as `web.media.cover_png` draws it
                    scale = COVER_WIDTH / page.get_width()
                    encode(cover, page.render(scale=scale).to_pil().convert("RGB"))
                page.close()
            if low > 1:
                png, _, _ = cover_png(pdf, width=COVER_WIDTH, compact=False)
                write = partial(_write_bytes, png)
                jobs.append((pool.submit(_write_atomically, cover, write), cover, None))
        finally:
            document.close()
        for job, png_path, pixels in jobs:
            job.result()  # an error writing a PNG is raised here
            if pixels is not None:
                memo[png_path] = pixels
    written.append(cover)
    return written


def _write_atomically(target: Path, write: Callable[[str], object]) -> None:
    """Write through a temporary name and rename: an image viewer that reloads
    the PNG on change never reads a half-written file."""
    temporary = target.with_name(f".{target.name}.tmp")
    if target.suffix == ".png":
        temporary = target.with_name(f".{target.stem}.tmp.png")
    write(str(temporary))
    os.replace(temporary, target)


def _write_bytes(data: bytes, path: str) -> None:
    Path(path).write_bytes(data)


@dataclass
class Rebuilt:
    """One round of `watch`: what was built, what was wrong, and how long it took."""

    issue: Path
    pdf: Path | None
    pngs: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    #: from the save that caused it to the refreshed PNGs (None for the first build)
    since_save: float | None = None


def rebuild(
    issue_file: Path,
    output: Path,
    *,
    brand_file: Path | None = None,
    dpi: float = 100,
    brands: dict[tuple[Path, float], Brand] | None = None,
    drawn: dict[Path, bytes] | None = None,
) -> Rebuilt:
    """Build the screen edition of `issue_file` into `output` and preview it into
    `output/preview`; problems are returned, not raised. `brands` keeps loaded
    brands by file and modification time across calls, `drawn` the pixels of
    the PNGs written (see `preview_pdf`)."""
    started = time.perf_counter()
    result = Rebuilt(issue_file, None)
    try:
        path = brand_for(issue_file, brand_file)
        key = (path, path.stat().st_mtime)
        brand = brands.get(key) if brands is not None else None
        if brand is None:
            brand = load_brand(path)
            if brands is not None:
                brands[key] = brand
        built = build_issue(
            issue_file,
            brand,
            output,
            editions=("screen",),
            source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
            related=related_refs(issue_file.parent),
        )
    except TypesetError as exc:
        result.problems = list(exc.diagnostics)
    except OSError as exc:  # a file deleted or half-saved by the editor
        result.problems = [error(Location(str(issue_file)), f"cannot read: {exc.strerror}")]
    else:
        result.problems = list(built.warnings)
        result.pdf = built.rendered[-1].path
        result.pngs = preview_pdf(result.pdf, output / "preview", dpi=dpi, drawn=drawn)
    result.seconds = time.perf_counter() - started
    return result


def watched_roots(path: Path, brand_file: Path | None) -> list[Path]:
    """The folders to watch: the issues', their brand's and the brand's fonts' and logo's."""
    issues = find_issue_files([path])
    roots = {path if path.is_dir() else path.parent}
    for issue in issues:
        brand_path = brand_for(issue, brand_file)
        roots.add(brand_path.parent)
        try:
            brand = load_brand(brand_path)
        except InputError:
            continue  # reported by the first rebuild
        roots.update(font.parent for font in brand.font_files.values())
        if brand.logo is not None:
            roots.add(brand.logo.parent)
    resolved = sorted({root.resolve() for root in roots})
    # a folder inside another watched one is watched already
    return [r for r in resolved if not any(o != r and o in r.parents for o in resolved)]


def affected(path: Path, changed: Iterable[Path], brand_file: Path | None) -> list[Path]:
    """The issues to rebuild after `changed`: an issue file alone when only issues
    changed, every issue when a brand, image or font changed."""
    issues = find_issue_files([path])
    by_file = {issue.resolve(): issue for issue in issues}
    relevant = [c for c in changed if c.suffix.lower() in WATCHED_SUFFIXES]
    if not relevant:
        return []
    if all(c.resolve() in by_file for c in relevant):
        return [by_file[c.resolve()] for c in relevant]
    return issues


def watch(
    path: Path,
    output: Path,
    report: Callable[[Rebuilt], None],
    *,
    brand_file: Path | None = None,
    dpi: float = 100,
    stop: threading.Event | None = None,
) -> None:
    """Build every issue under `path` once, then again whenever a watched file
    changes, until `stop` is set (or Ctrl-C); each round goes to `report`."""
    from watchfiles import watch as changes

    brands: dict[tuple[Path, float], Brand] = {}
    drawn: dict[Path, bytes] = {}
    again = partial(
        rebuild,
        output=output,
        brand_file=brand_file,
        dpi=dpi,
        brands=brands,
        drawn=drawn,
    )
    for issue in find_issue_files([path]):
        report(again(issue))
    output_root = output.resolve()
    for batch in changes(
        *watched_roots(path, brand_file),
        stop_event=stop,
        debounce=50,
        step=20,
        # the output folder may lie inside a watched one: our own PNGs are no change
        watch_filter=lambda _, name: output_root not in Path(name).resolve().parents,
    ):
        changed = [Path(name) for _, name in batch]
        saved = max((_mtime(c) for c in changed), default=time.time())
        for issue in affected(path, changed, brand_file):
            result = again(issue)
            result.since_save = time.time() - saved
            report(result)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # deleted: its deletion is the change
        return time.time()
