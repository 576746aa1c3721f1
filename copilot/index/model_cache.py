"""The per-machine cache of artefacts derived from the packaged sentence model (ONNX export, static table).

Deriving them takes tens of seconds (torch traces or runs the transformer), so they are built once per
machine, not once per data dir: under COPILOT_MODEL_CACHE_DIR (default $XDG_CACHE_HOME/crm-copilot, else
~/.cache/crm-copilot), named by a digest of the source model's file contents, so two installs of the
same model share them and a changed model never reuses a stale one. Hashing ~90 MB of weights costs a
few tenths of a second, so each model directory's digest is memoised by its files' names, sizes and
mtimes.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

_CHUNK = 1 << 20


def _files(model_dir: Path) -> list[Path]:
    return sorted(p for p in model_dir.rglob("*") if p.is_file())


def content_digest(model_dir: Path) -> str:
    """A short digest of every file's relative path and bytes in the model directory."""
    digest = hashlib.sha256()
    for path in _files(model_dir):
        digest.update(f"{path.relative_to(model_dir)}\0".encode())
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()[:16]


def _stat_key(model_dir: Path) -> str:
    digest = hashlib.sha256(str(model_dir.resolve()).encode())
    for path in _files(model_dir):
        stat = path.stat()
        digest.update(f"{path.relative_to(model_dir)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def source_digest(model_dir: Path, memo_dir: Path) -> str:
    """content_digest, remembered in `memo_dir` while the directory's files keep their sizes and mtimes."""
    memo = memo_dir / f"{model_dir.name}-{_stat_key(model_dir)}.digest"
    if memo.is_file():
        remembered = memo.read_text(encoding="ascii").strip()
        if len(remembered) == 16:
            return remembered
    digest = content_digest(model_dir)
    memo_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=memo_dir, prefix=".digest-", delete=False) as tmp:
        tmp.write(digest)
    # Rename is atomic: a concurrent reader sees either no memo or a complete one.
    Path(tmp.name).replace(memo)
    return digest
