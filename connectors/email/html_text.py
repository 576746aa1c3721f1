"""HTML to readable plain text with the stdlib parser: blocks become lines, quotes keep their depth."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})
# Paragraph-like blocks are separated by a blank line; line-like blocks just start a new line.
_PARAGRAPH = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dl", "fieldset", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
        "section", "table", "ul",
    }
)  # fmt: skip
_LINE = frozenset({"dd", "div", "dt", "figcaption", "li", "tbody", "thead", "tfoot", "tr"})
_BLOCK = _PARAGRAPH | _LINE
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


class _TextExtractor(HTMLParser):
    """Collects visible text as lines, each tagged with its <blockquote> depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._current: list[str] = []
        self._skip_depth = 0
        self._quote_depth = 0
        self._pre_depth = 0

    def _break(self, blank: bool = False) -> None:
        """End the current line; with `blank`, also leave one empty line after it."""
        joined = "".join(self._current)
        text = joined.rstrip() if self._pre_depth else joined.strip()
        self._current = []
        if text:
            self.lines.append((self._quote_depth, text))
        if blank and self.lines and self.lines[-1][1]:
            self.lines.append((self._quote_depth, ""))

    def _line_break(self) -> None:
        """<br>: end the line, and a <br> on an empty line makes an empty line."""
        if "".join(self._current).strip():
            self._break()
        elif self.lines and self.lines[-1][1]:
            self.lines.append((self._quote_depth, ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open skipped regions, quotes and blocks; turn <br> and cells into separators."""
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag == "body":
            # Broken mail often leaves <head> unclosed; nothing in <body> is ever hidden metadata.
            self._skip_depth = 0
        if tag == "br":
            self._line_break()
        elif tag in _CELL:
            self._current.append(" ")
        elif tag in _BLOCK:
            self._break(blank=tag in _PARAGRAPH)
            if tag == "blockquote":
                self._quote_depth += 1
            elif tag == "pre":
                self._pre_depth += 1
            elif tag == "li":
                self._current.append("- ")
        elif tag == "img" and not self._skip_depth:
            alt = dict(attrs).get("alt")
            if alt:
                self._current.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Self-closing tags never open a region, so <script/> must not start skipping."""
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """Close what handle_starttag opened."""
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK:
            self._break()
            if tag == "blockquote":
                self._quote_depth = max(0, self._quote_depth - 1)
            elif tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)
            if tag in _PARAGRAPH:
                # After leaving a quote, the separating blank line belongs to the outer level.
                self._break(blank=True)

    def handle_data(self, data: str) -> None:
        """Keep visible text; collapse whitespace except inside <pre>."""
        if self._skip_depth:
            return
        if self._pre_depth:
            first, *rest = data.split("\n")
            self._current.append(first)
            for line in rest:
                self._break()
                self._current.append(line)
            return
        self._current.append(_SPACES.sub(" ", data))

    def close(self) -> None:
        """Flush the last line."""
        super().close()
        self._break()


def defuse_unclosed_tags(markup: str) -> str:
    """Escape each "<" that opens no tag: another "<" (or the end) comes before its ">".

    The stdlib parser rescans an unterminated tag or comment from its "<" again and again: "<a "
    repeated 8,000 times took 34 s (cubic growth). A real tag closes before the next tag opens, and a
    comment runs to its "-->", so escaping the rest loses nothing a browser would show as markup.
    One pass; the next ">" and "-->" are searched again only once passed.
    """
    out: list[str] = []
    position, next_close, comment_end = 0, -1, -1
    start = markup.find("<")
    while start != -1:
        following = markup.find("<", start + 1)
        if markup.startswith("<!--", start):
            if comment_end != -2 and comment_end < start:
                found = markup.find("-->", start + 4)
                comment_end = found if found != -1 else -2  # -2: no comment closes after here
            if comment_end >= 0:
                start = markup.find("<", comment_end + 3)
                continue
        elif next_close < start:
            next_close = markup.find(">", start + 1)
            if next_close == -1:
                next_close = len(markup)
        if (
            markup.startswith("<!--", start)
            or next_close == len(markup)
            or (following != -1 and following < next_close)
        ):
            out.append(markup[position:start])
            out.append("&lt;")
            position = start + 1
        start = following
    out.append(markup[position:])
    return "".join(out)


def html_to_text(markup: str) -> str:
    """Return readable text from HTML: scripts/styles dropped, blockquotes as "> " lines."""
    parser = _TextExtractor()
    parser.feed(defuse_unclosed_tags(markup))
    parser.close()
    out: list[str] = []
    for depth, text in parser.lines:
        line = ("> " * depth + text).rstrip() if text else ">" * depth
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")
