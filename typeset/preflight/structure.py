"""Whether the file is a sound, unencrypted PDF: opening it is the first check.

Takes a path (and a password, if one was given); gives an opened `Document` or none,
and the problems met on the way: a file that is not a PDF or cannot be read, one that
opens only after qpdf repairs it (a damaged cross-reference table, a wrong stream
length), a stream that cannot be decoded, and encryption. "Parses without repair"
means: qpdf opens it with recovery switched off and reports no warnings, then finds
nothing wrong when it reads every object and decodes every stream (as `qpdf --check`).
"""

from __future__ import annotations

import io
import mmap
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..streams import end_of_pdf, oversized_object_stream
from .bounds import HINT_LIMIT, check_bounds
from .document import Document, Settings
from .findings import Problem

#: Words in a qpdf warning that mean the file needed repair, not merely that it is odd.
_DAMAGE = (
    "damaged",
    "reconstruct",
    "xref",
    "expected n n obj",
    "endstream",
    "stream length",
    "error decoding stream",
    "errors while decoding",
    "pdf header",
    "unknown token",
    "loop detected",
    "re-processed without filtering",
    "/length",
)
#: Reconstruction notices that add nothing to "damaged"; left out of messages.
_NOISE = ("file is damaged", "attempting to reconstruct cross-reference table")
HINT_REPAIR = (
    "make the file again with the program that wrote it; `qpdf in.pdf out.pdf` repairs many"
)
HINT_DECRYPT = "save an unencrypted copy (`qpdf --decrypt in.pdf out.pdf`) and check that"


@dataclass
class Opened:
    document: Document | None
    problems: list[Problem]


def _strip(message: str, path: Path) -> str:
    """A qpdf message without its WARNING prefix and the file name (the report names it)."""
    text = message.removeprefix("WARNING: ").removeprefix("ERROR: ")
    for prefix in (str(path), path.name):
        if text.startswith(prefix):
            return text[len(prefix) :].lstrip(" :,")
    return text


def _is_damage(message: str) -> bool:
    lowered = message.lower()
    return message.startswith("ERROR") or any(word in lowered for word in _DAMAGE)


def classify(messages: Iterable[str], path: Path) -> Iterator[Problem]:
    """qpdf's warnings as problems: damage is an error, the rest (odd but harmless to
    read, such as broken fast-web-view hints) a warning; the first three of each shown."""
    damage: list[str] = []
    oddities: list[str] = []
    for message in messages:
        lowered = message.lower()
        text = _strip(message, path)
        bucket = damage if _is_damage(message) else oddities
        if any(noise in lowered for noise in _NOISE):
            text = ""  # counted as damage, but says nothing more
        if text not in bucket:
            bucket.append(text)
    for rule, texts, what in (
        ("file.damaged", damage, "the file is damaged; it reads only after repair"),
        ("file.warning", oddities, "qpdf works around a problem in the file"),
    ):
        shown = [text for text in texts if text]
        if not texts:
            continue
        if not shown:
            shown = ["the cross-reference table had to be rebuilt"]
        more = f"; and {len(shown) - 3} more" if len(shown) > 3 else ""
        yield Problem(rule, f"{what}: {'; '.join(shown[:3])}{more}", hints=(HINT_REPAIR,))


def _unreadable(message: str, *hints: str) -> Opened:
    return Opened(None, [Problem("file.unreadable", message, hints=hints)])


def open_document(path: Path, settings: Settings, password: str = "") -> Opened:
    """Open `path` as a pikepdf document, noting whatever had to be repaired."""
    if not path.exists():
        return _unreadable("no such file")
    if not path.is_file():
        return _unreadable("not a file", "name a PDF file, not a folder")
    try:
        with path.open("rb") as stream:
            head = stream.read(1024)
    except OSError as exc:
        return _unreadable(f"cannot be read: {exc.strerror or exc}")
    repaired = False
    cut = end_of_pdf_file(path)
    source: Path | io.BytesIO = path if cut is None else io.BytesIO(cut[0])
    try:
        pdf = pikepdf.open(source, password=password, attempt_recovery=False)
    except pikepdf.PasswordError:
        return _password(password)
    except (pikepdf.PdfError, RuntimeError, ValueError):
        cut, source = None, path  # the cut did not help: judge the file as it is
        try:
            pdf = pikepdf.open(path, password=password)
        except pikepdf.PasswordError:
            return _password(password)
        except (pikepdf.PdfError, RuntimeError, ValueError) as exc:
            if b"%PDF-" not in head:
                return _unreadable("not a PDF file (it does not start with %PDF-)")
            return _unreadable(
                f"cannot be read as a PDF, even with repair: {_strip(str(exc), path)}",
                HINT_REPAIR,
            )
        repaired = True
    bomb = _oversized_object_stream(pdf, path, cut[0] if cut else None, settings)
    if bomb is not None:
        pdf.close()
        return Opened(None, [bomb])
    try:
        count = len(pdf.pages)
    except (pikepdf.PdfError, RuntimeError, ValueError) as exc:
        pdf.close()
        return _unreadable(f"its pages cannot be read: {_strip(str(exc), path)}", HINT_REPAIR)
    limits = settings.limits
    if count > limits.pages:
        pdf.close()
        return Opened(
            None,
            [
                Problem(
                    "file.limits",
                    f"the file has {count:,} pages, more than the limit of {limits.pages:,}; "
                    "it was not checked",
                    hints=("check the file in parts (`qpdf --split-pages`)",),
                )
            ],
        )
    doc = Document(path, pdf, settings, password)
    doc.repairs = list(pdf.get_warnings())
    if repaired and not any(_is_damage(message) for message in doc.repairs):
        doc.repairs.append("ERROR: the file opens only after qpdf repairs it")
    problems = []
    if cut is not None:
        doc.source = cut[0]
        problems.append(
            Problem(
                "file.warning",
                f"data after the end of the PDF, ignored ({cut[1]:,} bytes after the last %%EOF)",
                hints=("remove what was appended to the file (often by a mail or upload tool)",),
            )
        )
    if count == 0:
        problems.append(Problem("file.damaged", "the file has no pages", hints=(HINT_REPAIR,)))
    problems.extend(_false_count(pdf, count))
    doc.bounds = check_bounds(pdf, limits)
    problems.extend(doc.bounds.problems)
    return Opened(doc, problems)


def end_of_pdf_file(path: Path) -> tuple[bytes, int] | None:
    """The file up to its last %%EOF, and how many bytes follow it, when junk follows
    (`streams.end_of_pdf`); None otherwise."""
    try:
        with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as m:
            found = end_of_pdf(memoryview(m))
            return (m[: found[0]] + b"\n", found[1]) if found else None
    except (OSError, ValueError):  # an empty file cannot be mapped
        return None


def _oversized_object_stream(
    pdf: pikepdf.Pdf, path: Path, data: bytes | None, settings: Settings
) -> Problem | None:
    """An object stream over the limit, found before anything in it is read: qpdf
    would decode it whole to read the page tree."""
    limit = settings.limits.stream_bytes
    try:
        if data is not None:
            found = oversized_object_stream(pdf, data, limit)
        else:
            with (
                path.open("rb") as stream,
                mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as m,
            ):
                found = oversized_object_stream(pdf, m, limit)
    except (OSError, ValueError):
        return None
    if found is None:
        return None
    return Problem(
        "file.limits",
        f"object {found[0]} {found[1]} (an object stream) decodes to more than "
        f"{limit / 2**20:,.0f} MB, the limit for one stream; nothing in it can be read, "
        "and the file was not checked",
        hints=(HINT_LIMIT,),
    )


def _false_count(pdf: pikepdf.Pdf, count: int) -> Iterator[Problem]:
    """The page tree's /Count, which viewers trust, against the pages it really holds."""
    try:
        pages = pdf.Root.get("/Pages")
        declared = pages.get("/Count") if isinstance(pages, pikepdf.Dictionary) else None
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError):
        return
    if isinstance(declared, int) and int(declared) != count:
        yield Problem(
            "file.damaged",
            f"the page tree says the file has {int(declared):,} pages (/Count), but it holds "
            f"{count:,}",
            hints=(HINT_REPAIR,),
        )


def _password(given: str) -> Opened:
    if given:
        return _unreadable("the password given does not open this encrypted file")
    return _unreadable(
        "the file is encrypted with a password; nothing else can be checked without it",
        "pass the password with --password, or check an unencrypted copy",
    )


def check_syntax(doc: Document) -> Iterator[Problem]:
    """What qpdf repaired on opening or while the other checks read the file, and what
    it finds reading every object and decoding every stream, as `qpdf --check` does."""
    messages = doc.repairs + list(doc.pdf.get_warnings())
    if doc.bounds.exceeded:
        # qpdf's check decodes every stream whole: not a file over the limits
        yield from classify(messages, doc.path)
        return
    # pikepdf checks a linearized file's hints with `check_linearization`, which
    # leaves `sys.stderr` pointing at its own buffer: every finding printed after
    # it, for this file and the next, vanished. Put it back.
    stderr = sys.stderr
    try:
        messages.extend(doc.pdf.check_pdf_syntax())
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError) as exc:
        messages.append(f"ERROR: qpdf could not finish checking the file: {exc}")
    finally:
        sys.stderr = stderr
    yield from classify(messages, doc.path)


def check_encryption(doc: Document) -> Iterator[Problem]:
    if not doc.pdf.is_encrypted:
        return
    info = doc.pdf.encryption
    method = str(info.stream_method).split(".")[-1]
    cipher = "AES" if method.startswith("aes") else "RC4"
    opens = "opened with the password given" if doc.password else "it opens without a password"
    yield Problem(
        "file.encrypted",
        f"the file is encrypted ({info.bits}-bit {cipher}; {opens}): printers and archives "
        "refuse encrypted files, and its permissions may forbid printing or copying text",
        hints=(HINT_DECRYPT,),
    )


def check_structure(doc: Document) -> Iterator[Problem]:
    """Run last, so that what qpdf repaired while other checks read is counted too."""
    yield from check_encryption(doc)
    yield from check_syntax(doc)
