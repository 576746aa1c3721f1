"""The tone breakdown profiles the graph call a real request makes, not some other input."""

from __future__ import annotations

import numpy as np

from benchmarks.tone_breakdown import _inbound_rows, _session, graph_feeds
from copilot.config import load_settings
from copilot.container import frustration_model_for
from copilot.tone.frustration import TunedFrustrationModel

TWO_SENTENCES = "Why is the export still broken (ticket 7). Honestly, this is not acceptable."


def test_an_inbound_text_is_scored_whole_and_by_sentence_only_when_it_has_several() -> None:
    assert _inbound_rows(TWO_SENTENCES) == [
        TWO_SENTENCES,
        "Why is the export still broken (ticket 7).",
        "Honestly, this is not acceptable.",
    ]
    assert _inbound_rows("Thanks for the update") == ["Thanks for the update"]


def test_the_profiled_feeds_give_the_apps_graph_outputs_bit_for_bit() -> None:
    model = frustration_model_for(load_settings())
    assert isinstance(model, TunedFrustrationModel)
    rows = _inbound_rows(TWO_SENTENCES)
    feeds = graph_feeds(model._graph, rows)
    session = _session(model.onnx_path)
    wanted = {i.name for i in session.get_inputs()}
    profiled = session.run(None, {k: v for k, v in feeds.items() if k in wanted})[0]
    assert feeds["input_ids"].shape[0] == 3
    assert np.array_equal(profiled, model._graph.run(rows))
