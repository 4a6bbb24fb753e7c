"""What a library logs while it works, collected instead of printed.

pypdf logs what it worked around while reading and reads on; pikepdf logs a
traceback for XML metadata that is not XMP and reads on with none. Both are
facts about the file being read, to be reported against that file in our own
format. Takes a logger's name; gives, inside a `with`, the list its messages
(WARNING and above, each on one line, with the exception it carried, each
once) are collected into. Imports nothing of typeset.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        cause = record.exc_info[1] if record.exc_info else None
        message = f"{record.getMessage()} ({cause})" if cause else record.getMessage()
        message = " ".join(message.split())
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def collected(name: str) -> Iterator[list[str]]:
    """The messages the logger `name` (and its children) emits in the block,
    kept from its other handlers and from the root logger meanwhile."""
    handler = _Collect()
    logger = logging.getLogger(name)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved
