"""Check the vector store is usable without importing chromadb (which takes seconds to load).

`copilot init` only needs to know the store will work: the embedded store's directory can be created
and written, or the configured server answers its heartbeat. Opening collections is left to the
commands that read or write vectors.
"""

from __future__ import annotations

import os

from copilot.config import Settings
from copilot.errors import ConfigError

HEARTBEAT_TIMEOUT_S = 5.0


def check_vector_store(settings: Settings) -> str:
    """Where the vectors live, once checked; a ConfigError naming the setting when they cannot."""
    if settings.uses_chroma_server:
        return _check_server(settings)
    return _check_directory(settings)


def _check_directory(settings: Settings) -> str:
    where = settings.chroma_dir
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("COPILOT_DATA_DIR", f"cannot create the vector store at {where} ({exc})") from exc
    if not os.access(where, os.W_OK | os.X_OK):
        raise ConfigError("COPILOT_DATA_DIR", f"the vector store at {where} is not writable")
    return str(where)


def _check_server(settings: Settings) -> str:
    # Imported here: urllib.request brings http.client, ssl and the email parser, which the embedded
    # store (the default) never needs, and `copilot init` should start light.
    import urllib.error
    import urllib.request

    where = f"{settings.chroma_host}:{settings.chroma_port}"
    url = f"http://{where}/api/v2/heartbeat"
    try:
        with urllib.request.urlopen(url, timeout=HEARTBEAT_TIMEOUT_S) as response:
            response.read()
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConfigError("COPILOT_CHROMA_HOST", f"cannot reach Chroma server at {where} ({reason})") from exc
    return where
