"""The train and evaluate commands, run as a user would, on small slices."""

import json

import pytest

from framing.cli import main
from tests.conftest import SAMPLES


def test_train_then_analyze_with_the_new_model(tmp_path, capsys):
    out = tmp_path / "model"
    assert main(["train", "--output", str(out), "--no-evaluate"]) == 0
    card = json.loads((out / "card.json").read_text())
    assert card["kind"] == "loaded_language" and len(card["sha256"]) == 64
    assert card["training_data"]["sentences"] > 1000 and card["versions"]["scikit-learn"]
    assert (out / "perspective" / "card.json").exists()
    capsys.readouterr()
    assert main(["analyze", str(SAMPLES / "oped-loaded.txt"), "--model", str(out), "--format", "json"]) == 0
    flags = json.loads(capsys.readouterr().out)["flags"]
    assert any(f["kind"] == "loaded_language" for f in flags)


def test_corrupt_model_is_refused(tmp_path, capsys, pipeline):
    from framing.learn.artifacts import save_model

    directory = save_model(pipeline.loaded_model, tmp_path / "m", {"kind": "loaded_language"})
    (directory / "model.joblib").write_bytes(b"not a model")
    assert main(["analyze", str(SAMPLES / "wire-neutral.txt"), "--model", str(directory)]) == 10
    assert "checksum mismatch" in capsys.readouterr().err


def test_evaluate_loaded_on_a_slice(capsys):
    assert main(["evaluate", "loaded", "--dataset", "corpus", "--limit", "6", "--folds", "2", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert 0.5 < result["sentence_macro_f1"] <= 1.0
    assert set(result["per_category_overlap"]) >= {"labelling", "metaphor"}


def test_evaluate_attribution_on_a_slice(capsys):
    assert main(["evaluate", "attribution", "--limit", "3", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["split"] == "test" and result["articles"] == 3
    assert result["quote_spans_overlap"]["f1"] > 0.5


def test_evaluate_conflicts_on_a_slice(capsys, pipeline):
    from framing.evaluate.conflicts import load_eval_passages, score

    passages = [p for p in load_eval_passages() if p["dispute"] == "kashmir"][:10]
    result = score(passages, pipeline)
    baseline = score(passages, pipeline, lexicon_only=True)
    assert result["passages"] == 10 and set(result["accuracy_by_case"]) <= {"conflict", "own_side", "distancing", "reporter_voice", "neutral", "comment"}
    assert 0.0 <= result["passage"]["f1"] <= 1.0 and 0.0 <= baseline["passage"]["f1"] <= 1.0


def test_conflict_development_set_is_apart_from_the_held_out_set(pipeline):
    from framing.evaluate.conflicts import load_eval_passages, score

    dev, test = load_eval_passages(split="dev"), load_eval_passages(split="test")
    assert len(dev) >= 140 and len(test) >= 150
    assert not {p["id"] for p in dev} & {p["id"] for p in test}
    assert not {p["text"] for p in dev} & {p["text"] for p in test}
    result = score([p for p in dev if p["dispute"] == "russia_ukraine"][:8], pipeline)
    assert result["passages"] == 8
    with pytest.raises(ValueError):
        load_eval_passages(split="train")
