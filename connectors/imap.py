"""IMAP connector: messages of one mailbox (imap:// or imaps:// URL), fetched by UID.

The connector only reads. Incremental state (UIDVALIDITY and the last UID seen) is kept by the
ingest side, which asks `ImapMailbox` for the server's UID set and for the messages it lacks.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from connectors.base import ConnectorItem, IngestFailure, InteractionRecord
from connectors.common import DEFAULT_MAX_BYTES, check_max_bytes
from connectors.email import EmailConnector, RawMessage

FETCH_CHUNK = 50
_FETCH_HEAD = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


@dataclass(frozen=True)
class MailboxUrl:
    """A parsed imap(s)://user:pass@host:port/MAILBOX location."""

    secure: bool
    host: str
    port: int
    user: str
    password: str
    mailbox: str

    @classmethod
    def parse(cls, location: str) -> MailboxUrl:
        """Parse the URL; raises ValueError naming what is missing."""
        parts = urlsplit(location)
        if parts.scheme not in ("imap", "imaps"):
            raise ValueError(f"{location!r}: expected an imap:// or imaps:// URL")
        if not parts.hostname or not parts.username:
            raise ValueError(
                f"{cls.redact(location)}: the URL needs user and host (imap://user:pass@host/INBOX)"
            )
        secure = parts.scheme == "imaps"
        return cls(
            secure=secure,
            host=parts.hostname,
            port=parts.port or (993 if secure else 143),
            user=unquote(parts.username),
            password=unquote(parts.password or ""),
            mailbox=unquote(parts.path.lstrip("/")) or "INBOX",
        )

    @staticmethod
    def redact(location: str) -> str:
        """The URL without its password (safe for logs, origins and raw references)."""
        return re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", location)

    def label(self) -> str:
        """A stable, password-free name for this mailbox."""
        scheme = "imaps" if self.secure else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.mailbox}"


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapMailbox:
    """An open, selected mailbox: its UIDVALIDITY, its UIDs, and messages fetched by UID."""

    def __init__(self, url: MailboxUrl, parser: EmailConnector, timeout: float = 60.0) -> None:
        self.url = url
        self._parser = parser
        if url.secure:
            self._client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                url.host, url.port, ssl_context=ssl.create_default_context(), timeout=timeout
            )
        else:
            self._client = imaplib.IMAP4(url.host, url.port, timeout=timeout)
        self._client.login(url.user, url.password)
        status, _ = self._client.select(_quote(url.mailbox), readonly=True)
        if status != "OK":
            raise ValueError(f"{url.label()}: cannot select mailbox {url.mailbox!r}")
        validity = self._client.response("UIDVALIDITY")[1]
        if not validity or validity[0] is None:
            raise ValueError(f"{url.label()}: server did not report UIDVALIDITY")
        self.uidvalidity = int(validity[0])

    def __enter__(self) -> ImapMailbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Log out, ignoring a connection that is already gone."""
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self._client.logout()

    def uids(self) -> list[int]:
        """Every UID currently in the mailbox, ascending."""
        status, data = self._client.uid("SEARCH", "ALL")
        if status != "OK":
            raise ValueError(f"{self.url.label()}: UID SEARCH failed")
        return sorted(int(uid) for uid in (data[0] or b"").split())

    def fetch(self, uids: Iterable[int]) -> Iterator[ConnectorItem]:
        """Yield one record (or failure) per UID; too-large messages are reported without download."""
        wanted = list(uids)
        for start in range(0, len(wanted), FETCH_CHUNK):
            chunk = wanted[start : start + FETCH_CHUNK]
            sizes = self._sizes(chunk)
            small = [uid for uid in chunk if sizes.get(uid, 0) <= self._parser.max_bytes]
            for uid in chunk:
                if sizes.get(uid, 0) > self._parser.max_bytes:
                    yield IngestFailure(
                        self._ref(uid),
                        f"message is {sizes[uid]} bytes, over the {self._parser.max_bytes} limit",
                    )
            yield from self._fetch_bodies(small)

    def _ref(self, uid: int) -> str:
        return f"{self.url.label()};UIDVALIDITY={self.uidvalidity};UID={uid}"

    def _sizes(self, uids: list[int]) -> dict[int, int]:
        status, data = self._client.uid("FETCH", ",".join(map(str, uids)), "(UID RFC822.SIZE)")
        sizes: dict[int, int] = {}
        for line in data if status == "OK" else []:
            head = line[0] if isinstance(line, tuple) else line
            if isinstance(head, bytes) and (uid := _FETCH_HEAD.search(head)) and (size := _SIZE.search(head)):
                sizes[int(uid.group(1))] = int(size.group(1))
        return sizes

    def _fetch_bodies(self, uids: list[int]) -> Iterator[ConnectorItem]:
        if not uids:
            return
        status, data = self._client.uid("FETCH", ",".join(map(str, uids)), "(UID INTERNALDATE BODY.PEEK[])")
        if status != "OK":
            yield IngestFailure(self.url.label(), f"UID FETCH failed for UIDs {uids[0]}..{uids[-1]}")
            return
        for line in data:
            if not isinstance(line, tuple) or not (found := _FETCH_HEAD.search(line[0])):
                continue
            yield self._parse(int(found.group(1)), line[0], line[1])

    def _parse(self, uid: int, head: bytes, raw: bytes) -> ConnectorItem:
        received: datetime | None = None
        if (when := _INTERNALDATE.search(head)) is not None:
            try:
                received = datetime.strptime(when.group(1).decode(), "%d-%b-%Y %H:%M:%S %z")
            except ValueError:
                received = None
        item = self._parser.parse(RawMessage(raw=raw, raw_ref=self._ref(uid), received_at=received))
        if isinstance(item, InteractionRecord):
            extra = {"imap_mailbox": self.url.label(), "imap_uidvalidity": self.uidvalidity, "imap_uid": uid}
            return replace(item, metadata={**item.metadata, **extra})
        return item


class ImapConnector:
    """Reads every message of one IMAP mailbox; incremental reads go through `open`."""

    name: ClassVar[str] = "imap"

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 60.0) -> None:
        self.max_bytes = check_max_bytes(max_bytes)
        self.timeout = timeout

    def open(self, location: str) -> ImapMailbox:
        """Connect, log in and select the mailbox named by the URL."""
        return ImapMailbox(MailboxUrl.parse(location), EmailConnector(self.max_bytes), self.timeout)

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        """Yield every message in the mailbox, or one failure naming the mailbox and the reason."""
        try:
            with self.open(str(location)) as mailbox:
                yield from mailbox.fetch(mailbox.uids())
        except (ValueError, imaplib.IMAP4.error, OSError) as exc:
            yield IngestFailure(MailboxUrl.redact(str(location)), f"IMAP: {exc}")
