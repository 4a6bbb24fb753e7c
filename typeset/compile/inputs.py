"""Opening issue PDFs for merging, whatever state they are in.

Takes a PDF path and the passwords that may open it; gives an `Opened` PDF: a
pypdf reader with its pages, and a description of every repair made on the
way. An encrypted file is opened with a password from its sidecar or the
command line, or refused by name. A damaged file (broken cross-reference
table, bad stream) is read leniently by pypdf or, failing that, rebuilt by
qpdf through pikepdf; either way the repair is reported, and with `strict`
it is a failure instead. The page count is confirmed by a second, independent
reader (pdfium): a repair that would lose a page is an error, never silent.
What else is wanted of pdfium (our issues' bookmarks, the related-issue
labels) is read in that same pass (`survey`). Must not write the volume.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf
from pypdf.errors import FileNotDecryptedError

from ..errors import Diagnostic, Location, error, warning
from ..limits import PdfLimits
from ..logs import collected
from ..words import plural
from . import normalise
from .survey import Survey, Surveys, survey

DEFAULT_LIMITS = PdfLimits()


#: Why an input is refused, in a word a brand has a label for (`missing_damaged` …):
#: the placeholder page of `--allow-missing` says it in the brand's words.
REASONS = ("damaged", "password", "unreadable")


class Refused(Exception):
    """An input that cannot go into the volume; carries its diagnostic and
    why, as one of `REASONS`."""

    def __init__(self, diagnostic: Diagnostic, reason: str = "damaged") -> None:
        assert reason in REASONS, reason
        self.diagnostic = diagnostic
        self.reason = reason
        super().__init__(diagnostic.format())


@dataclass
class Opened:
    path: Path
    #: None when released (`release`): `reader()` reads the file again
    current: pypdf.PdfReader | None
    pages: int
    #: what was repaired, in words, for the warning that names the file
    repairs: list[str] = field(default_factory=list)
    #: what the file had that a merge cannot keep (a digital signature)
    notes: list[str] = field(default_factory=list)
    password: str | None = None
    #: the file as qpdf rebuilt it, when it had to be
    rebuilt: bytes | None = None
    #: what pdfium saw in it (None if pdfium could not open it)
    seen: Survey | None = None

    def reader(self) -> pypdf.PdfReader:
        """The open PDF; read again (quickly: pypdf reads lazily) if released."""
        if self.current is None:
            data = self.rebuilt if self.rebuilt is not None else self.path.read_bytes()
            self.current = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if self.current.is_encrypted:
                self.current.decrypt(self.password or "")
        return self.current

    def release(self) -> None:
        """Let the reader and all it has parsed go: a volume of hundreds of
        issues would otherwise hold every file in memory at once."""
        self.current = None


def pypdf_repairs() -> AbstractContextManager[list[str]]:
    """What pypdf says it worked around while reading (it logs, and reads on),
    collected so that it can be reported against the file being read."""
    return collected("pypdf")


def _refuse(path: Path, message: str, *hints: str, reason: str = "damaged") -> Refused:
    return Refused(error(Location(str(path)), message, *hints), reason)


def _pdfium(
    data: bytes, password: str | None, *, bookmarks: bool, texts: Sequence[str]
) -> Survey | None:
    """The file as pdfium sees it, or None if pdfium cannot open it."""
    return survey(data, password, bookmarks=bookmarks, texts=texts)


def _decrypt(reader: pypdf.PdfReader, path: Path, passwords: Sequence[str]) -> str | None:
    """Open an encrypted reader with the first password that works; the password used."""
    for password in ("", *passwords):
        try:
            if reader.decrypt(password):
                return password
        except (FileNotDecryptedError, NotImplementedError, ValueError) as exc:
            raise _refuse(path, f"cannot decrypt: {exc}", reason="password") from None
    if passwords:
        raise _refuse(
            path,
            "encrypted, and none of the passwords given opens it",
            "check the password in the sidecar or given with --password",
            reason="password",
        )
    raise _refuse(
        path,
        "encrypted with a password",
        "give it in the sidecar (password: …) or with --password",
        reason="password",
    )


def _qpdf_rebuild(path: Path, password: str | None) -> tuple[bytes, list[str]]:
    """The file as qpdf rebuilds it while opening, and qpdf's warnings."""
    import pikepdf  # only for damaged files: it costs a tenth of a second to import

    with pikepdf.open(path, password=password or "") as pdf:
        warnings = _meaningful(pdf.get_warnings(), path)
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False)  # its XMP: see normalise._save
    return out.getvalue(), warnings


def _read(data: bytes, path: Path, passwords: Sequence[str]) -> tuple[pypdf.PdfReader, str | None]:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    password = _decrypt(reader, path, passwords) if reader.is_encrypted else None
    count = len(reader.pages)
    if count == 0:
        raise ValueError("no pages found")
    return reader, password


def open_pdf(path: Path, *args: Any, **options: Any) -> Opened:
    """Open `path` for merging (`read_pdf`); raise `Refused` if it cannot be merged
    whole, also when a PDF library fails on it in a way nobody foresaw."""
    try:
        return read_pdf(path, *args, **options)
    except Refused:
        raise
    except Exception as exc:  # pypdf, qpdf and pdfium raise dozens of kinds
        raise _refuse(
            path, f"cannot be read: {library_failure(exc)}", HINT_EXPORT, reason="unreadable"
        ) from None


HINT_EXPORT = "re-export the file from the program that made it"


def library_failure(exc: BaseException) -> str:
    """A PDF library's exception in a line: its kind and its message, shortened."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def read_pdf(
    path: Path,
    passwords: Sequence[str] = (),
    *,
    strict: bool = False,
    check_streams: bool = True,
    bookmarks: bool = False,
    texts: Sequence[str] = (),
    surveys: Surveys | None = None,
    limits: PdfLimits = DEFAULT_LIMITS,
) -> Opened:
    """Open `path` for merging; raise `Refused` if it cannot be merged whole.

    With `check_streams` (for files we did not make), every stream is decoded
    once; one that cannot be (damaged Flate, bad LZW) is repaired: what could
    be decoded is kept, the rest dropped, and the object is named. With
    `bookmarks` and `texts`, pdfium also reads the top-level bookmarks' pages
    and where each of `texts` is printed on the last page (`Opened.seen`);
    from `surveys` when these very bytes were surveyed before (kept there
    otherwise). A file we did not make (`check_streams`) is also checked against
    `limits` before anything decodes it, and merged as it is only when it has
    nothing to repair or remove (`normalise.before_reading`); otherwise as
    `normalise` rewrites it: its active content removed (`Opened.notes` says what)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, f"cannot read the file: {exc.strerror}", reason="unreadable") from None
    if b"%PDF-" not in data[:1024]:
        raise _refuse(path, "not a PDF file (no %PDF- header)", reason="unreadable")
    repairs: list[str] = []
    password: str | None = None
    rebuilt: bytes | None = None
    inspected: normalise.Inspected | None = None
    if check_streams:  # a file we did not make: within the limits before anything decodes it
        try:
            inspected = normalise.before_reading(data, passwords, limits, repairs)
        except normalise.Unfit as unfit:
            raise _refuse(path, str(unfit), *unfit.hints) from None
        data, rebuilt = inspected.data, inspected.rebuilt
    with pypdf_repairs() as messages:
        try:
            reader, password = _read(data, path, passwords)
            repairs.extend(f"pypdf: {m}" for m in messages)
        except Refused:
            raise
        except Exception as first:  # any failure here is the file's, not ours
            reader, password, rebuilt, how = _rebuild(data, path, passwords, first)
            repairs.append(how)
    removed: list[str] = []
    if inspected is not None:
        try:
            if inspected.sound and not repairs and rebuilt is None:
                # nothing for qpdf to repair or remove, and pypdf read it without a
                # word: merged as it is, without a rewrite (see `normalise.before_reading`)
                normalise.confirm(reader, inspected.pages)
            else:
                reader, rebuilt, removed = _normalised(
                    data, rebuilt, password, repairs, path, limits, inspected.measured
                )
        except normalise.Unfit as unfit:
            raise _refuse(path, str(unfit), *unfit.hints) from None
    pages = len(reader.pages)
    seen = surveys.get(path.name, data, texts=texts) if surveys and not rebuilt else None
    if seen is None:
        seen = _pdfium(data, password, bookmarks=bookmarks, texts=texts)
        if surveys is not None and seen is not None and not rebuilt and bookmarks:
            surveys.put(path.name, data, seen)
    if seen is not None and seen.pages > pages:
        raise _refuse(
            path,
            f"damaged: another reader finds {plural(seen.pages, 'page')}, but only {pages} "
            "could be recovered",
            "re-export the file from the program that made it",
        )
    if seen is None and repairs and repairs[-1].startswith("rebuilt"):
        raise _refuse(
            path,
            "damaged beyond repair: only qpdf could read it, and no second reader confirms "
            f"its {plural(pages, 'page')}",
            "re-export the file from the program that made it",
        )
    if strict and repairs:
        raise _refuse(
            path,
            "damaged (--strict refuses repairs): " + "; ".join(repairs),
            "re-export the file, or compile without --strict to repair it",
        )
    opened = Opened(path, reader, pages, repairs, password=password, rebuilt=rebuilt, seen=seen)
    opened.notes.extend(f"removed {what}" for what in removed)
    if _is_signed(reader):
        opened.notes.append("its digital signature cannot survive a merge and no longer applies")
    return opened


#: How qpdf names a file it reads from memory, before each warning.
_IN_MEMORY = re.compile(r"^stream <[^>]*>(?:: |, )")
#: qpdf's words that only announce a repair; left out when it says what it was.
_NOISE = ("file is damaged", "attempting to reconstruct cross-reference table")


def _meaningful(messages: Sequence[str], path: Path | None) -> list[str]:
    """qpdf's warnings without the file's name, and without the announcements
    when something more telling is said."""
    prefixes = [f"{path}: ", f"{path.name}: "] if path is not None else []
    found: list[str] = []
    for message in messages:
        text = _IN_MEMORY.sub("", " ".join(message.split()))
        for prefix in prefixes:
            text = text.removeprefix(prefix)
        if text not in found:
            found.append(text)
    telling = [t for t in found if t.lower() not in _NOISE]
    return telling or found


def _repair_streams(
    data: bytes, password: str | None, path: Path | None = None
) -> tuple[bytes, list[str]]:
    """Decode every stream; the file with each undecodable one replaced by
    what could be decoded of it, and what was done, object by object (and
    what qpdf repaired to open it)."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data), password=password or "")
    except pikepdf.PdfError:
        return data, []  # pypdf read it; whatever qpdf dislikes is reported elsewhere
    with pdf:
        # What qpdf worked around to open the file is a repair too, even where
        # pypdf read on without a word: a file padded with zeros after its
        # end (cairo 1.16) has no startxref where qpdf and viewers look for it.
        damaged = [f"qpdf: {m}" for m in _meaningful(pdf.get_warnings(), path)]
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream) or not _checkable(obj):
                continue
            try:
                obj.read_bytes()
            except pikepdf.PdfError as exc:
                reason = str(exc).rsplit("): ", 1)[-1].removeprefix("stream inflate: ")
                kept = _salvage(obj)
                obj.write(zlib.compress(kept), filter=pikepdf.Name.FlateDecode)
                number = obj.objgen[0]
                damaged.append(
                    f"object {number}: undecodable stream ({reason}); "
                    f"kept the {len(kept):,} bytes that could be decoded"
                )
        if not any(m.startswith("object ") for m in damaged):
            return data, damaged
        out = io.BytesIO()
        with warnings.catch_warnings():
            # pikepdf's advice about forms concerns copying pages, which this is not
            warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
            pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue(), damaged


#: Filters qpdf decodes at its general level; the rest (images: run-length, DCT, JPX,
#: CCITT, JBIG2) are left to viewers.
_GENERAL_FILTERS = frozenset({"/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode"})


def _checkable(stream: object) -> bool:
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    found = stream.get("/Filter")
    names = list(found) if isinstance(found, pikepdf.Array) else [found] if found else []
    return all(str(name) in _GENERAL_FILTERS for name in names)


def _salvage(stream: object) -> bytes:
    """What a damaged Flate stream yields before the damage; nothing otherwise."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    if stream.get("/Filter") not in (
        pikepdf.Name.FlateDecode,
        pikepdf.Array([pikepdf.Name.FlateDecode]),
    ):
        return b""
    raw = stream.read_raw_bytes()
    inflate = zlib.decompressobj()
    kept = bytearray()
    for start in range(0, len(raw), 256):
        try:
            kept += inflate.decompress(raw[start : start + 256])
        except zlib.error:
            break
    return bytes(kept)


def _rebuild(
    data: bytes, path: Path, passwords: Sequence[str], first: Exception
) -> tuple[pypdf.PdfReader, str | None, bytes, str]:
    """pypdf could not read the file: let qpdf rebuild it, then read that;
    the reader, password, rebuilt file and what was done."""
    import pikepdf

    last: Exception = first
    for password in ("", *passwords):
        try:
            rebuilt, warnings = _qpdf_rebuild(path, password)
            reader, _ = _read(rebuilt, path, ())
        except pikepdf.PasswordError as exc:
            last = exc
            continue
        except Exception as exc:  # the file's failure, reported below
            last = exc
            break
        detail = warnings[0] if warnings else str(first)
        more = f" (and {len(warnings) - 1} more problems)" if len(warnings) > 1 else ""
        return reader, password or None, rebuilt, f"rebuilt by qpdf: {detail}{more}"
    reason = " ".join(str(last).split()).removeprefix(f"{path}: ") or type(last).__name__
    raise _refuse(
        path,
        f"damaged beyond repair: {reason}",
        "re-export the file from the program that made it",
        reason="password" if isinstance(last, pikepdf.PasswordError) else "damaged",
    )


def _normalised(
    data: bytes,
    rebuilt: bytes | None,
    password: str | None,
    repairs: list[str],
    path: Path,
    limits: PdfLimits,
    measured: bool,
) -> tuple[pypdf.PdfReader, bytes, list[str]]:
    """A foreign file that is not sound as it is: its undecodable streams repaired,
    then rewritten by qpdf (`normalise`) and read again by pypdf; the reader, the
    rewritten bytes and the active content removed. What was repaired is added to
    `repairs`; raises `normalise.Unfit`."""
    fixed, damaged = _repair_streams(rebuilt if rebuilt is not None else data, password, path)
    repairs.extend(m for m in damaged if m not in repairs)
    if fixed is not data and fixed is not rebuilt:
        rebuilt = fixed
    made = normalise.normalise(rebuilt or data, password, limits=limits, measured=measured)
    reader = normalise.second_reader(made)
    repairs.extend(r for r in made.repairs if r not in repairs)
    return reader, made.data, made.removed


def _is_signed(reader: pypdf.PdfReader) -> bool:
    try:
        fields = reader.get_fields() or {}
    except Exception:  # a damaged form is not our concern here
        return False
    return any(str(f.get("/FT")) == "/Sig" and f.get("/V") is not None for f in fields.values())


def repair_warning(opened: Opened) -> Diagnostic | None:
    if not opened.repairs:
        return None
    shown = opened.repairs[:3]
    more = f"; and {len(opened.repairs) - 3} more" if len(opened.repairs) > 3 else ""
    return warning(
        Location(str(opened.path)),
        "repaired: " + "; ".join(shown) + more,
        "re-export the file from the program that made it to avoid repairs",
    )
