"""Writing output files so that a reader never sees half of one.

Takes a destination path; gives a temporary path beside it to write to. The
temporary file is renamed over the destination only when the writer finished
without an exception; on any failure, Ctrl-C included, it is removed and an
older file at the destination is left untouched. A Ctrl-C that a library
swallowed (`INTERRUPTED`, set by the command line's signal handler) still
keeps the file from being renamed into place. Knows nothing of PDFs.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Set when Ctrl-C was pressed. The KeyboardInterrupt it raises can land in a
#: library's bare `except:` and vanish, and the build then goes on: a file
#: finished after Ctrl-C is not put in place (tests/test_output.py saw the
#: screen edition finished and exit status 0, about 1 full run in 10 under load).
INTERRUPTED = threading.Event()


@contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """Yield a new empty file beside `destination`; rename it into place on success."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(6)}.part")
    try:
        # Created like any new file (mode 0666 less the umask), not 0600 as
        # mkstemp would; inside the try, because Ctrl-C can land on the very
        # next bytecode, and a reader who saw the file appear may be the one
        # who pressed it (tests/test_output.py did, about 1 run in 10 under load).
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        yield temporary
        if INTERRUPTED.is_set():
            raise KeyboardInterrupt
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
