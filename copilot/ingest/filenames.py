"""Upload file names: the one rule that turns the name a client sent into a name safe to store under."""

from __future__ import annotations

import re

from copilot.errors import InvalidInputError

# A file name holds a character other than "/" and "." (else it names no file); the API states it in
# its schema, so a name the schema admits always names a file here.
FILENAME_RULE = r"[^/.]"
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(filename: str, *, field: str = "filename") -> str:
    """The upload's base name, made safe; its extension tells the connector the format.

    The base name is the last "/"-separated part holding something besides dots; other characters than
    word characters, "." and "-" become "_" (a Windows path's backslashes too). A name with no such part
    is refused naming `field`. The result is its own safe name, so sanitising twice changes nothing.
    """
    parts = [part for part in filename.split("/") if part.strip(".")]
    if not parts:
        raise InvalidInputError(f"{field}: must name a file, e.g. call.vtt or inbox.mbox (got {filename!r})")
    name = _UNSAFE.sub("_", parts[-1]).lstrip(".")
    # At most MAX_NAME_CHARS, keeping the end (the extension); a tail of only dots keeps the start.
    return name[-MAX_NAME_CHARS:].lstrip(".") or name[:MAX_NAME_CHARS]
