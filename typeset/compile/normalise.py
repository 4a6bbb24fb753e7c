"""Every foreign page made safe before it is merged into a volume.

`before_reading` takes the bytes of a PDF we did not make and the declared
`PdfLimits`, before pypdf or pdfium read it; in one qpdf pass it checks the limits,
decodes every stream qpdf can decode, parses each page's content and looks for
active content, and says whether the file is sound as it is (`Inspected.sound`):
then it is merged as it is, which is what `qpdf --check` would pass. `normalise`
takes any other such file (decrypted with the password given, maybe rebuilt) and
gives a `Normalised` file, rewritten by qpdf, that pypdf can merge and that passes
`qpdf --check`, with what was repaired and what active content was removed, in
words. Both raise `Unfit`, with a message naming the object or page, for what
cannot be made safe:

- **limits** (checked first, before anything decodes a stream): a stream that
  decodes to more than `stream_bytes`, a file over `pdf_bytes` or `pages`;
- **pages**: each page an indirect `/Type /Page` dictionary (qpdf repairs both,
  and the repair is reported), whose `/Contents` is a stream or an array of streams
  (otherwise refused), and whose content parses (content qpdf can read only in part
  is rewritten from what it read, and reported);
- **active content**: JavaScript, Launch, SubmitForm, ImportData and every other
  action that does not navigate, at document, page, annotation, form field and
  bookmark level, is removed; a link left without an action is removed; a bookmark
  whose action was removed is dropped and its children take its place. What
  navigates stays: GoTo, and URI with an http, https or mailto scheme.

After rewriting, qpdf reads the result as `qpdf --check` does: anything it still
finds is a refusal, so no volume can fail that check because of an input. Must not
know about volumes, sidecars or the brand.
"""

from __future__ import annotations

import io
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import pikepdf
import pypdf

from ..limits import PdfLimits
from ..streams import (
    TooLarge,
    ceiling,
    check_declared,
    end_of_pdf,
    filter_names,
    measure,
    oversized_object_stream,
)

#: Actions that navigate, kept; every other kind is removed.
NAVIGATION = frozenset({"/GoTo"})
#: URI schemes a kept link may use (those issue links allow).
SCHEMES = ("http", "https", "mailto")
_MAX_CHAIN = 64  # actions followed through /Next
_MAX_ITEMS = 100_000  # bookmarks, fields and annotations looked at per file


class Unfit(Exception):
    """The file cannot be made safe to merge; the message says why, by object or page."""

    def __init__(self, message: str, *hints: str) -> None:
        super().__init__(message)
        self.hints = hints or (HINT,)


HINT = "re-export the file from the program that made it"


@dataclass
class Normalised:
    data: bytes
    pages: int
    #: what qpdf or this step repaired, in words
    repairs: list[str] = field(default_factory=list)
    #: the active content removed, one entry each, in words
    removed: list[str] = field(default_factory=list)


def _scheme(uri: str) -> str:
    head, colon, _ = uri.partition(":")
    return head.lower().strip() if colon and head.strip().isascii() else ""


def _describe(action: pikepdf.Dictionary) -> str:
    """An action in words: "JavaScript", "a Launch action ('cmd.exe')", "a link to …"."""
    kind = str(action.get("/S", "/unknown"))[1:]
    if kind == "JavaScript" or "/JS" in action:
        return "JavaScript"
    if kind == "Launch":
        target = action.get("/F")
        if isinstance(target, pikepdf.Dictionary):
            target = target.get("/UF", target.get("/F"))
        if target is None and isinstance(action.get("/Win"), pikepdf.Dictionary):
            target = action["/Win"].get("/F")
        named = f" ({str(target)[:60]!r})" if isinstance(target, pikepdf.String) else ""
        return f"a Launch action{named}"
    if kind == "URI":
        uri = action.get("/URI")
        shown = str(uri)[:60] if isinstance(uri, pikepdf.String) else ""
        return f"a link to {shown!r}"
    return f"a {kind} action"


def _navigates(action: pikepdf.Dictionary) -> bool:
    kind = str(action.get("/S", ""))
    if "/JS" in action:
        return False
    if kind in NAVIGATION:
        return True
    if kind == "/URI":
        uri = action.get("/URI")
        return isinstance(uri, pikepdf.String) and _scheme(str(uri)) in SCHEMES
    return False


def _clean_action(value: object, where: str, removed: list[str]) -> bool:
    """Keep `value` (an action, maybe chained with /Next) only if it navigates; its
    chain is cut at the first action that does not. Whether the head is kept."""
    if not isinstance(value, pikepdf.Dictionary):
        return False
    if not _navigates(value):
        removed.append(f"{_describe(value)} from {where}")
        return False
    current = value
    for _ in range(_MAX_CHAIN):
        chained = current.get("/Next")
        if chained is None:
            return True
        following = chained if isinstance(chained, pikepdf.Dictionary) else None
        if following is None or not _navigates(following):
            if following is not None:
                removed.append(f"{_describe(following)} chained after {where}'s action")
            else:
                removed.append(f"a chain of actions from {where}")
            del current["/Next"]
            return True
        current = following
    del current["/Next"]
    return True


def _clean_triggers(holder: pikepdf.Dictionary, where: str, removed: list[str]) -> None:
    """An object's own action (/A) if it does not navigate, and every additional
    action (/AA: run on opening, closing, focus, keystrokes; none of them navigation
    a reader asked for)."""
    if "/A" in holder and not _clean_action(holder["/A"], where, removed):
        del holder["/A"]
    extra = holder.get("/AA")
    if extra is not None:
        if isinstance(extra, pikepdf.Dictionary):
            for trigger, action in extra.items():
                what = _describe(action) if isinstance(action, pikepdf.Dictionary) else "an action"
                removed.append(f"{what} from {where} (additional action /{trigger[1:]})")
        del holder["/AA"]


def _document(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    root = pdf.Root
    opening = root.get("/OpenAction")
    if isinstance(opening, pikepdf.Dictionary) and not _clean_action(
        opening, "the document, when opened,", removed
    ):
        del root["/OpenAction"]
    if "/AA" in root:
        _clean_triggers(pikepdf.Dictionary(AA=root.AA), "the document", removed)
        del root["/AA"]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        del names["/JavaScript"]
        removed.append("document-level JavaScript (/Names /JavaScript)")
    form = root.get("/AcroForm")
    fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    pending = list(fields) if isinstance(fields, pikepdf.Array) else []
    seen: set[tuple[int, int]] = set()
    for _ in range(_MAX_ITEMS):
        if not pending:
            break
        item = pending.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        if item.objgen != (0, 0):
            seen.add(item.objgen)
        name = item.get("/T")
        where = f"the form field {str(name)!r}" if isinstance(name, pikepdf.String) else "a field"
        _clean_triggers(item, where, removed)
        kids = item.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            pending.extend(kids)


def _pages(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    for number, page in enumerate(pdf.pages, 1):
        _clean_triggers(page.obj, f"page {number}", removed)
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        kept = []
        for annotation in annotations:
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            kind = str(annotation.get("/Subtype", "/annotation"))[1:].lower()
            had = "/A" in annotation
            _clean_triggers(annotation, f"a {kind} annotation on page {number}", removed)
            if kind == "link" and had and "/A" not in annotation and "/Dest" not in annotation:
                continue  # a link that goes nowhere now
            kept.append(annotation)
        if len(kept) != len(annotations):
            page.obj["/Annots"] = pikepdf.Array(kept)


def _outline_needs_cleaning(pdf: pikepdf.Pdf) -> bool:
    outlines = pdf.Root.get("/Outlines")
    pending = [outlines.get("/First")] if isinstance(outlines, pikepdf.Dictionary) else []
    seen: set[tuple[int, int]] = set()
    for _ in range(_MAX_ITEMS):
        if not pending:
            return False
        item = pending.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        action = item.get("/A")
        if "/AA" in item or (action is not None and not _bookmark_action_kept(action)):
            return True
        pending.extend(item[key] for key in ("/Next", "/First") if key in item)
    return False


def _bookmark_action_kept(action: object) -> bool:
    return isinstance(action, pikepdf.Dictionary) and _navigates(action) and "/Next" not in action


def _outline(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    """Bookmarks whose action does not navigate are dropped, their children moved up
    into their place; the outline is rewritten only when one is found."""
    if not _outline_needs_cleaning(pdf):
        return
    try:
        with pdf.open_outline(max_depth=64, strict=True) as outline:
            outline.root[:] = _kept_items(outline.root, removed)
    except Exception as exc:  # a damaged outline: no bookmarks rather than bad ones
        if "/Outlines" in pdf.Root:
            del pdf.Root["/Outlines"]
        removed.append(f"the bookmarks, which could not be read to clean them ({exc})")


def _kept_items(items: list[pikepdf.OutlineItem], removed: list[str]) -> list[pikepdf.OutlineItem]:
    kept: list[pikepdf.OutlineItem] = []
    pending: list[tuple[list[pikepdf.OutlineItem], list[pikepdf.OutlineItem]]] = [(items, kept)]
    while pending:
        source, target = pending.pop()
        for item in source:
            action = item.action
            if action is not None and not _bookmark_action_kept(action):
                assert isinstance(action, pikepdf.Dictionary)
                what = _describe(action)
                removed.append(f"{what} from the bookmark {item.title[:40]!r}, dropped")
                # the children take its place, in order
                target.extend(_kept_items(item.children, removed))
                continue
            children = list(item.children)
            item.children.clear()
            target.append(item)
            pending.append((children, item.children))
    return kept


#: Filters qpdf has no decoder for: `qpdf --check` passes such a stream as it is.
_UNDECODED = frozenset({"/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode", "/Crypt"})


def _decode_all(pdf: pikepdf.Pdf, limits: PdfLimits) -> bool:
    """Every stream of `pdf` checked against `limits` (raises `Unfit`), and decoded
    once by qpdf wherever qpdf can decode it (JPEG images too), as `qpdf --check`
    does; whether each of those decoded without an error or a warning.

    A stream whose filters cannot make it larger than the limit (`ceiling`: its raw
    length times each filter's worst case) is decoded by qpdf directly, which finds
    its size and its damage at once; one that might be larger (a bomb) or that an
    image codec decodes is first measured incrementally (an image by its declared
    size), without ever holding it whole. What counts towards the file's limit is
    what `measure` counts: an image codec's input, not the pixels."""
    total = 0
    sound = True
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        try:
            names = filter_names(obj)
            check_declared(obj, limits.stream_bytes, names)
            bound = ceiling(obj, len(obj.read_raw_bytes()))
            if bound is None or bound > limits.stream_bytes:
                size = measure(obj, limits.stream_bytes)
            if not any(name in _UNDECODED for name in names):
                before = len(pdf.get_warnings())
                decoded = len(obj.read_bytes(pikepdf.StreamDecodeLevel.all))
                size = decoded if bound is not None else size
                sound = sound and len(pdf.get_warnings()) == before
        except TooLarge:
            raise _too_large(obj, limits) from None
        except pikepdf.PdfError:
            sound = False  # undecodable: repaired by the caller, with what decodes kept
            try:
                size = measure(obj, limits.stream_bytes)  # what decodes before the damage
            except TooLarge:
                raise _too_large(obj, limits) from None
            except pikepdf.PdfError:
                continue
        total += size
        if total > limits.pdf_bytes:
            raise Unfit(
                f"its streams decode to more than {limits.pdf_bytes / 2**20:,.0f} MB together, "
                "the limit for one file"
            )
    return sound


def _too_large(obj: pikepdf.Stream, limits: PdfLimits) -> Unfit:
    number, generation = obj.objgen
    return Unfit(
        f"object {number} {generation} decodes to more than "
        f"{limits.stream_bytes / 2**20:,.0f} MB, the limit for one stream "
        "(a damaged file or a decompression bomb)"
    )


def check_limits(pdf: pikepdf.Pdf, limits: PdfLimits) -> int:
    """Raise `Unfit` if `pdf` is over the limits; its page count otherwise."""
    count = _page_count(pdf, limits)
    _decode_all(pdf, limits)
    return count


def _page_count(pdf: pikepdf.Pdf, limits: PdfLimits) -> int:
    count = len(pdf.pages)
    if count > limits.pages:
        raise Unfit(f"it has {count:,} pages, more than the limit of {limits.pages:,}")
    return count


def _kind(value: object) -> str:
    """What a PDF value is, in words, for a message."""
    if isinstance(value, pikepdf.Array):
        return "an array holding something other than streams"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float) or type(value).__name__ == "Decimal":
        return "a number"
    for kind, said in (
        (pikepdf.Name, "a name"),
        (pikepdf.String, "a string"),
        (pikepdf.Dictionary, "a dictionary"),
    ):
        if isinstance(value, kind):
            return said
    return "something else"


def _streams(contents: object) -> bool:
    """Whether a page's /Contents is none, a stream or an array of streams."""
    if contents is None or isinstance(contents, pikepdf.Stream):
        return True
    return isinstance(contents, pikepdf.Array) and all(
        isinstance(part, pikepdf.Stream) for part in contents
    )


def _contents(pdf: pikepdf.Pdf, repairs: list[str], consumed: set[str]) -> None:
    """Each page a /Type /Page whose content is streams that parse (see the module's
    docstring); what was repaired goes to `repairs`, qpdf's warnings it explained to
    `consumed`."""
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        if obj.get("/Type") != pikepdf.Name.Page:
            obj.Type = pikepdf.Name.Page
            repairs.append(f"page {number} had no /Type /Page")
        contents = obj.get("/Contents")
        if not _streams(contents):
            what = _kind(contents)
            raise Unfit(f"page {number}: its /Contents is {what}, not a content stream")
        if contents is None:
            continue
        before = len(pdf.get_warnings())
        try:
            instructions = pikepdf.parse_content_stream(page)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            raise Unfit(f"page {number}: its content cannot be read ({exc})") from None
        # qpdf's content parser says "(content, offset …)"; what else it says while
        # reading the stream (a recovered length) is its own repair, reported as such
        found = [w for w in pdf.get_warnings()[before:] if "(content" in w]
        if found:
            obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
            said = _short(found[0])
            repairs.append(f"page {number}: content read only in part ({said}); kept that")
            consumed.update(found)


def normalise(
    data: bytes, password: str | None, *, limits: PdfLimits, measured: bool = False
) -> Normalised:
    """`data` made safe to merge (see the module's docstring); raises `Unfit`.
    `measured`: its streams were measured against `limits` already (`before_reading`),
    so only its page count is."""
    try:
        pdf = pikepdf.open(io.BytesIO(data), password=password or "")
    except pikepdf.PdfError as exc:
        raise Unfit(f"qpdf cannot read it to make it safe ({_short(exc)})") from None
    with pdf:
        pages = len(pdf.pages) if measured else check_limits(pdf, limits)
        if pages == 0:
            raise Unfit("qpdf finds no pages in it")
        ours: list[str] = []
        consumed: set[str] = set()
        removed: list[str] = []
        _contents(pdf, ours, consumed)
        _document(pdf, removed)
        _pages(pdf, removed)
        _outline(pdf, removed)
        written = _save(pdf)
        try:
            _check(written)
        except Unfit:
            # a stream qpdf reads only with a warning (a Flate stream that does not
            # end cleanly) is copied as it is; written again from what it decodes
            # to, it is sound (each within the limits, checked before)
            if not _rewrite_warned_streams(pdf, ours):
                raise
            written = _save(pdf)
            _check(written)
        # what qpdf repaired on opening and while reading the streams to write them
        said = [_short(w) for w in pdf.get_warnings() if w not in consumed]
    return Normalised(written, pages, [*dict.fromkeys(said), *ours], removed)


def _rewrite_warned_streams(pdf: pikepdf.Pdf, repairs: list[str]) -> bool:
    """Each stream that qpdf decodes only with a warning written again from what it
    decodes to; whether there was one."""
    found = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        before = len(pdf.get_warnings())
        try:
            data = obj.read_bytes()
        except pikepdf.PdfError:
            continue  # not decodable here (an image codec): the check says so, if it matters
        if len(pdf.get_warnings()) > before:
            obj.write(data)
            found += 1
    if found:
        repairs.append(f"{found} stream(s) that did not end cleanly written again")
    return bool(found)


def _save(pdf: pikepdf.Pdf) -> bytes:
    """The file as qpdf writes it."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # fix_metadata_version would parse the XMP to write the PDF version into it,
        # and pikepdf prints a traceback for XML that is not XMP (fuzzing found it);
        # a volume keeps no input's XMP, so it is left as it is
        pdf.save(out, deterministic_id=True, encryption=False, fix_metadata_version=False)
    return out.getvalue()


def _check(data: bytes) -> None:
    """What `qpdf --check` would say of the rewritten file's pages as a volume holds
    them: anything is a refusal. Only the pages (with what they draw and their
    annotations) are copied into a volume, so a name-tree entry or a form's hidden
    stream that qpdf finds fault with, and no volume would hold, refuses nothing."""
    stderr = sys.stderr  # pikepdf's check may leave sys.stderr replaced (see preflight)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = pikepdf.new()
            with warnings.catch_warnings():
                # its advice (named destinations, forms) is about keeping a copy: not this
                warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
                pages.pages.extend(pdf.pages)
            copied = io.BytesIO()
            # the streams' bytes as they are, as pypdf copies them
            pages.save(copied, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        with pikepdf.open(copied) as volume:
            problems = [_short(m) for m in volume.check_pdf_syntax()]
            problems += [_short(m) for m in volume.get_warnings()]
    finally:
        sys.stderr = stderr
    if problems:
        more = f"; and {len(problems) - 2} more" if len(problems) > 2 else ""
        raise Unfit(f"it cannot be made sound: {'; '.join(problems[:2])}{more}")


def _short(message: object) -> str:
    text = " ".join(str(message).split()).removeprefix("WARNING: ")
    if text.startswith("stream <_io.BytesIO"):
        text = text.split(">", 1)[-1].lstrip(" ,:")
    return text[:200]


@dataclass
class Inspected:
    """A foreign file as `before_reading` found it."""

    #: the bytes to read: the file's, or cut short where something was appended
    data: bytes
    #: the same bytes when they are not the file's own (else None)
    rebuilt: bytes | None
    #: whether qpdf opened it and its streams were checked against the limits
    measured: bool
    #: qpdf's page count, when measured
    pages: int = 0
    #: nothing in it to repair or remove (see `before_reading`): merged as it is
    sound: bool = False


def before_reading(
    data: bytes, passwords: Sequence[str], limits: PdfLimits, repairs: list[str]
) -> Inspected:
    """Before pypdf or pdfium read a foreign file: data appended after its end cut off
    (a repair), and its streams and pages checked against `limits` (raises `Unfit`),
    each stream decoded once. Also whether the file is sound as it is, so that
    `normalise` would have nothing to do: not encrypted, nothing appended, qpdf opens
    it and decodes every stream without an error or a warning, each page is an
    indirect /Type /Page whose /Contents is streams that parse without a warning,
    and there is no active content to remove. What qpdf's rewrite and check would
    find in such a file is what this found already, so it is merged as it is."""
    rebuilt: bytes | None = None
    cut = end_of_pdf(data)
    if cut is not None:
        data = rebuilt = data[: cut[0]] + b"\n"
        repairs.append(f"data after the end of the PDF, ignored ({cut[1]:,} bytes)")
    for password in ("", *passwords):
        try:
            with pikepdf.open(io.BytesIO(data), password=password) as pdf:
                bomb = oversized_object_stream(pdf, data, limits.stream_bytes)
                if bomb is not None:
                    raise Unfit(
                        f"object {bomb[0]} {bomb[1]} (an object stream) decodes to more than "
                        f"{limits.stream_bytes / 2**20:,.0f} MB, the limit for one stream "
                        "(a damaged file or a decompression bomb)"
                    )
                pages = _page_count(pdf, limits)
                decoded = _decode_all(pdf, limits)
                plain = cut is None and not pdf.is_encrypted
                sound = decoded and plain and _nothing_to_do(pdf)
            return Inspected(data, rebuilt, True, pages, sound)
        except pikepdf.PasswordError:
            continue  # the next password; without one, the reader says it is encrypted
        except pikepdf.PdfError:
            break  # qpdf cannot read it: pypdf may, and `normalise` then refuses it
    return Inspected(data, rebuilt, False)


def _nothing_to_do(pdf: pikepdf.Pdf) -> bool:
    """Whether `normalise` would change nothing in `pdf` (opened, its streams decoded):
    qpdf has not warned, no page needs a repair, no action needs removing. What it
    would refuse is left to it to refuse. Changes `pdf`, which is then thrown away."""
    if pdf.get_warnings():
        return False
    repairs: list[str] = []
    removed: list[str] = []
    try:
        _contents(pdf, repairs, set())
        _document(pdf, removed)
        _pages(pdf, removed)
        needs_cleaning = _outline_needs_cleaning(pdf)
    except Exception:  # noqa: BLE001  # anything odd: `normalise` deals with it, or refuses
        return False
    return not (repairs or removed or needs_cleaning or pdf.get_warnings())


def confirm(reader: pypdf.PdfReader, pages: int) -> None:
    """Raise `Unfit` unless pypdf (which merges the file) finds qpdf's `pages`."""
    try:
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on files it cannot read
        raise Unfit(f"pypdf cannot count its pages ({_short(exc)})") from None
    if count != pages:
        raise Unfit(f"qpdf finds {pages} pages in it but pypdf {count}: no second reader")


def second_reader(made: Normalised) -> pypdf.PdfReader:
    """The normalised file read by pypdf (which merges it), its page count confirmed
    against qpdf's; raises `Unfit` if they differ."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(made.data), strict=False)
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on files it cannot read
        raise Unfit(f"pypdf cannot read it after qpdf rewrote it ({_short(exc)})") from None
    if count != made.pages:
        raise Unfit(f"qpdf finds {made.pages} pages in it but pypdf {count}: no second reader")
    return reader
