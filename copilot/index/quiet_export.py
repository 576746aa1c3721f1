"""Silence the libraries' console chatter while a model graph is exported on first use.

The export runs inside user-facing commands (`copilot account-summary`, the API's first tone request).
transformers draws a "Loading weights" progress bar and ONNX Runtime's quantiser logs an advisory on the
*root* logger through `logging.warning`, which also calls `logging.basicConfig()` when the root logger has
no handler, leaving a handler that prints every later warning of every library as "WARNING:root:…".
Neither says anything a user can act on; a failed export still raises.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# The quantiser's advice to run its pre-processing step first: the int8 graphs are built from the
# traced fp32 graph on purpose (their cosine to fp32 is checked in tests), so the advice does not apply.
_ADVISORY_PREFIX = "Please consider"


class _DropQuantiserAdvisory(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_ADVISORY_PREFIX)


@contextmanager
def quiet_export() -> Iterator[None]:
    """Within the block: no transformers progress bars and no quantiser advisory, and the root logger
    keeps the handlers it had (a placeholder handler stops `logging.warning` from configuring it)."""
    from transformers.utils import logging as transformers_logging

    bars_were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    root = logging.getLogger()
    advisory_filter, placeholder = _DropQuantiserAdvisory(), logging.NullHandler()
    root.addFilter(advisory_filter)
    root.addHandler(placeholder)
    try:
        yield
    finally:
        root.removeHandler(placeholder)
        root.removeFilter(advisory_filter)
        if bars_were_on:
            transformers_logging.enable_progress_bar()
