"""scripts/tone_finetune.py on a slice of GoEmotions: a text's score under `--unit sentences` is its
most frustrated sentence's, and the exported file (all six layers, int8) is what the product loads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.tone.frustration import TunedWeights, reference_model
from scripts import tone_finetune
from tests.support.shared_data import VENDORED


def _split(texts: list[str]) -> tone_finetune.Split:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(load_settings().resolved_embedding_path() / "tokenizer.json"))
    tokenizer.no_padding()
    return tone_finetune.Split(tokenizer, texts, np.zeros(len(texts)))


def test_a_text_scores_as_its_most_frustrated_sentence_and_padding_changes_nothing() -> None:
    import torch

    torch.manual_seed(0)
    model = tone_finetune.Model()
    torch.nn.init.normal_(model.head.weight, std=0.5)  # a head that tells sentences apart
    model.encoder.eval()
    texts = ["Hi team. This is the third outage this week and I am furious! Thanks, Ana", "OK"]
    split = _split(texts)
    assert [len(own) for own in split.sentences] == [3, 1]
    with torch.inference_mode():
        per_text = model.text_logits(split, np.array([0, 1]), "sentences")
        alone = [model.logits([ids]) for ids in split.sentences[0]]
        single = model.logits(split.sentences[1])
    # Each sentence alone (padded to its own shape) scores as inside the padded batch.
    assert float(per_text[0]) == pytest.approx(max(float(a[0]) for a in alone), abs=0.05)
    assert float(per_text[1]) == pytest.approx(float(single[0]), abs=0.05)
    assert tuple(per_text.shape) == (2,)


def test_a_short_run_exports_all_six_layers_the_product_graph_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tuned.npz"
    # The first 120 rows of each split are vendored (tests/data/goemotions, Apache-2.0); 32 are enough.
    args = ["--data", str(VENDORED / "goemotions"), "--limit", "32", "--epochs", "1", "--batch", "16"]
    assert tone_finetune.main([*args, "--eval-every", "1", "--export", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "CHOSEN step" in printed and "max sentence" in printed
    weights = TunedWeights.load(out)
    assert weights.first_layer == 0 and 0.0 < weights.threshold < 1.0
    assert {int(n.split(".")[1]) for n in weights.tensors if n.startswith("layer.")} == set(range(6))
    with np.load(out) as data:
        assert data["layer.0.attention.self.query.weight.q"].dtype == np.int8
    # Loading is strict: every tuned tensor must name a parameter of the packaged encoder's layers.
    module = reference_model(load_settings().resolved_embedding_path(), weights)
    tuned = module.encoder.encoder.layer[0].output.dense.bias.detach().numpy()
    assert np.array_equal(tuned, weights.tensors["layer.0.output.dense.bias"])


def _labelled(path: Path, rows: list[tuple[str, bool]]) -> Path:
    import json

    lines = [
        json.dumps({"id": f"r{i}", "labels": ["frustrated"] if bad else [], "text": text})
        for i, (text, bad) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Written for these tests only (not in any tone train, dev or evaluation file).
MAIL = [
    ("Hello, could you add our new analyst to the workspace? Thanks, Mira", False),
    ("We keep getting the same broken report and we are running out of patience.", True),
    ("Hi, the renewal paperwork arrived, thank you.", False),
    ("Still no reply after three reminders. Very poor.", True),
    ("Please move our check-in call to the afternoon.", False),
    ("Honestly, the handover from your side has been chaotic and we are annoyed.", True),
]


def test_a_step_mixes_the_extra_share_of_rows_into_the_batch() -> None:
    args = tone_finetune._parse(["--data", "x", "--batch", "16", "--extra-share", "0.25"])
    data = {"train": _split([f"text {i}" for i in range(40)]), "extra": _split([m for m, _ in MAIL])}
    parts = tone_finetune.step_texts(args, data, np.arange(16), np.random.default_rng(0))
    (train, own), (extra, drawn) = parts
    assert train is data["train"] and extra is data["extra"]
    assert list(own) == list(range(12)) and len(drawn) == 4 and len(set(drawn.tolist())) == 4
    assert all(0 <= i < len(MAIL) for i in drawn)


def test_a_run_from_a_weights_file_starts_where_the_file_is_and_chooses_over_both_dev_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import torch

    start = tmp_path / "start.npz"
    base = ["--data", str(VENDORED / "goemotions"), "--limit", "32", "--batch", "16"]
    assert tone_finetune.main([*base, "--steps", "1", "--eval-every", "1", "--export", str(start)]) == 0
    loaded = tone_finetune.Model()
    loaded.load(start)
    weights = TunedWeights.load(start)
    own = loaded.encoder.encoder.layer.state_dict()
    assert torch.equal(
        own["5.output.dense.weight"], torch.from_numpy(weights.tensors["layer.5.output.dense.weight"])
    )
    assert np.array_equal(loaded.head.weight.detach().numpy(), weights.tensors["head.weight"])
    capsys.readouterr()
    extra, dev = _labelled(tmp_path / "extra.jsonl", MAIL), _labelled(tmp_path / "dev.jsonl", MAIL[::-1])
    out = tmp_path / "continued.npz"
    more = ["--init", str(start), "--extra", str(extra), "--b2b-dev", str(dev), "--floor", "0"]
    assert tone_finetune.main([*base, *more, "--steps", "2", "--eval-every", "1", "--export", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "step 0: two dev sets" in printed and "step 2: two dev sets" in printed
    assert TunedWeights.load(out).first_layer == 0


def test_the_emotion_term_counts_only_rows_that_have_emotion_labels() -> None:
    import torch

    logits, targets = torch.tensor([0.3, -1.0, 2.0]), torch.tensor([1.0, 0.0, 1.0])
    emotions = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    has = torch.tensor([True, True, False])  # the last row is a B2B row: no emotion labels
    frustrated = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets)
    emotion_logits = torch.tensor([[2.0, -2.0], [-1.0, 0.5], [0.0, 0.0]])
    loss = tone_finetune.joint_loss(logits, targets, emotion_logits, emotions, has, 0.5)
    own = torch.nn.functional.binary_cross_entropy_with_logits(emotion_logits[:2], emotions[:2])
    assert float(loss) == pytest.approx(float(frustrated + 0.5 * own))
    # Whatever the unlabelled row's emotion logits, the loss does not move.
    moved = emotion_logits.clone()
    moved[2] = torch.tensor([9.0, -9.0])
    assert float(tone_finetune.joint_loss(logits, targets, moved, emotions, has, 0.5)) == float(loss)
    # A batch of B2B rows only, or weight 0: the frustrated BCE alone.
    none = torch.zeros(3, dtype=torch.bool)
    assert float(tone_finetune.joint_loss(logits, targets, emotion_logits, emotions, none, 0.5)) == float(
        frustrated
    )
    assert float(tone_finetune.joint_loss(logits, targets, emotion_logits, emotions, has, 0.0)) == float(
        frustrated
    )


def test_an_auxiliary_run_exports_the_binary_model_only_and_continues_with_its_emotion_head(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data", str(VENDORED / "goemotions"), "--limit", "32", "--batch", "16", "--aux-emotions", "0.5"]
    out = tmp_path / "aux.npz"
    assert tone_finetune.main([*base, "--steps", "1", "--eval-every", "1", "--export", str(out)]) == 0
    assert "auxiliary emotions W=0.5" in capsys.readouterr().out
    with np.load(out) as data:
        assert all(name.startswith(("layer.", "head.")) for name in data.files if "." in name)
        assert data["head.weight"].shape == (1, 384)
    with np.load(tone_finetune.aux_path(out)) as aux:
        assert aux["weight"].shape == (28, 384) and aux["bias"].shape == (28,)
        saved = aux["weight"]
    # A continued stage (--init) starts from the emotion head it was trained with, and B2B rows
    # (no emotion labels) mix in without error.
    loaded = tone_finetune.Model(aux_prior=np.full(28, 0.1))
    loaded.load(out)
    assert loaded.aux_head is not None
    assert np.array_equal(loaded.aux_head.weight.detach().numpy(), saved)
    extra = _labelled(tmp_path / "extra.jsonl", MAIL)
    more = ["--init", str(out), "--extra", str(extra), "--steps", "1", "--eval-every", "1"]
    assert tone_finetune.main([*base, *more, "--export", str(tmp_path / "continued.npz")]) == 0
