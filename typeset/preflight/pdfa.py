"""PDF/A-2b as an independent validator judges it: page-validation, in a child process.

Takes PDF files; gives a `Verdict` per file: passed, the rules it fails (the
validator's rule ids, messages and, where it names one, the failing object and
the pages that use that object), or why there is no verdict. The validator
(the `page` checker of the page-validation package) is native code: on some
deep files it gives up (a safety limit) and with its limits lifted it crashes
the process, so it never runs in ours: a child process runs it with a memory
ceiling and a time limit, and a crash, a time-out or a refusal is a verdict of
its own ("could not validate"), never a pass. Must not judge anything itself:
whether a file is PDF/A is the validator's word alone. Also names, with
preflight's own readers (`archive_shortfalls`), what an input brings that no
PDF/A-2b file with an sRGB output intent can carry, so that `compile
--archive` can say which input and what to do before asking the validator.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from .document import Document, Settings
from .findings import Problem
from .fonts import unembedded
from .structure import open_document

#: The profile every claim of the volume is checked against.
PROFILE = "2b"
#: Seconds the validator may take for one call (all the files given at once).
#: A 160-page volume of twelve foreign back issues (6.3 MB) took 0.24 s.
TIME_LIMIT = 600.0
#: Bytes of address space the child may use: the validator reads the whole
#: file and decodes streams (its own limit: 256 MiB of decoded content).
MEMORY_LIMIT = 4 << 30

#: Run by the child: validate each path, print one JSON verdict per line.
_CHILD = r"""
import json, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import page
for path in sys.argv[3:]:
    try:
        report = page.validate_pdf(path, profile=sys.argv[2])
    except page.PageError as exc:
        verdict = {"gave_up": f"{type(exc).__name__}: {exc}"}
    else:
        verdict = {
            "passed": report.is_compliant,
            "failures": [
                {
                    "rule": f.rule_id,
                    "message": f.message,
                    "object": f.object_id.object_number if f.object_id else None,
                }
                for f in report.failures
            ],
        }
    print(json.dumps(verdict), flush=True)
"""

_OBJECT = re.compile(r"\bobject (\d+) \d+\b")
HINT_VALIDATE = "re-validate any PDF with: typeset preflight --profile pdfa-2b FILE"


@dataclass(frozen=True)
class Failure:
    """A rule of PDF/A-2b the file breaks, as the validator words it."""

    rule: str
    message: str
    #: the object the validator names (its number in the file), if any
    object: int | None = None
    #: the pages (from 1) that use that object, filled in by `locate`
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """The validator's word on one file: it passed, it failed (with the rules),
    or it could not judge the file (`unavailable` says why)."""

    path: Path
    passed: bool
    failures: tuple[Failure, ...] = ()
    unavailable: str = ""
    #: how long the validator ran (for all the files of the call)
    seconds: float = 0.0

    @property
    def judged(self) -> bool:
        return not self.unavailable


def _failure(data: dict[str, object]) -> Failure:
    message = str(data.get("message", ""))
    number = data.get("object")
    if not isinstance(number, int):
        named = _OBJECT.search(message)
        number = int(named.group(1)) if named else None
    return Failure(str(data.get("rule", "")), message, number)


def _why(returncode: int, stderr: str) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"the validator crashed ({name})"
    last = stderr.strip().splitlines()[-1:] or ["no message"]
    if "MemoryError" in stderr:
        return f"the validator ran out of memory (limit {MEMORY_LIMIT >> 30} GiB)"
    return f"the validator failed (exit status {returncode}: {last[0]})"


def validate(paths: Sequence[Path], *, time_limit: float | None = None) -> list[Verdict]:
    """The validator's verdict on each of `paths`, in order, within
    `time_limit` seconds (default `TIME_LIMIT`); never raises for a file the
    validator cannot judge."""
    if not paths:
        return []
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    command = [
        sys.executable,
        "-I",
        "-c",
        _CHILD,
        str(MEMORY_LIMIT),
        PROFILE,
        *(str(p) for p in paths),
    ]
    start = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=time_limit)
    except subprocess.TimeoutExpired:
        seconds = time.monotonic() - start
        why = f"the validator did not finish within {time_limit:g} s"
        return [Verdict(p, False, unavailable=why, seconds=seconds) for p in paths]
    except OSError as exc:
        why = f"the validator could not be started: {exc}"
        return [Verdict(p, False, unavailable=why) for p in paths]
    seconds = time.monotonic() - start
    lines = done.stdout.splitlines()
    verdicts: list[Verdict] = []
    for index, path in enumerate(paths):
        if index >= len(lines):
            # the child died before it judged this file (and maybe earlier ones)
            why = _why(done.returncode, done.stderr)
            verdicts.append(Verdict(path, False, unavailable=why, seconds=seconds))
            continue
        data = json.loads(lines[index])
        if "gave_up" in data:
            why = f"the validator gave up: {data['gave_up']}"
            verdicts.append(Verdict(path, False, unavailable=why, seconds=seconds))
            continue
        failures = tuple(_failure(f) for f in data["failures"])
        verdicts.append(
            Verdict(
                path,
                bool(data["passed"]) and not failures,
                failures,
                seconds=seconds,
            )
        )
    return verdicts


#: Keys that lead from an object to another page or up the tree, not to what it draws.
_AWAY = frozenset({"/Parent", "/P", "/Dest", "/A", "/Next", "/Prev", "/First", "/Last", "/D"})


def _reached(page: pikepdf.Dictionary) -> Iterator[int]:
    """The numbers of the indirect objects a page draws with or carries: its
    contents, resources (forms, patterns, fonts, images), annotations and
    their appearances; not other pages."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [page]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Object) and node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
            yield node.objgen[0]
        if isinstance(node, pikepdf.Dictionary | pikepdf.Stream):
            if node is not page and node.get("/Type") == "/Page":
                continue
            items = node.stream_dict.items() if isinstance(node, pikepdf.Stream) else node.items()
            stack.extend(value for key, value in items if key not in _AWAY)
        elif isinstance(node, pikepdf.Array):
            stack.extend(node)


def locate(path: Path, failures: Sequence[Failure]) -> tuple[Failure, ...]:
    """`failures` with the pages that use each named object, read from `path`."""
    wanted = {f.object for f in failures if f.object is not None}
    if not wanted:
        return tuple(failures)
    pages: dict[int, list[int]] = {}
    try:
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                for found in wanted.intersection(_reached(page.obj)):
                    pages.setdefault(found, []).append(number)
    except (pikepdf.PdfError, RuntimeError, ValueError):
        return tuple(failures)
    return tuple(
        Failure(f.rule, f.message, f.object, tuple(pages.get(f.object, ())))
        if f.object is not None
        else f
        for f in failures
    )


def check_pdfa(path: Path) -> Iterator[Problem]:
    """Preflight's `pdfa-2b` profile: each rule the validator says the file
    breaks, at the first page that uses the failing object; or why it could not
    judge the file."""
    (verdict,) = validate([path])
    if not verdict.judged:
        yield Problem(
            "pdfa.unvalidated",
            f"not confirmed as PDF/A-2b: {verdict.unavailable}",
            hints=("a file the validator cannot read whole cannot be claimed as PDF/A",),
        )
        return
    for failure in locate(path, verdict.failures):
        yield Problem(
            "pdfa.rule",
            f"{failure.rule}: {describe(failure)}",
            failure.pages[0] if failure.pages else None,
            (hint(failure.rule),),
        )


def describe(failure: Failure) -> str:
    """The validator's message, naming the object if the message does not."""
    if failure.object is None or _OBJECT.search(failure.message):
        return failure.message
    return f"{failure.message} (object {failure.object})"


def hint(rule: str) -> str:
    """What to do about a rule of the validator, by its second word."""
    words = rule.split("-")
    return _HINTS.get(words[1] if len(words) > 1 else "", _HINT_RULE)


_HINT_RULE = "fix the file in the program that made it and export it as PDF/A-2b"
#: Hints by the second word of the validator's rule id (PDFA2B-FONT-EMBEDDING-001).
_HINTS = {
    "FONT": "export the file with every font embedded",
    "CIDTOGIDMAP": "export it again with another program: a CIDFont needs a /CIDToGIDMap",
    "DEVICE": "export it with an output intent, or in one colour space (sRGB)",
    "ID": "export it as PDF/A-2b (the XMP identification is missing or wrong)",
}


#: How many font names a shortfall quotes.
QUOTED = 4


def _quoted(names: Sequence[str]) -> str:
    shown = ", ".join(names[:QUOTED])
    return shown + (f" and {len(names) - QUOTED} more" if len(names) > QUOTED else "")


def _cmyk(doc: Document) -> Iterator[tuple[int, str]]:
    """Pages that paint in DeviceCMYK (content, forms, patterns, annotation
    appearances, images), with what did."""
    for number in range(1, len(doc.pages) + 1):
        scan = doc.scan(number)
        uses = dict(scan.cmyk)
        for image in scan.images:
            if image.cmyk:
                uses[f"image {image.name!r}"] = uses.get(f"image {image.name!r}", 0) + 1
        if uses:
            yield number, ", ".join(sorted(uses))


def archive_shortfalls(path: Path, password: str = "") -> list[Problem]:
    """What `path` brings that a PDF/A-2b file with an sRGB output intent
    cannot carry, as preflight's readers see it: fonts that are not embedded
    (`fonts.not-embedded`, at the first page that uses one) and DeviceCMYK
    colour (`pdfa.device-cmyk`). Empty if the file cannot be opened: the
    validator judges that."""
    opened = open_document(path, Settings("pdfa-2b", 0.0, 0.0, None, 0.0), password)
    doc = opened.document
    if doc is None:
        return []
    found: list[Problem] = []
    try:
        fonts = unembedded(doc)
        if fonts:
            names = sorted(fonts, key=lambda name: (min(fonts[name]), name))
            first = min(min(pages) for pages in fonts.values())
            found.append(
                Problem("fonts.not-embedded", f"fonts not embedded: {_quoted(names)}", first)
            )
        pages = list(_cmyk(doc))
        if pages:
            more = f" (and {len(pages) - 1} more pages)" if len(pages) > 1 else ""
            found.append(
                Problem(
                    "pdfa.device-cmyk",
                    "it paints in DeviceCMYK, which needs a CMYK output intent: "
                    f"{pages[0][1]}{more}",
                    pages[0][0],
                )
            )
    finally:
        doc.close()
    return found
