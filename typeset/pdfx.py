"""The PDF/X-4 claim: written only where an independent checker confirms it.

Takes a finished print file that carries the PDF/X-4 identification and the
brand's `print.pdfx_checker` (a command line with `{pdf}` where the file goes);
gives a `Verdict`: confirmed when the command exits 0 within `TIMEOUT`,
refused otherwise, with what it said. Our own preflight is not independent of
the code that made the file, and no PDF/X validator installs from PyPI or
Debian (page-validation and veraPDF judge PDF/A and PDF/UA only), so without a
checker the identification is never written: the print edition is made to
PDF/X-4's rules and preflighted, but does not say it is PDF/X-4. Runs the
command and reads nothing else; writes nothing.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, Location, warning

#: Where the checker's command line takes the file.
PLACEHOLDER = "{pdf}"
#: A checker that takes longer has not confirmed the file.
TIMEOUT = 600.0
#: How many lines of a refusing checker's output a message quotes.
QUOTED_LINES = 3


@dataclass(frozen=True)
class Verdict:
    confirmed: bool
    #: the command as a reader would type it
    checker: str
    #: why it was not confirmed: the checker's first lines, or what failed
    said: str = ""


def shown(checker: Sequence[str]) -> str:
    """The command line as typed, with the {pdf} placeholder left as it is."""
    return " ".join(part if part == PLACEHOLDER else shlex.quote(part) for part in checker)


def judge(path: Path, checker: Sequence[str], *, timeout: float = TIMEOUT) -> Verdict:
    """Run `checker` on the file at `path`."""
    argv = [part.replace(PLACEHOLDER, str(path)) for part in checker]
    command = shown(checker)
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        return Verdict(False, command, f"{argv[0]!r} was not found")
    except PermissionError:
        return Verdict(False, command, f"{argv[0]!r} cannot be run (permission denied)")
    except subprocess.TimeoutExpired:
        return Verdict(False, command, f"no answer within {timeout:.0f} s")
    if done.returncode == 0:
        return Verdict(True, command)
    lines = [line.strip() for line in (done.stdout + "\n" + done.stderr).splitlines()]
    quoted = "; ".join([line for line in lines if line][:QUOTED_LINES])
    status = f"exit status {done.returncode}"
    return Verdict(False, command, f"{status}: {quoted}" if quoted else status)


def unconfirmed(where: Location, path: Path, verdict: Verdict) -> Diagnostic:
    """The warning for a file left without the claim, at the brand's checker."""
    return warning(
        where,
        f"{path} is not marked PDF/X-4: the checker `{verdict.checker}` did not confirm "
        f"it ({verdict.said})",
        "read the checker's report on the file; it is otherwise finished for print",
    )
