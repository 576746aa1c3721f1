"""`email.policy.default`, with each distinct header value parsed once per process instead of per read.

The modern policy builds a new header object, running its full RFC 5322 parser, on every `msg.get`;
the MIME machinery reads Content-Type several times per part (type, charset, boundary, file name),
and the header parser was most of the e-mail connector's time (docs/benchmarks.md, issue 19). Mail
repeats its header values (`text/plain; charset="utf-8"`, one sender's address on many messages), and
header objects are immutable (a `str` whose parsed parts are tuples and read-only mappings), so equal
raw values can share one object. Parsing is otherwise exactly policy.default's.
"""

from __future__ import annotations

import re
from email.headerregistry import HeaderRegistry
from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any

# What EmailPolicy unfolds on (not str.splitlines, which also splits on other line separators).
_LINE_BREAK = re.compile(r"\n|\r")

# Only short values are remembered: they are the ones that repeat, and a hostile megabyte-long header
# must not stay in memory after its message.
MAX_MEMO_VALUE = 1024
MEMO_ENTRIES = 4096
MEMO_NAMES = 256


class ClassMemoRegistry(HeaderRegistry):
    """The stdlib header registry, except that it builds each header name's class once.

    HeaderRegistry creates a new class (`type(...)`) for every header object it makes, which cost
    as much as parsing a short header; the class made for a name never differs.
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._classes.get(key)
        if made is None:
            made = super().__getitem__(key)
            if len(self._classes) < MEMO_NAMES:  # hostile mail can invent any number of names
                self._classes[key] = made
        return made

    def map_to_type(self, name: str, cls: type) -> None:
        """Register `cls` for `name` (a class already made for the name is forgotten)."""
        super().map_to_type(name, cls)
        self._classes.pop(name.lower(), None)


_REGISTRY = ClassMemoRegistry()


@lru_cache(maxsize=MEMO_ENTRIES)
def _shared_header(name: str, value: str) -> Any:
    return _REGISTRY(name, value)


class MemoHeaderPolicy(EmailPolicy):
    """policy.default whose header objects are shared between equal (name, value) pairs."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        """As EmailPolicy's: an already built header is returned as is, a raw one is unfolded and parsed."""
        if hasattr(value, "name") or self.header_factory is not _REGISTRY:
            return super().header_fetch_parse(name, value)
        unfolded = "".join(_LINE_BREAK.split(value))
        if len(unfolded) > MAX_MEMO_VALUE:
            return super().header_fetch_parse(name, value)
        return _shared_header(name, unfolded)


# The policy the e-mail connector parses with: the defaults of `email.policy.default`.
MEMO_DEFAULT = MemoHeaderPolicy(header_factory=_REGISTRY)
