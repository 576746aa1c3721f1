"""E-mail connector: .eml files, mbox files and Maildir folders parsed into EMAIL records."""

from connectors.email.connector import DEFAULT_MAX_BYTES, EmailConnector
from connectors.email.sources import RawMessage

__all__ = ["DEFAULT_MAX_BYTES", "EmailConnector", "RawMessage"]
