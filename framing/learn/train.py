"""`framing train`: both models from corpora/ (plus reviewed labels), with progress, written with
their cards into one directory."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from framing.learn.artifacts import cache_root, save_model, train_loaded
from framing.learn.perspective import train_perspective

CURRENT_POINTER = "current.json"


def progress_printer(total: int, enabled: bool) -> tuple[Callable[[str], None], Callable[[], None]]:
    """A step-wise progress bar on stderr (tqdm), or a silent one."""
    if not enabled:
        return (lambda message: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(total=total, file=sys.stderr, unit="step", desc="training")

    def step(message: str) -> None:
        bar.set_postfix_str(message)
        bar.update(1)

    return step, bar.close


def train_models(output: Path, extra_labels: list[Path] = (), *, progress: bool = True, evaluate: bool = True) -> dict:
    """Train the loaded-language and perspective models into ``output``; return the cards."""
    step, close = progress_printer(6 if evaluate else 5, progress)
    try:
        loaded, loaded_card = train_loaded(list(extra_labels), progress=step)
        if evaluate:
            step("evaluating on held-out topics")
            from framing.evaluate.loaded import corpus_cross_validation, summarise

            loaded_card["metrics"] = {"corpus_cv": _headline(summarise(corpus_cross_validation(folds=3)))}
        save_model(loaded, output, loaded_card)
        perspective, perspective_card = train_perspective(progress=step)
        save_model(perspective, output / "perspective", perspective_card)
    finally:
        close()
    return {"loaded_language": json.loads((output / "card.json").read_text()), "perspective": json.loads((output / "perspective" / "card.json").read_text())}


def _headline(result: dict) -> dict:
    return {
        "sentence_macro_f1": result["sentence_macro_f1"],
        "span_partial_f1": result["span_partial"]["f1"],
        "loaded_outscores_rewrite": result["loaded_outscores_rewrite"],
        "folds": result["folds"],
    }


def make_current(model_dir: Path) -> Path:
    """Make ``model_dir`` the model every later run uses by default (the dashboard's "confirm")."""
    pointer = cache_root() / CURRENT_POINTER
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(json.dumps({"model_dir": str(Path(model_dir).resolve())}), encoding="utf-8")
    return pointer


def current_model_dir() -> Path | None:
    pointer = cache_root() / CURRENT_POINTER
    if not pointer.exists():
        return None
    try:
        path = Path(json.loads(pointer.read_text(encoding="utf-8"))["model_dir"])
    except (ValueError, KeyError, OSError):
        return None
    return path if (path / "card.json").exists() else None
