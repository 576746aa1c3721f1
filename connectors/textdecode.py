"""Turn bytes of unknown or wrongly declared encoding into text, and say how it was done."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Declared labels that are routinely used for a superset: decoding with the superset is always
# at least as correct, and avoids spurious failures (e.g. Windows quotes in "iso-8859-1" mail).
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "unicode-1-1-utf-7": "utf-7",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it, and a note when the declared one was not used."""

    text: str
    charset: str
    note: str | None = None


def codec_for(label: str | None) -> str | None:
    """Return a Python codec name for a declared charset label, or None when it is unknown."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _SUPERSETS.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def bom_codec(data: bytes) -> str | None:
    """Return the codec named by a byte-order mark at the start of `data`, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def detect(data: bytes) -> Decoded:
    """Decode bytes with no trustworthy label: BOM, then UTF-8, then charset-normalizer, then cp1252."""
    codec = bom_codec(data)
    if codec:
        return Decoded(data.decode(codec, errors="replace"), codec)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None:
        return Decoded(str(best), best.encoding)
    # Single-byte Windows text is the most common unlabeled legacy encoding in mail and exports.
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode with the declared charset when it fits the bytes, else detect and note why."""
    codec = codec_for(declared)
    if codec is not None:
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            result = detect(data)
        repaired = repair_double_encoding(result.text, codec) if result.charset == "utf-8" else None
        if repaired is not None:
            return Decoded(repaired, codec, f"{declared!r} text had been re-encoded as UTF-8; undone")
        return Decoded(result.text, result.charset, f"declared {declared!r} did not fit the bytes")
    if declared:
        result = detect(data)
        return Decoded(result.text, result.charset, f"unknown charset {declared!r}")
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii")
    result = detect(data)
    return Decoded(result.text, result.charset, "no charset declared for 8-bit text")


def repair_double_encoding(text: str, codec: str = "utf-8") -> str | None:
    """Undo text in `codec` that was misread as Latin-1/cp1252 and saved as UTF-8, else None.

    Strict round trips make this safe: ordinary accented text almost never re-decodes cleanly.
    """
    if text.isascii():
        return None
    for single_byte in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(single_byte).decode(codec)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return None


def decode_file_text(data: bytes) -> Decoded:
    """Decode a whole text file (transcript, CSV, calendar): BOM first, else UTF-8, else detection."""
    codec = bom_codec(data)
    if codec:
        return Decoded(data.decode(codec, errors="replace"), codec)
    if _looks_utf16_without_bom(data):
        return Decoded(data.decode("utf-16-le", errors="replace"), "utf-16-le", "UTF-16 without BOM")
    result = detect(data)
    repaired = repair_double_encoding(result.text) if result.charset == "utf-8" else None
    if repaired is not None:
        return Decoded(repaired, "utf-8", "double-encoded UTF-8 repaired")
    return result


def _looks_utf16_without_bom(data: bytes) -> bool:
    """Guess BOM-less UTF-16LE from NUL bytes in every odd position of a text prefix."""
    sample = data[:200]
    return len(sample) >= 8 and sample[1::2].count(0) > len(sample) // 2 * 0.9
